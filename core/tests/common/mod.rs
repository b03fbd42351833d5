//! What the core's integration tests share: reading repository files and comparing output with
//! committed expectations.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::disallowed_macros,
    reason = "tests read fixtures and write expectations; the IO ban is for the library"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
#![allow(dead_code, reason = "each test binary uses a different subset")]
#![allow(
    unreachable_pub,
    reason = "the helpers are `pub` as the module's interface; each test binary declares it privately"
)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent")
        .to_path_buf()
}

/// A path under `core/tests/`.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Reads a file as UTF-8.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Lists the files with extension `ext` in `dir`, sorted.
pub fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// Every file with extension `ext` under `dir`, at any depth, sorted.
pub fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in
            std::fs::read_dir(&next).unwrap_or_else(|e| panic!("list {}: {e}", next.display()))
        {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Compares `actual` with the committed file at `path`. With `UPDATE_GENERATED=1` in the
/// environment, writes `actual` there instead. Returns a description of the mismatch, if any.
pub fn check_file(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1") {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let first_diff = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    let shown = |text: &str| {
        text.lines()
            .nth(first_diff)
            .unwrap_or("<end of file>")
            .to_owned()
    };
    Some(format!(
        "{} is out of date (first difference at line {}):\n  committed: {}\n  generated: {}",
        path.display(),
        first_diff + 1,
        shown(&expected),
        shown(actual)
    ))
}

/// Asserts that every (path, contents) pair matches its committed file, listing all mismatches
/// and the command that regenerates them.
pub fn assert_files(pairs: &[(PathBuf, String)]) {
    let problems: Vec<String> = pairs
        .iter()
        .filter_map(|(path, actual)| check_file(path, actual))
        .collect();
    assert!(
        problems.is_empty(),
        "{}\n\nRegenerate with: UPDATE_GENERATED=1 cargo test -p hullcheck\n",
        problems.join("\n")
    );
}

/// Resolves an RFC 6901 pointer in a JSON value.
pub fn resolve<'a>(value: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    value.pointer(pointer)
}
