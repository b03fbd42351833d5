//! Every scanner report in `tests/corpus/vuln-*` parses into one vulnerability report subject
//! holding every vulnerability the report lists, and the gate rule `IMG050` decides as the
//! scanners' own gates do on the same report.
//!
//! The expected decisions are computed here from the raw JSON, following the scanners'
//! documented semantics, not from hullcheck's model:
//!
//! - `trivy image --severity <SET> [--ignore-unfixed] --exit-code 1`: fails when a
//!   vulnerability whose `Severity` is in the set survives; `--ignore-unfixed` drops statuses
//!   `affected`, `will_not_fix`, `fix_deferred`, `end_of_life` (reports without `Status`: an
//!   empty `FixedVersion`).
//! - `grype --fail-on <T> [--only-fixed]`: fails (exit 2) when a match's severity is at or
//!   above `T` (`Unknown` and unrecognised words never trip it); `--only-fixed` keeps only
//!   `fix.state == fixed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use hullcheck::{Bundle, Engine, Policy, Severity, Waiver};
use serde_json::{Value, json};

fn corpus(kind: &str) -> Vec<(String, String)> {
    let root = common::repo_root().join("tests/corpus").join(kind);
    let files = common::files_in(&root, "json");
    assert!(!files.is_empty(), "no corpus files in {}", root.display());
    files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                common::read(p),
            )
        })
        .collect()
}

/// `Results[].Vulnerabilities[]` (or the legacy top-level array's).
fn trivy_vulns(raw: &Value) -> Vec<&Value> {
    let results = match raw {
        Value::Array(items) => items.as_slice(),
        other => other["Results"].as_array().map_or(&[][..], Vec::as_slice),
    };
    results
        .iter()
        .flat_map(|r| r["Vulnerabilities"].as_array().into_iter().flatten())
        .collect()
}

fn trivy_fails(raw: &Value, severities: &[&str], ignore_unfixed: bool) -> usize {
    trivy_vulns(raw)
        .into_iter()
        .filter(|v| v["Status"] != "not_affected")
        .filter(|v| severities.contains(&v["Severity"].as_str().unwrap_or("UNKNOWN")))
        .filter(|v| {
            !ignore_unfixed
                || match v["Status"].as_str() {
                    Some(status) => !matches!(
                        status,
                        "affected" | "will_not_fix" | "fix_deferred" | "end_of_life"
                    ),
                    None => v["FixedVersion"].as_str().is_some_and(|f| !f.is_empty()),
                }
        })
        .count()
}

fn grype_rank(severity: &str) -> Option<u8> {
    match severity.to_ascii_lowercase().as_str() {
        "negligible" => Some(1),
        "low" => Some(2),
        "medium" => Some(3),
        "high" => Some(4),
        "critical" => Some(5),
        _ => None,
    }
}

fn grype_fails(raw: &Value, fail_on: &str, only_fixed: bool) -> usize {
    let threshold = grype_rank(fail_on).unwrap();
    raw["matches"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| &m["vulnerability"])
        .filter(|v| {
            grype_rank(v["severity"].as_str().unwrap_or("")).is_some_and(|r| r >= threshold)
        })
        .filter(|v| {
            !only_fixed
                || v["fix"]["state"] == "fixed"
                || (v.get("fix").is_none() && v["fixedInVersion"].is_string())
        })
        .count()
}

fn gate(text: &str, parameters: &Value, waivers: Vec<Waiver>) -> hullcheck::Report {
    let mut bundle = Bundle::new();
    bundle.add_json("report.json", text).unwrap();
    let mut policy = Policy {
        select: vec!["IMG050".to_owned()],
        waivers,
        ..Policy::default()
    };
    policy.parameters.insert(
        "IMG050".to_owned(),
        parameters
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    Engine::new(&policy).unwrap().evaluate(&bundle, None)
}

/// Findings that can trip the default gate (`fail_on: low`).
fn gating(report: &hullcheck::Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Low)
        .count()
}

#[test]
fn every_report_parses_with_every_vulnerability() {
    for (kind, count) in [
        ("vuln-trivy", trivy_vulns as fn(&Value) -> Vec<&Value>),
        ("vuln-grype", |raw: &Value| {
            raw["matches"].as_array().into_iter().flatten().collect()
        }),
    ] {
        for (name, text) in corpus(kind) {
            let mut bundle = Bundle::new();
            let added = bundle
                .add_json(&name, &text)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(added, 1, "{name}: one report subject");
            let reports = bundle.vulnerability_reports();
            let raw: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                reports[0].vulnerabilities.len(),
                count(&raw).len(),
                "{name}: every vulnerability read"
            );
            for v in &reports[0].vulnerabilities {
                assert!(!v.id.is_empty(), "{name}: vulnerability without id");
                assert!(
                    common::resolve(&raw, &v.pointer).is_some(),
                    "{name}: pointer {} does not resolve",
                    v.pointer
                );
            }
        }
    }
}

#[test]
fn trivy_gate_decisions_match_trivy() {
    let sets: [&[&str]; 4] = [
        &["CRITICAL"],
        &["HIGH", "CRITICAL"],
        &["LOW"],
        &["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"],
    ];
    let mut failing_cases = 0;
    for (name, text) in corpus("vuln-trivy") {
        let raw: Value = serde_json::from_str(&text).unwrap();
        for set in sets {
            for ignore_unfixed in [false, true] {
                // trivy image --severity <set> [--ignore-unfixed] --exit-code 1
                let expected = trivy_fails(&raw, set, ignore_unfixed);
                let report = gate(
                    &text,
                    &json!({"severities": set, "fixable_only": ignore_unfixed}),
                    Vec::new(),
                );
                let command = format!(
                    "{name}: trivy --severity {}{} --exit-code 1",
                    set.join(","),
                    if ignore_unfixed {
                        " --ignore-unfixed"
                    } else {
                        ""
                    }
                );
                assert_eq!(report.passed, expected == 0, "{command}");
                assert_eq!(
                    report.findings.len(),
                    expected,
                    "{command}: one finding per vulnerability"
                );
                failing_cases += usize::from(expected > 0);
            }
        }
    }
    assert!(failing_cases > 5, "the corpus exercises failing gates");
}

#[test]
fn grype_gate_decisions_match_grype() {
    let mut failing_cases = 0;
    for (name, text) in corpus("vuln-grype") {
        let raw: Value = serde_json::from_str(&text).unwrap();
        for threshold in ["negligible", "low", "medium", "high", "critical"] {
            for only_fixed in [false, true] {
                // grype <image> --fail-on <threshold> [--only-fixed]
                let expected = grype_fails(&raw, threshold, only_fixed);
                let report = gate(
                    &text,
                    &json!({"threshold": threshold, "fixable_only": only_fixed}),
                    Vec::new(),
                );
                let command = format!(
                    "{name}: grype --fail-on {threshold}{}",
                    if only_fixed { " --only-fixed" } else { "" }
                );
                assert_eq!(report.passed, expected == 0, "{command}");
                assert_eq!(gating(&report), expected, "{command}");
                failing_cases += usize::from(expected > 0);
            }
        }
    }
    assert!(failing_cases > 3, "the corpus exercises failing gates");
}

#[test]
fn trivy_threshold_counts_like_a_severity_set() {
    // --fail-on-style threshold `high` on a Trivy report equals --severity HIGH,CRITICAL.
    for (name, text) in corpus("vuln-trivy") {
        let raw: Value = serde_json::from_str(&text).unwrap();
        let expected = trivy_fails(&raw, &["HIGH", "CRITICAL"], false);
        let report = gate(&text, &json!({"threshold": "high"}), Vec::new());
        assert_eq!(gating(&report), expected, "{name}");
    }
}

#[test]
fn cve_waiver_suppresses_one_vulnerability() {
    let text = corpus("vuln-trivy")
        .into_iter()
        .find(|(n, _)| n == "trivy_schema2_image_debian_buster.json")
        .unwrap()
        .1;
    let open = gate(&text, &json!({"threshold": "critical"}), Vec::new());
    assert!(!open.passed);
    let finding = &open.findings[0];
    assert_eq!(finding.cve.as_deref(), Some("CVE-2019-18224"));
    assert_eq!(finding.package.as_deref(), Some("libidn2-0"));
    assert!(
        finding.message.contains("2.0.5-1+deb10u1"),
        "{}",
        finding.message
    );
    let waiver: Waiver = serde_json::from_value(json!({
        "rule": "IMG050",
        "cve": "cve-2019-18224",
        "package": "libidn2-*",
        "reason": "not reachable: no IDN input",
    }))
    .unwrap();
    let suppressed = gate(&text, &json!({"threshold": "critical"}), vec![waiver]);
    assert!(suppressed.passed);
    assert_eq!(suppressed.suppressed.len(), 1);
}

#[test]
fn malformed_reports_are_typed_errors() {
    for (text, pointer) in [
        (
            r#"{"SchemaVersion": 2, "ArtifactName": "alpine:3.20", "Results": {}}"#,
            "/Results",
        ),
        (r#"{"matches": 3, "source": {}}"#, "/matches"),
        (
            r#"{"version": "2.1.0", "runs": [{"results": "x"}]}"#,
            "/runs/0/results",
        ),
        (
            r#"[{"Target": "a", "Vulnerabilities": 1}]"#,
            "/0/Vulnerabilities",
        ),
    ] {
        let err = Bundle::new().add_json("r.json", text).unwrap_err();
        match &err {
            hullcheck::Error::InvalidInput {
                problem,
                kind,
                pointer: at,
                ..
            } => {
                assert_eq!(*problem, hullcheck::InputProblem::Type, "{text}");
                assert_eq!(
                    *kind,
                    Some(hullcheck::DocumentKind::VulnerabilityReport),
                    "{text}"
                );
                assert_eq!(at.as_deref(), Some(pointer), "{text}");
            }
            other => panic!("{text}: {other}"),
        }
    }
}

#[test]
fn label_waiver_reads_the_image_labels_trivy_recorded() {
    let text = corpus("vuln-trivy")
        .into_iter()
        .find(|(n, _)| n == "trivy_real_user_report_node_alpine_image.json")
        .unwrap()
        .1;
    let open = gate(&text, &json!({"threshold": "high"}), Vec::new());
    assert!(!open.findings.is_empty());
    let waiver = |label: &str| -> Waiver {
        serde_json::from_value(json!({
            "rule": "IMG050",
            "label": label,
            "reason": "tracked in the compose project's own ticket",
        }))
        .unwrap()
    };
    let matching = gate(
        &text,
        &json!({"threshold": "high"}),
        vec![waiver("com.docker.compose.service=app")],
    );
    assert!(matching.findings.is_empty());
    assert_eq!(matching.suppressed.len(), open.findings.len());
    let other = gate(
        &text,
        &json!({"threshold": "high"}),
        vec![waiver("com.docker.compose.service=db")],
    );
    assert_eq!(other.findings.len(), open.findings.len());
}

/// Every JSON pointer of `value`, parents first.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn mistyped_values_anywhere_give_a_report_or_a_typed_error() {
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!([1, "y"]),
    ];
    let mut tried = 0;
    for kind in ["vuln-trivy", "vuln-grype"] {
        for (name, text) in corpus(kind) {
            let raw: Value = serde_json::from_str(&text).unwrap();
            let mut all = Vec::new();
            pointers(&raw, "", &mut all);
            // Every pointer of the small reports, a spread of the larger ones.
            let step = (all.len() / 400).max(1);
            for ptr in all.iter().step_by(step) {
                for replacement in &replacements {
                    let mut doc = raw.clone();
                    if ptr.is_empty() {
                        doc = replacement.clone();
                    } else if let Some(slot) = doc.pointer_mut(ptr) {
                        *slot = replacement.clone();
                    }
                    let mut bundle = Bundle::new();
                    if bundle
                        .add_value_as(&name, hullcheck::DocumentKind::VulnerabilityReport, &doc)
                        .is_ok()
                    {
                        let engine = Engine::new(&Policy {
                            select: vec!["IMG05".to_owned()],
                            ..Policy::default()
                        })
                        .unwrap();
                        let _ = engine.evaluate(&bundle, None);
                    }
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 1000, "{tried} mutations");
}
