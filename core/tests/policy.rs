//! Policy resolution and waivers: what is an error, what is a diagnostic, and how waived
//! findings move to `suppressed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_pass_by_value,
    reason = "a failing test should stop loudly; json! values are built inline"
)]

use hullcheck::policy::DiagnosticCode;
use hullcheck::{Bundle, Engine, Error, Policy, Report, Severity, Timestamp};
use serde_json::json;

/// 2026-12-31T00:00:00Z.
const DEC_31: i64 = 1_798_675_200;
const DAY: i64 = 86_400;

/// Two privileged containers and one clean one, from one inspect array.
fn bundle() -> Bundle {
    let docs = json!([
        {"Id": "aaa111", "Name": "/web-1", "Image": "sha256:1",
         "Config": {"Image": "docker.io/library/nginx:1.27", "Labels": {"team": "platform", "tier": "edge"}},
         "HostConfig": {"Privileged": true}},
        {"Id": "bbb222", "Name": "/ci-runner", "Image": "sha256:2",
         "Config": {"Image": "docker:27-dind", "Labels": {"team": "build"}},
         "HostConfig": {"Privileged": true}},
        {"Id": "ccc333", "Name": "/clean", "Config": {"Image": "alpine:3.20"}, "HostConfig": {}}
    ]);
    let mut bundle = Bundle::new();
    bundle.add_json("inspect.json", &docs.to_string()).unwrap();
    bundle
}

fn policy(value: serde_json::Value) -> Result<Policy, Error> {
    Policy::from_json(&value.to_string())
}

/// Evaluates the bundle under `value`; unless the policy selects rules itself, only CFG001
/// (privileged-container) runs, so the tests read one rule's findings.
fn run(mut value: serde_json::Value, now: Option<i64>) -> Report {
    if let Some(map) = value.as_object_mut() {
        map.entry("select").or_insert_with(|| json!(["CFG001"]));
    }
    let engine = Engine::new(&policy(value).unwrap()).unwrap();
    engine.evaluate(&bundle(), now.map(Timestamp::from_unix_seconds))
}

fn policy_error(value: serde_json::Value) -> String {
    let result = policy(value).and_then(|p| Engine::new(&p));
    match result {
        Err(e @ Error::Policy { .. }) => e.to_string(),
        other => panic!("expected a policy error, got {other:?}"),
    }
}

fn codes(report: &Report) -> Vec<DiagnosticCode> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

fn subjects(findings: impl IntoIterator<Item = String>) -> Vec<String> {
    findings.into_iter().collect()
}

fn waived(report: &Report) -> Vec<String> {
    subjects(
        report
            .suppressed
            .iter()
            .map(|s| s.finding.subject.name.clone()),
    )
}

fn failing(report: &Report) -> Vec<String> {
    subjects(report.findings.iter().map(|f| f.subject.name.clone()))
}

#[test]
fn without_waivers_both_privileged_containers_fail() {
    let report = run(json!({}), None);
    assert_eq!(failing(&report), ["web-1", "ci-runner"]);
    assert!(report.suppressed.is_empty());
    assert!(report.diagnostics.is_empty());
    assert!(!report.passed);
}

#[test]
fn a_matched_waiver_moves_the_finding_to_suppressed_with_the_waiver() {
    let report = run(
        json!({"waivers": [{"rule": "CFG001", "subject": "ci-runner", "reason": "docker-in-docker build runner", "owner": "build-team"}]}),
        None,
    );
    assert_eq!(failing(&report), ["web-1"]);
    assert_eq!(waived(&report), ["ci-runner"]);
    let s = &report.suppressed[0];
    assert_eq!(s.waiver_index, 0);
    assert_eq!(s.waiver.reason, "docker-in-docker build runner");
    assert_eq!(s.waiver.owner.as_deref(), Some("build-team"));
    assert_eq!(s.finding.code, "CFG001");
    assert_eq!(report.summary.suppressed, 1);
    assert_eq!(report.summary.findings, 1);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    // Waived findings are still in the JSON report.
    assert!(report.to_json().contains("docker-in-docker build runner"));
}

#[test]
fn suppressed_findings_do_not_fail_the_gate() {
    let report = run(
        json!({"waivers": [{"rule": "privileged-container", "reason": "lab host, accepted"}]}),
        None,
    );
    assert!(report.findings.is_empty());
    assert_eq!(waived(&report), ["web-1", "ci-runner"]);
    assert!(report.passed);
}

#[test]
fn scope_patterns_select_subjects() {
    let cases = [
        (json!({"subject": "ci-*"}), vec!["ci-runner"]),
        (json!({"subject": "web-?"}), vec!["web-1"]),
        (json!({"subject": "bbb*"}), vec!["ci-runner"]),
        (json!({"subject": "*"}), vec!["web-1", "ci-runner"]),
        (json!({"image": "docker:*-dind"}), vec!["ci-runner"]),
        (json!({"image": "*/nginx:*"}), vec!["web-1"]),
        (json!({"label": "team=platform"}), vec!["web-1"]),
        (json!({"label": "team=b*"}), vec!["ci-runner"]),
        (json!({"label": "tier"}), vec!["web-1"]),
        (json!({"path": "inspect.json"}), vec!["web-1", "ci-runner"]),
        (
            json!({"path": "*.json", "label": "team=build"}),
            vec!["ci-runner"],
        ),
        // Every set field must match.
        (json!({"subject": "web-1", "image": "docker:*"}), vec![]),
        (json!({"path": "compose.yaml"}), vec![]),
        (json!({"label": "team=Platform"}), vec![]),
        (json!({"label": "owner"}), vec![]),
        // These subjects are about no package or CVE, so such scopes match nothing.
        (json!({"package": "*"}), vec![]),
        (json!({"cve": "CVE-*"}), vec![]),
    ];
    for (scope, expected) in cases {
        let mut waiver = json!({"rule": "CFG001", "reason": "test"});
        waiver
            .as_object_mut()
            .unwrap()
            .extend(scope.as_object().unwrap().clone());
        let report = run(json!({"waivers": [waiver]}), None);
        assert_eq!(waived(&report), expected, "scope {scope}");
        assert_eq!(
            report.findings.len() + report.suppressed.len(),
            2,
            "scope {scope}: every finding is either reported or suppressed"
        );
        let unused = codes(&report).contains(&DiagnosticCode::UnusedWaiver);
        assert_eq!(unused, expected.is_empty(), "scope {scope}");
    }
}

#[test]
fn waiver_rule_accepts_names_prefixes_and_families_but_not_other_rules() {
    for rule in [
        "CFG001",
        "cfg001",
        "privileged-container",
        "CFG",
        "configuration",
    ] {
        let report = run(json!({"waivers": [{"rule": rule, "reason": "r"}]}), None);
        assert_eq!(report.suppressed.len(), 2, "{rule}");
    }
    let report = run(json!({"waivers": [{"rule": "IMG", "reason": "r"}]}), None);
    assert!(report.suppressed.is_empty());
}

#[test]
fn the_first_matching_waiver_is_attached_and_later_ones_can_be_unused() {
    let report = run(
        json!({"waivers": [
            {"rule": "CFG001", "subject": "ci-*", "reason": "first"},
            {"rule": "CFG001", "subject": "ci-runner", "reason": "second"}
        ]}),
        None,
    );
    assert_eq!(report.suppressed[0].waiver.reason, "first");
    let unused: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::UnusedWaiver)
        .map(|d| d.waiver)
        .collect();
    assert_eq!(unused, [Some(1)]);
}

#[test]
fn an_unused_waiver_is_a_diagnostic() {
    let report = run(
        json!({"waivers": [{"rule": "CFG001", "subject": "gone-*", "reason": "old container"}]}),
        None,
    );
    assert_eq!(failing(&report).len(), 2);
    assert_eq!(codes(&report), [DiagnosticCode::UnusedWaiver]);
    let d = &report.diagnostics[0];
    assert_eq!(d.waiver, Some(0));
    assert_eq!(d.rule.as_deref(), Some("CFG001"));
    assert!(d.message.contains("matched no finding"), "{}", d.message);
}

#[test]
fn an_expired_waiver_stops_suppressing_and_is_reported() {
    let waiver = json!({"waivers": [{"rule": "CFG001", "subject": "ci-runner", "reason": "r", "expires": "2026-12-31"}]});
    // A date waiver holds through the last second of its day...
    let report = run(waiver.clone(), Some(DEC_31 + DAY - 1));
    assert_eq!(waived(&report), ["ci-runner"]);
    assert!(report.diagnostics.is_empty());
    // ...and stops at midnight after it.
    let report = run(waiver, Some(DEC_31 + DAY));
    assert!(report.suppressed.is_empty());
    assert_eq!(failing(&report), ["web-1", "ci-runner"]);
    assert_eq!(codes(&report), [DiagnosticCode::ExpiredWaiver]);
    assert!(report.diagnostics[0].message.contains("2026-12-31"));
    assert!(!report.passed);
}

#[test]
fn rfc3339_expiry_is_an_instant() {
    let waiver = json!({"waivers": [{"rule": "CFG001", "reason": "r", "expires": "2026-12-31T12:00:00+02:00"}]});
    let ten_utc = DEC_31 + 10 * 3600;
    assert_eq!(run(waiver.clone(), Some(ten_utc - 1)).suppressed.len(), 2);
    let report = run(waiver, Some(ten_utc));
    assert!(report.suppressed.is_empty());
    assert_eq!(codes(&report), [DiagnosticCode::ExpiredWaiver]);
}

#[test]
fn an_expiry_without_an_evaluation_time_does_not_suppress() {
    let report = run(
        json!({"waivers": [{"rule": "CFG001", "reason": "r", "expires": "2099-01-01"}]}),
        None,
    );
    assert!(report.suppressed.is_empty());
    assert_eq!(codes(&report), [DiagnosticCode::UncheckedExpiry]);
}

#[test]
fn an_unparseable_expiry_fails_closed() {
    for bad in [
        "31/12/2026",
        "2026-02-30",
        "next year",
        "2026-12-31T25:00:00Z",
        "",
    ] {
        let message =
            policy_error(json!({"waivers": [{"rule": "CFG001", "reason": "r", "expires": bad}]}));
        assert!(message.contains("waiver 0"), "{message}");
        assert!(message.contains("`expires`"), "{message}");
    }
}

#[test]
fn a_missing_or_empty_reason_is_an_error() {
    let message = policy_error(json!({"waivers": [{"rule": "CFG001"}]}));
    assert!(message.contains("missing field `reason`"), "{message}");
    for empty in ["", "   "] {
        let message = policy_error(json!({"waivers": [{"rule": "CFG001", "reason": empty}]}));
        assert!(message.contains("`reason` is empty"), "{message}");
    }
    let message = policy_error(json!({"waivers": [{"rule": " ", "reason": "r"}]}));
    assert!(message.contains("`rule` is empty"), "{message}");
    let message =
        policy_error(json!({"waivers": [{"rule": "CFG001", "reason": "r", "label": "=x"}]}));
    assert!(message.contains("no key"), "{message}");
    let message =
        policy_error(json!({"waivers": [{"rule": "CFG001", "reason": "r", "scope": "x"}]}));
    assert!(message.contains("unknown field `scope`"), "{message}");
}

#[test]
fn a_waiver_for_an_unknown_rule_is_a_diagnostic_with_a_suggestion() {
    let report = run(
        json!({"waivers": [{"rule": "privileged-containr", "reason": "r"}]}),
        None,
    );
    assert_eq!(report.suppressed.len(), 0);
    assert_eq!(codes(&report), [DiagnosticCode::UnknownRule]);
    assert_eq!(
        report.diagnostics[0].suggestion.as_deref(),
        Some("privileged-container")
    );
}

#[test]
fn waivers_never_add_a_finding() {
    let waivers = json!([
        {"rule": "CFG001", "reason": "r"},
        {"rule": "CFG001", "subject": "clean", "reason": "r"},
        {"rule": "CFG", "label": "team", "reason": "r"},
        {"rule": "configuration", "image": "alpine:*", "reason": "r"},
        {"rule": "CFG001", "expires": "2000-01-01", "reason": "r"},
        {"rule": "CFG001", "cve": "CVE-2024-3094", "reason": "r"},
        {"rule": "nonexistent", "reason": "r"}
    ]);
    let baseline = run(json!({}), Some(DEC_31));
    let base_fingerprints: Vec<_> = baseline.findings.iter().map(|f| &f.fingerprint).collect();
    for i in 0..waivers.as_array().unwrap().len() {
        let subset: Vec<_> = waivers.as_array().unwrap()[..=i].to_vec();
        let report = run(json!({"waivers": subset}), Some(DEC_31));
        let mut all: Vec<_> = report
            .findings
            .iter()
            .chain(report.suppressed.iter().map(|s| &s.finding))
            .map(|f| &f.fingerprint)
            .collect();
        all.sort();
        let mut expected = base_fingerprints.clone();
        expected.sort();
        assert_eq!(all, expected, "waivers 0..={i}");
        assert_eq!(report.outcomes, baseline.outcomes, "waivers 0..={i}");
    }
    // The clean container has no finding to waive, whatever the waiver says.
    let report = run(
        json!({"waivers": [{"rule": "CFG001", "subject": "clean", "reason": "r"}]}),
        None,
    );
    assert!(report.suppressed.is_empty());
    assert!(!report.findings.iter().any(|f| f.subject.name == "clean"));
}

#[test]
fn unknown_selectors_are_diagnostics_with_suggestions() {
    let report = run(
        json!({"select": ["CFG", "privilegd-container"], "ignore": ["CFG999x"], "severity": {"nope": "low"}, "parameters": {"privileged-contaner": {}}}),
        None,
    );
    assert_eq!(
        codes(&report),
        [
            DiagnosticCode::UnknownRule,
            DiagnosticCode::UnknownRule,
            DiagnosticCode::UnknownRule,
            DiagnosticCode::UnknownRule
        ]
    );
    let first = &report.diagnostics[0];
    assert_eq!(first.suggestion.as_deref(), Some("privileged-container"));
    assert!(
        first
            .message
            .contains("did you mean `privileged-container`?")
    );
    // The rest of the policy still applies: the CFG family runs, privileged containers fail.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.code == "CFG001")
            .count(),
        2
    );
    assert!(report.findings.iter().all(|f| f.code.starts_with("CFG")));
}

#[test]
fn an_ignore_that_removes_every_selected_rule_is_an_error() {
    let message = policy_error(json!({"select": ["CFG001"], "ignore": ["privileged-container"]}));
    assert!(message.contains("`ignore` removes every rule"), "{message}");
    let message = policy_error(json!({"ignore": ["CFG", "IMG", "MON"]}));
    assert!(message.contains("would run nothing"), "{message}");
    // Leaving one rule is a policy like any other.
    let policy = policy(json!({"select": ["CFG001", "CFG002"], "ignore": ["CFG002"]})).unwrap();
    let engine = Engine::new(&policy).unwrap();
    let codes: Vec<&str> = engine.rules().iter().map(|r| r.code).collect();
    assert_eq!(codes, ["CFG001"]);
}

#[test]
fn a_selection_of_only_unknown_rules_is_an_error() {
    let message = policy_error(json!({"select": ["privilegd-container"]}));
    assert!(message.contains("would run nothing"), "{message}");
    assert!(
        message.contains("did you mean `privileged-container`?"),
        "{message}"
    );
}

#[test]
fn hard_errors_for_shapes_profiles_and_parameters() {
    assert!(policy_error(json!({"selct": ["CFG"]})).contains("unknown field `selct`"));
    assert!(policy_error(json!({"extends": "lenient"})).contains("unknown variant `lenient`"));
    assert!(policy_error(json!({"fail_on": "severe"})).contains("unknown variant `severe`"));
    assert!(
        policy_error(json!({"parameters": {"CFG001": {"threshold": 3}}}))
            .contains("has no parameter `threshold`")
    );
}

#[test]
fn parameters_are_checked_against_their_declared_types() {
    for (value, expected) in [
        (
            json!({"CFG023": {"max_retries": "5"}}),
            "expects an integer",
        ),
        (
            json!({"CFG023": {"max_retries": 2.5}}),
            "expects an integer",
        ),
        (
            json!({"CFG004": {"capabilities": ["SYS_ADMIN", 7]}}),
            "expects a list of strings",
        ),
        (
            json!({"MON030": {"schema": "oci"}}),
            "expects a label schema object",
        ),
        (
            json!({"IMG050": {"fixable_only": "yes"}}),
            "expects a boolean",
        ),
    ] {
        let message = policy_error(json!({"parameters": value.clone()}));
        assert!(message.contains(expected), "{value}: {message}");
    }
    // A `null` schema is the rule's built-in one: no error.
    assert!(policy(json!({"parameters": {"MON030": {"schema": null}}})).is_ok());
}

#[test]
fn policy_errors_name_the_key_at_fault() {
    let at = |value: serde_json::Value| match Policy::from_value(&value)
        .and_then(|p| p.resolve().map(|_| ()))
    {
        Err(e @ Error::Policy { .. }) => e.pointer().map(str::to_owned),
        other => panic!("{value}: expected a policy error, got {other:?}"),
    };
    assert_eq!(
        at(json!({"parameters": {"CFG023": {"max_retries": "5"}}})).as_deref(),
        Some("/parameters/CFG023/max_retries")
    );
    assert_eq!(
        at(json!({"waivers": [{"rule": "CFG001", "reason": "ok"}, {"rule": "CFG001", "reason": ""}]}))
            .as_deref(),
        Some("/waivers/1")
    );
    assert_eq!(
        at(json!({"select": ["NOPE999"]})).as_deref(),
        Some("/select")
    );
    assert_eq!(
        at(json!({"severity": {"CFG001": "severe"}})).as_deref(),
        Some("/severity/CFG001")
    );
    assert_eq!(
        at(json!({"waivers": [{"rule": "CFG001", "reason": "r", "color": "red"}]})).as_deref(),
        Some("/waivers/0/color")
    );
    // The same from text, and the message says where.
    let err = Policy::from_json(r#"{"fail_on": "severe"}"#).unwrap_err();
    assert_eq!(err.pointer(), Some("/fail_on"));
    assert!(err.to_string().ends_with("(at /fail_on)"), "{err}");
}

#[test]
fn severity_overrides_and_thresholds() {
    let report = run(json!({"severity": {"CFG": "low"}}), None);
    assert!(report.findings.iter().all(|f| f.severity == Severity::Low));
    // The most specific key wins.
    let report = run(
        json!({"severity": {"configuration": "info", "CFG001": "medium"}}),
        None,
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Medium)
    );
    // Gate on high: a finding lowered to medium no longer fails it.
    let report = run(
        json!({"severity": {"CFG001": "medium"}, "fail_on": "high"}),
        None,
    );
    assert!(report.passed);
    // A report threshold above the findings hides them, but they still fail the gate.
    let report = run(
        json!({"report_on": "critical", "severity": {"CFG001": "high"}, "fail_on": "high"}),
        None,
    );
    assert!(report.findings.is_empty());
    assert_eq!(report.summary.below_report_threshold, 2);
    assert!(!report.passed);
}

#[test]
fn profiles_select_rules() {
    let baseline = Engine::new(&policy(json!({"extends": "baseline"})).unwrap()).unwrap();
    assert!(baseline.rules().iter().any(|r| r.code == "CFG001"));
    let strict = Engine::new(&policy(json!({"extends": "strict"})).unwrap()).unwrap();
    assert_eq!(strict.rules().len(), hullcheck::catalog().len());
    let ignored =
        Engine::new(&policy(json!({"extends": "strict", "ignore": ["CFG001"]})).unwrap()).unwrap();
    assert!(!ignored.rules().iter().any(|r| r.code == "CFG001"));
}

#[test]
fn parameters_for_a_rule_that_does_not_run_are_a_diagnostic() {
    let report = run(
        json!({"select": ["CFG001", "CFG002"], "ignore": ["CFG001"], "parameters": {"CFG001": {}}}),
        None,
    );
    assert_eq!(codes(&report), [DiagnosticCode::UnusedParameters]);
}

#[test]
fn an_empty_bundle_is_an_input_diagnostic() {
    let report = Engine::default().evaluate(&Bundle::new(), None);
    assert_eq!(codes(&report), [DiagnosticCode::EmptyInput]);
    assert_eq!(
        report.diagnostics[0].origin,
        hullcheck::policy::DiagnosticOrigin::Input
    );
}
