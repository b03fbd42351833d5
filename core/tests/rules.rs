//! Runs every rule's fixture file: `fixtures/<family>/<CODE>-<name>.json`.
//!
//! A fixture file holds cases. Each case gives one document (`document`, any JSON the caller
//! could pass) or several (`documents`, one bundle), and/or one text document (`text`, such as
//! a Dockerfile, added last under the name `source`, `Dockerfile` by default), an optional
//! `policy` (rule parameters), and
//! the expected `outcome` of the rule on the first subject: `fail`, `pass`, `not_applicable` or
//! `missing_input`. A case may give the evaluation time as `now`. Cases may also pin the number of `findings` and a text the `evidence` must
//! contain, and a text the `remediation` of some finding must contain. Every finding's pointer must resolve in the case's document, and the findings of
//! all cases are compared with `snapshots/rules/<CODE>.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeSet;

use hullcheck::{Bundle, Engine, OutcomeStatus, Policy};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    note: String,
    #[serde(default)]
    document: Option<serde_json::Value>,
    #[serde(default)]
    documents: Vec<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    source: Option<String>,
    /// More text documents (a compose file and the Dockerfile it builds), each with its source.
    #[serde(default)]
    texts: Vec<TextDocument>,
    #[serde(default)]
    parameters: Option<serde_json::Map<String, serde_json::Value>>,
    outcome: OutcomeStatus,
    #[serde(default)]
    findings: Option<usize>,
    #[serde(default)]
    evidence: Option<String>,
    /// A text some finding's remediation must contain.
    #[serde(default)]
    remediation: Option<String>,
    /// The evaluation time (RFC 3339), for rules about ages.
    #[serde(default)]
    now: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextDocument {
    source: String,
    text: String,
}

fn fixture_files() -> Vec<std::path::PathBuf> {
    let root = common::tests_dir().join("fixtures");
    let mut files = Vec::new();
    for family in ["config", "images", "monitoring"] {
        let dir = root.join(family);
        if dir.is_dir() {
            files.extend(common::files_in(&dir, "json"));
        }
    }
    files
}

/// Checks one rule's fixture file against the rule, and its snapshot.
fn check_fixture(code: &str) {
    let path = &fixture_files()
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{code}-")))
        })
        .unwrap_or_else(|| panic!("no fixture file for {code}"));
    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    let code = code.to_owned();
    let rule = hullcheck::rules::find(&code)
        .unwrap_or_else(|| panic!("{}: no rule {code}", path.display()));
    let file: FixtureFile = serde_json::from_str(&common::read(path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut snapshot = Vec::new();
    for (i, case) in file.cases.iter().enumerate() {
        let label = format!("{code} case {i} ({})", case.note);
        let docs: Vec<&serde_json::Value> =
            case.document.iter().chain(case.documents.iter()).collect();
        assert!(
            !docs.is_empty() || case.text.is_some() || !case.texts.is_empty(),
            "{label}: no document"
        );
        let mut bundle = Bundle::new();
        for (n, doc) in docs.iter().enumerate() {
            let text = serde_json::to_string(doc).unwrap();
            if let Err(e) = bundle.add_json(&format!("doc{n}"), &text) {
                failures.push(format!("{label}: document {n} rejected: {e}"));
            }
        }
        if let Some(text) = &case.text {
            let source = case.source.as_deref().unwrap_or("Dockerfile");
            if let Err(e) = bundle.add_json(source, text) {
                failures.push(format!("{label}: text document rejected: {e}"));
            }
        }
        for doc in &case.texts {
            if let Err(e) = bundle.add_json(&doc.source, &doc.text) {
                failures.push(format!("{label}: {} rejected: {e}", doc.source));
            }
        }
        let mut policy = Policy {
            select: vec![code.clone()],
            ..Policy::default()
        };
        if let Some(params) = &case.parameters {
            policy.parameters.insert(
                code.clone(),
                params.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            );
        }
        let engine = Engine::new(&policy).unwrap_or_else(|e| panic!("{label}: {e}"));
        let now = case
            .now
            .as_deref()
            .map(|t| hullcheck::Timestamp::parse(t).unwrap_or_else(|e| panic!("{label}: {e}")));
        let report = engine.evaluate(&bundle, now);
        let outcome = report.outcomes.iter().find(|o| o.code == rule.code);
        let Some(outcome) = outcome else {
            failures.push(format!("{label}: no outcome"));
            continue;
        };
        if outcome.status != case.outcome {
            failures.push(format!(
                "{label}: expected {:?}, got {:?} ({:?}); findings: {:?}",
                case.outcome,
                outcome.status,
                outcome.reason,
                report
                    .findings
                    .iter()
                    .map(|f| &f.message)
                    .collect::<Vec<_>>()
            ));
        }
        if let Some(n) = case.findings
            && report.findings.len() != n
        {
            failures.push(format!(
                "{label}: expected {n} findings, got {}",
                report.findings.len()
            ));
        }
        if let Some(needle) = &case.evidence
            && !report.findings.iter().any(|f| {
                f.evidence
                    .as_deref()
                    .is_some_and(|e| e.contains(needle.as_str()))
            })
        {
            failures.push(format!("{label}: no evidence contains {needle:?}"));
        }
        if let Some(needle) = &case.remediation
            && !report
                .findings
                .iter()
                .any(|f| f.remediation.contains(needle.as_str()))
        {
            failures.push(format!(
                "{label}: no remediation contains {needle:?}; remediations: {:?}",
                report
                    .findings
                    .iter()
                    .map(|f| &f.remediation)
                    .collect::<Vec<_>>()
            ));
        }
        for finding in &report.findings {
            if let Some(ptr) = &finding.location.pointer {
                let source = &finding.location.source;
                // `docN`, or the source of a document inside a collection.
                let document = match source.trim_start_matches("doc").parse::<usize>() {
                    Ok(n) => docs[n],
                    Err(_) => docs
                        .iter()
                        .filter_map(|d| d["documents"].as_array())
                        .flatten()
                        .find(|d| d["source"] == source.as_str())
                        .map_or_else(
                            || panic!("{label}: no document named {source}"),
                            |d| &d["document"],
                        ),
                };
                if common::resolve(document, ptr).is_none() {
                    failures.push(format!("{label}: pointer {ptr} does not resolve"));
                }
            }
        }
        snapshot.push(serde_json::json!({
            "note": case.note,
            "outcome": outcome.status,
            "findings": report.findings.iter().map(|f| serde_json::json!({
                "severity": f.severity,
                "message": f.message,
                "location": f.location,
                "evidence": f.evidence,
            })).collect::<Vec<_>>(),
        }));
    }
    let outcomes: BTreeSet<String> = file
        .cases
        .iter()
        .map(|c| format!("{:?}", c.outcome))
        .collect();
    if !outcomes.contains("Fail") || !outcomes.contains("Pass") {
        failures.push(format!(
            "{}: needs at least one `fail` and one `pass` case",
            path.display()
        ));
    }
    let mut text = serde_json::to_string_pretty(&snapshot).unwrap();
    text.push('\n');
    snapshots.push((
        common::tests_dir()
            .join("snapshots/rules")
            .join(format!("{code}.json")),
        text,
    ));
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
    common::assert_files(&snapshots);
}

/// One test per rule fixture, named by the rule's code, so `cargo test CFG001` runs one.
macro_rules! fixture_tests {
    ($($code:ident),* $(,)?) => {
        $(
            #[test]
            #[allow(non_snake_case, reason = "the test is named by the rule's code")]
            fn $code() {
                check_fixture(stringify!($code));
            }
        )*

        /// The codes the tests above check.
        const TESTED: &[&str] = &[$(stringify!($code)),*];
    };
}

fixture_tests!(
    CFG001, CFG002, CFG003, CFG004, CFG005, CFG006, CFG007, CFG008, CFG009, CFG010, CFG011, CFG012,
    CFG013, CFG014, CFG015, CFG016, CFG017, CFG018, CFG019, CFG020, CFG021, CFG022, CFG023, CFG024,
    CFG025, CFG026, CFG027, CFG030, CFG031, CFG032, CFG033, CFG034, CFG035, CFG036, CFG037, CFG038,
    CFG040, CFG041, CFG042, CFG043, CFG044, CFG045, CFG046, CFG047, CFG048, CFG049, CFG050, CFG051,
    CFG052, CFG053, CFG054, CFG055, CFG056, CFG057, CFG058, CFG059, CFG060, CFG061, CFG062, CFG063,
    CFG064, CFG070, CFG071, CFG072, CFG073, CFG074, CFG075, CFG100, CFG101, CFG102, CFG103, CFG119,
    IMG001, IMG002, IMG003, IMG004, IMG005, IMG006, IMG007, IMG008, IMG009, IMG010, IMG011, IMG012,
    IMG013, IMG014, IMG015, IMG016, IMG017, IMG018, IMG019, IMG020, IMG021, IMG022, IMG050, IMG051,
    IMG052, MON001, MON002, MON003, MON004, MON005, MON006, MON010, MON011, MON012, MON013, MON030,
    MON031,
);

#[test]
fn every_fixture_file_has_its_test() {
    let files: Vec<String> = fixture_files()
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.split('-').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        files, TESTED,
        "add the new fixture's code to the fixture_tests! list (sorted)"
    );
}
