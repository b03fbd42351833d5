//! Every real-world document in `tests/corpus/` parses, and its outcomes match the committed
//! snapshot in `snapshots/corpus/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::fmt::Write as _;

use hullcheck::{Bundle, Engine, OutcomeStatus};

/// One line per outcome: `CODE status subject`, plus the findings with their pointers; compact
/// enough to review, complete enough to catch any change of verdict.
fn outcome_digest(name: &str, text: &str) -> String {
    let mut bundle = Bundle::new();
    let subjects = bundle
        .add_json(name, text)
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    assert!(subjects > 0, "{name} holds no subject");
    let report = Engine::default().evaluate(&bundle, None);
    let mut out = format!("# {name}: {subjects} subject(s)\n");
    for o in &report.outcomes {
        let subject = o
            .subject
            .and_then(|i| report.subjects.get(i))
            .map_or("-", |s| s.name.as_str());
        let status = match o.status {
            OutcomeStatus::Fail => "fail",
            OutcomeStatus::Pass => "pass",
            OutcomeStatus::NotApplicable => "not_applicable",
            OutcomeStatus::MissingInput => "missing_input",
        };
        let _ = writeln!(out, "{} {status} {subject}", o.code);
    }
    for f in &report.findings {
        let _ = writeln!(
            out,
            "finding {} {} {} {} :: {}",
            f.code,
            f.severity,
            f.subject.name,
            f.location.pointer.as_deref().unwrap_or("-"),
            f.message
        );
    }
    out
}

#[test]
fn corpus_container_documents_parse_and_keep_their_outcomes() {
    let dir = common::repo_root().join("tests/corpus/container-inspect");
    let files = common::files_in(&dir, "json");
    assert!(
        files.len() >= 20,
        "expected the licensed container corpus, found {}",
        files.len()
    );
    let mut snapshots = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = common::read(&path);
        let digest = outcome_digest(&name, &text);
        snapshots.push((
            common::tests_dir()
                .join("snapshots/corpus/container-inspect")
                .join(format!("{name}.txt")),
            digest,
        ));
    }
    common::assert_files(&snapshots);
}

#[test]
fn every_corpus_finding_pointer_resolves_in_its_document() {
    let dir = common::repo_root().join("tests/corpus/container-inspect");
    for path in common::files_in(&dir, "json") {
        let text = common::read(&path);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let report = hullcheck::evaluate(&text).unwrap();
        for f in &report.findings {
            let ptr = f.location.pointer.as_deref().unwrap();
            assert!(
                value.pointer(ptr).is_some(),
                "{}: {} points at {ptr}, which is not in the document",
                path.display(),
                f.code
            );
        }
    }
}
