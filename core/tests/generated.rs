//! The files in `spec/` are generated from the code; this test fails when they drift.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

#[test]
fn spec_files_are_up_to_date() {
    let pairs: Vec<_> = hullcheck::spec::artifacts()
        .into_iter()
        .map(|(path, contents)| (common::repo_root().join(path), contents))
        .collect();
    common::assert_files(&pairs);
}
