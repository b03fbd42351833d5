//! Runs the language-neutral conformance cases in `spec/cases/` (the Python and Node suites run
//! the same files).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeMap;

use hullcheck::{Bundle, DocumentKind, Engine, Error, Policy, Timestamp};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code, reason = "documentation for humans")]
    description: String,
    documents: Vec<Document>,
    #[serde(default)]
    policy: Option<serde_json::Value>,
    #[serde(default)]
    now: Option<i64>,
    expect: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    source: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    content: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
}

fn run(case: &Case) -> Result<serde_json::Value, Error> {
    let mut bundle = Bundle::new();
    for doc in &case.documents {
        let text = match (&doc.content, &doc.text) {
            (Some(value), None) => serde_json::to_string(value).unwrap(),
            (None, Some(text)) => text.clone(),
            _ => panic!("a document has exactly one of `content` and `text`"),
        };
        match &doc.kind {
            Some(kind) => {
                let kind = DocumentKind::from_name(kind).expect("known kind");
                bundle.add_json_as(&doc.source, kind, &text)?;
            }
            None => {
                bundle.add_json(&doc.source, &text)?;
            }
        }
    }
    let policy = match &case.policy {
        Some(p) => Policy::from_json(&p.to_string())?,
        None => Policy::default(),
    };
    let report =
        Engine::new(&policy)?.evaluate(&bundle, case.now.map(Timestamp::from_unix_seconds));
    Ok(serde_json::to_value(&report).unwrap())
}

fn project(report: &serde_json::Value, expect: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert("passed".into(), report["passed"].clone());
    let findings: Vec<serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f["code"],
                "subject": f["subject"]["name"],
                "severity": f["severity"],
                "location": f["location"],
            })
        })
        .collect();
    if expect.get("findings").is_some() {
        out.insert("findings".into(), findings.into());
    }
    if let Some(wanted) = expect.get("outcomes").and_then(|o| o.as_object()) {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for o in report["outcomes"].as_array().unwrap() {
            *counts
                .entry(o["status"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        let picked: serde_json::Map<String, serde_json::Value> = wanted
            .keys()
            .map(|k| (k.clone(), counts.get(k).copied().unwrap_or(0).into()))
            .collect();
        out.insert("outcomes".into(), picked.into());
    }
    out.into()
}

#[test]
fn every_conformance_case_holds() {
    let dir = common::repo_root().join("spec/cases");
    let files = common::files_in(&dir, "json");
    assert!(
        !files.is_empty(),
        "no conformance cases in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Case =
            serde_json::from_str(&common::read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
        match (run(&case), case.expect.get("error")) {
            (Ok(report), None) => {
                let got = project(&report, &case.expect);
                if got != case.expect {
                    failures.push(format!(
                        "{name}:\n  expected {}\n  got      {got}",
                        case.expect
                    ));
                }
            }
            (Ok(_), Some(err)) => {
                failures.push(format!("{name}: expected error {err}, got a report"));
            }
            (Err(e), None) => failures.push(format!("{name}: unexpected error: {e}")),
            (Err(e), Some(err)) => {
                let Error::InvalidInput {
                    problem, pointer, ..
                } = &e
                else {
                    if err["kind"] != e.kind().as_str() {
                        failures.push(format!("{name}: expected {err}, got {e}"));
                    }
                    continue;
                };
                let kind_ok = err["kind"] == e.kind().as_str();
                let problem_ok = err.get("problem").is_none_or(|p| p == problem.as_str());
                let pointer_ok = err
                    .get("pointer")
                    .is_none_or(|p| Some(p.as_str().unwrap()) == pointer.as_deref());
                if !(kind_ok && problem_ok && pointer_ok) {
                    failures.push(format!(
                        "{name}: expected error {err}, got {e} ({problem}, {pointer:?})"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
}
