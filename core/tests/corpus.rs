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
    digest_bundle(name, text, &mut bundle)
}

fn digest_bundle(name: &str, text: &str, bundle: &mut Bundle) -> String {
    let subjects = bundle
        .add_json(name, text)
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    assert!(subjects > 0, "{name} holds no subject");
    let report = Engine::default().evaluate(bundle, None);
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
            f.location.pointer.clone().unwrap_or_else(|| format!(
                "{}:{}",
                f.location.line.unwrap_or(0),
                f.location.column.unwrap_or(0)
            )),
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

/// Every corpus document of `kind` (a directory of `tests/corpus/`) parses; its outcomes match
/// `snapshots/corpus/<kind>/`.
fn corpus_kind_keeps_outcomes(kind: &str, ext: &[&str], at_least: usize) {
    let dir = common::repo_root().join("tests/corpus").join(kind);
    let mut files = Vec::new();
    for e in ext {
        files.extend(common::files_in(&dir, e));
    }
    files.sort();
    assert!(
        files.len() >= at_least,
        "expected the licensed {kind} corpus, found {}",
        files.len()
    );
    let mut snapshots = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = common::read(&path);
        let digest = outcome_digest(&name, &text);
        snapshots.push((
            common::tests_dir()
                .join("snapshots/corpus")
                .join(kind)
                .join(format!("{name}.txt")),
            digest,
        ));
    }
    common::assert_files(&snapshots);
}

#[test]
fn corpus_compose_files_parse_and_keep_their_outcomes() {
    corpus_kind_keeps_outcomes("compose", &["yml", "yaml"], 14);
}

#[cfg(feature = "oci")]
#[test]
fn corpus_oci_runtime_configs_parse_and_keep_their_outcomes() {
    corpus_kind_keeps_outcomes("oci-runtime", &["json"], 6);
}

#[test]
fn corpus_seccomp_profiles_parse_and_keep_their_outcomes() {
    corpus_kind_keeps_outcomes("seccomp", &["json"], 5);
}

#[test]
fn corpus_compose_findings_carry_line_and_column() {
    let dir = common::repo_root().join("tests/corpus/compose");
    let mut files = common::files_in(&dir, "yml");
    files.extend(common::files_in(&dir, "yaml"));
    let mut seen = 0;
    for path in files {
        let text = common::read(&path);
        let report = hullcheck::evaluate(&text).unwrap();
        for f in &report.findings {
            seen += 1;
            assert!(f.location.pointer.is_none(), "{}: {f:?}", path.display());
            let line = f.location.line.unwrap() as usize;
            let column = f.location.column.unwrap() as usize;
            let at = text.lines().nth(line - 1).unwrap();
            assert!(
                column >= 1 && column <= at.len() + 1,
                "{}: {line}:{column}",
                path.display()
            );
        }
    }
    assert!(seen > 0, "no compose finding to check");
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
