//! The renderers: SARIF validated against the official schema, JUnit, Markdown, the
//! compliance view, and the guarantee that no secret value reaches any output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeMap;

use hullcheck::document::{Container, Origin};
use hullcheck::report::ControlStatus;
use hullcheck::{Bundle, Engine, Format, Policy, Report, Timestamp};
use serde_json::{Value, json};

const CANARY_PASSWORD: &str = "Cn4ry-pa55w0rd-7f3a91";
const CANARY_LABEL: &str = "cn4ry-label-value-0c2e";
const CANARY_ARG: &str = "cn4ry-arg-token-55aa";

/// Inspect output with secrets in the environment, labels and arguments; a compose-like
/// container with line positions; a clean container.
fn mixed_bundle() -> Bundle {
    let inspect = json!([
        {"Id": "0123456789abcdef", "Name": "/db <&\"main\">",
         "Path": "postgres", "Args": [format!("--password={CANARY_ARG}")],
         "Config": {"Image": "postgres:16",
                    "Env": [format!("DB_PASSWORD={CANARY_PASSWORD}"), "PGDATA=/var/lib/postgresql/data"],
                    "Labels": {"com.example.secret": CANARY_LABEL}},
         "HostConfig": {"Privileged": true}},
        {"Id": "fedcba9876543210", "Name": "/ci-runner",
         "Config": {"Image": "docker:27-dind", "Env": [format!("API_TOKEN={CANARY_PASSWORD}")]},
         "HostConfig": {"Privileged": true}},
        {"Id": "aaaa", "Name": "/clean", "Config": {"Image": "alpine:3.20"}, "HostConfig": {}}
    ]);
    let mut bundle = Bundle::new();
    bundle
        .add_json("inspect.json", &inspect.to_string())
        .unwrap();
    let mut compose = Container::default();
    "web".clone_into(&mut compose.name);
    compose.origin = Origin {
        source: "deploy/compose.yaml".to_owned(),
        base_pointer: String::new(),
        positions: BTreeMap::from([
            (String::new(), (3, 3)),
            ("/HostConfig/Privileged".to_owned(), (7, 5)),
        ]),
    };
    compose.host_config.privileged = true;
    compose.config.env = vec![format!("SECRET_KEY={CANARY_PASSWORD}")];
    bundle.add_container(compose);
    bundle
}

fn mixed_report() -> Report {
    let policy = Policy::from_json(
        &json!({
            "select": ["CFG001", "privileged-containr"],
            "waivers": [
                {"rule": "CFG001", "subject": "ci-runner", "reason": "docker-in-docker <build> runner & co", "owner": "build", "expires": "2027-06-30"},
                {"rule": "CFG001", "subject": "gone", "reason": "old"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    Engine::new(&policy).unwrap().evaluate(
        &mixed_bundle(),
        Some(Timestamp::from_unix_seconds(1_798_675_200)),
    )
}

#[test]
fn the_mixed_report_has_findings_waivers_and_diagnostics() {
    let report = mixed_report();
    assert_eq!(report.findings.len(), 2);
    assert_eq!(report.suppressed.len(), 1);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["unknown-rule", "unused-waiver"]);
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&common::read(
        &common::repo_root().join("spec/vendor/sarif-schema-2.1.0.json"),
    ))
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is invalid:\n{}",
        errors.join("\n")
    );
    log
}

#[test]
fn sarif_of_a_mixed_bundle_validates_and_locates_every_result() {
    let report = mixed_report();
    let log = assert_valid_sarif(&report.render(Format::Sarif));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), hullcheck::catalog().len());
    for rule in rules {
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "two findings and one waived finding");
    for result in results {
        let physical = &result["locations"][0]["physicalLocation"];
        assert!(
            !physical["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            result["partialFingerprints"]["hullcheck/v1"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // The inspect finding: pseudo-URI of the document plus the JSON pointer.
    let inspect = &results[0]["locations"][0];
    assert_eq!(
        inspect["physicalLocation"]["artifactLocation"]["uri"],
        "inspect.json"
    );
    assert_eq!(inspect["properties"]["pointer"], "/0/HostConfig/Privileged");
    assert_eq!(
        inspect["logicalLocations"][0]["fullyQualifiedName"],
        "inspect.json#/0/HostConfig/Privileged"
    );
    // The compose finding: file and line.
    let compose = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "deploy/compose.yaml"
        })
        .unwrap();
    assert_eq!(
        compose["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    assert_eq!(
        compose["locations"][0]["physicalLocation"]["region"]["startColumn"],
        5
    );
    // The waived finding carries an accepted suppression with the reason.
    let waived = results
        .iter()
        .find(|r| r.get("suppressions").is_some())
        .unwrap();
    assert_eq!(waived["suppressions"][0]["status"], "accepted");
    assert_eq!(
        waived["suppressions"][0]["justification"],
        "docker-in-docker <build> runner & co"
    );
    // Diagnostics become notifications.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 2);
}

#[test]
fn sarif_of_an_empty_report_validates() {
    let report = Engine::default().evaluate(&Bundle::new(), None);
    let log = assert_valid_sarif(&report.render(Format::Sarif));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn the_sarif_schema_rejects_a_broken_log() {
    // The validation above would be worthless if the schema accepted anything.
    let validator = sarif_validator();
    let mut log: Value = serde_json::from_str(&mixed_report().render(Format::Sarif)).unwrap();
    log["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!validator.is_valid(&log));
    log["runs"][0]["results"][0]["level"] = json!("error");
    assert!(validator.is_valid(&log));
    log["version"] = json!("2.0.0");
    assert!(!validator.is_valid(&log));
}

#[test]
fn junit_has_one_case_per_rule_and_subject() {
    let report = mixed_report();
    let xml = report.render(Format::Junit);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<testcase ").count(), report.outcomes.len());
    assert_eq!(xml.matches("<failure ").count(), 2);
    assert!(xml.contains("tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"0\""));
    // The awkward container name is escaped, and the waived case passes with a note.
    assert!(xml.contains("name=\"container db &lt;&amp;&quot;main&quot;&gt;\""));
    assert!(xml.contains("waived (docker-in-docker &lt;build&gt; runner &amp; co)"));
    assert!(!xml.contains("<build>"));
    // Balanced elements.
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
    assert_eq!(
        xml.matches("<testcase ").count(),
        xml.matches("</testcase>").count() + xml.matches("\"/>\n").count()
            - xml.matches("<skipped ").count()
    );
}

#[test]
fn junit_skips_cases_without_a_verdict() {
    let report = Engine::default().evaluate(&Bundle::new(), None);
    let xml = report.render(Format::Junit);
    assert!(
        xml.contains("<skipped message=\"missing_input: the input holds no container\"/>"),
        "{xml}"
    );
    assert!(xml.contains("failures=\"0\""));
}

#[test]
fn the_table_says_what_it_leaves_out_and_lists_diagnostics() {
    let table = mixed_report().render(Format::Table);
    assert!(table.contains("2 finding(s) in"), "{table}");
    assert!(
        table.contains("Not shown: 1 finding(s) waived by the policy."),
        "{table}"
    );
    assert!(
        table.contains("Note (policy, unknown-rule): ") && table.contains("privileged-containr"),
        "{table}"
    );
    assert!(table.contains("Note (policy, unused-waiver): "), "{table}");
    // A report with nothing left out and no diagnostic has neither line.
    let mut bundle = Bundle::new();
    bundle
        .add_json(
            "c.json",
            r#"{"Id": "a", "Name": "/a", "HostConfig": {"Privileged": true}}"#,
        )
        .unwrap();
    let plain = Engine::new(&Policy::from_json(r#"{"select": ["CFG001"]}"#).unwrap())
        .unwrap()
        .evaluate(&bundle, None)
        .render(Format::Table);
    assert!(
        !plain.contains("Not shown") && !plain.contains("Note ("),
        "{plain}"
    );
}

#[test]
fn markdown_has_summary_findings_waivers_and_controls() {
    let md = mixed_report().render(Format::Markdown);
    assert!(md.contains("**Gate: FAILED**"));
    assert!(md.contains("## Findings"));
    assert!(md.contains("## Waived findings"));
    assert!(md.contains("## Diagnostics"));
    assert!(md.contains(
        "| 5.5 | Ensure that privileged containers are not used | ❌ fail | CFG001 | 2 | 1 |"
    ));
    assert!(md.contains("deploy/compose.yaml:7"));
    assert!(md.contains("not automated (review manually)"));
    // Table cells are escaped.
    assert!(md.contains("db \\<&\"main\"\\>"));
}

#[test]
fn compliance_view_covers_every_control() {
    let report = mixed_report();
    let view = report.compliance();
    let cis = &view.frameworks[0];
    assert_eq!(cis.controls.len(), hullcheck::frameworks::CIS_DOCKER.len());
    let status = |id: &str| cis.controls.iter().find(|c| c.id == id).unwrap().status;
    assert_eq!(status("5.5"), ControlStatus::Fail);
    assert_eq!(status("1.2.1"), ControlStatus::NotAutomated);
    let nist = &view.frameworks[1];
    let c = nist.controls.iter().find(|c| c.id == "4.4.3").unwrap();
    assert_eq!(
        (c.status, c.findings, c.suppressed),
        (ControlStatus::Fail, 2, 1)
    );
    assert_eq!(cis.counts.values().sum::<usize>(), cis.controls.len());
    let v18 = cis.controls.iter().find(|c| c.id == "2.14").unwrap();
    assert_eq!(v18.v1_8.as_deref(), Some("2.15"));

    // Not run by the policy.
    let ignored = Engine::new(&Policy::from_json(r#"{"ignore": ["CFG001"]}"#).unwrap())
        .unwrap()
        .evaluate(&mixed_bundle(), None);
    let status = |r: &Report, id: &str| {
        r.compliance().frameworks[0]
            .controls
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .status
    };
    assert_eq!(status(&ignored, "5.5"), ControlStatus::NotSelected);
    // Nothing given: undecided, not "does not apply".
    let empty = Engine::default().evaluate(&Bundle::new(), None);
    assert_eq!(status(&empty, "5.5"), ControlStatus::MissingInput);
    // `docker inspect` of no containers shows there is nothing to apply container rules to;
    // it still shows nothing about the daemon or the host.
    let mut none = Bundle::new();
    none.add_json("inspect.json", "[]").unwrap();
    let none = Engine::default().evaluate(&none, None);
    assert_eq!(status(&none, "5.5"), ControlStatus::NotApplicable);
    assert_eq!(status(&none, "2.1"), ControlStatus::MissingInput);
    assert_eq!(status(&none, "3.1"), ControlStatus::MissingInput);
    // A clean container passes.
    let mut clean = Bundle::new();
    clean
        .add_json("c.json", r#"{"Id": "x", "Name": "/x", "HostConfig": {}}"#)
        .unwrap();
    let passed = Engine::default().evaluate(&clean, None);
    assert_eq!(status(&passed, "5.5"), ControlStatus::Pass);
}

#[test]
fn no_renderer_outputs_a_secret_value() {
    let report = mixed_report();
    for format in Format::ALL {
        let out = report.render(format);
        assert!(!out.is_empty(), "{}", format.as_str());
        for canary in [CANARY_PASSWORD, CANARY_LABEL, CANARY_ARG] {
            assert!(
                !out.contains(canary),
                "{} output contains the canary {canary}",
                format.as_str()
            );
        }
    }
}

#[test]
fn every_format_has_a_name_that_parses_back() {
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>().unwrap(), format);
    }
    assert!("xml".parse::<Format>().is_err());
}

fn assert_valid(schema_file: &str, text: &str) {
    let schema: Value =
        serde_json::from_str(&common::read(&common::repo_root().join(schema_file))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let instance: Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}:\n{}", errors.join("\n"));
}

#[test]
fn json_and_compliance_output_match_their_generated_schemas() {
    let report = mixed_report();
    assert_valid("spec/report.schema.json", &report.render(Format::Json));
    assert_valid(
        "spec/compliance.schema.json",
        &report.render(Format::Compliance),
    );
    let empty = Engine::default().evaluate(&Bundle::new(), None);
    assert_valid("spec/report.schema.json", &empty.render(Format::Json));
}

#[test]
fn a_finding_counts_only_under_the_control_its_evidence_belongs_to() {
    let status = |r: &Report, id: &str| {
        let c = r.compliance().frameworks[0]
            .controls
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .unwrap();
        (c.status, c.findings)
    };
    // One file with mode 666 fails its own permission control, not the other eleven.
    let mut host = Bundle::new();
    host.add_json(
        "host.json",
        r#"{"hostname": "h", "files": [
            {"path": "/etc/default/docker", "uid": 0, "gid": 0, "mode": "666", "type": "file"},
            {"path": "/lib/systemd/system/docker.service", "uid": 0, "gid": 0, "mode": "644", "type": "file"}
        ]}"#,
    )
    .unwrap();
    let report = Engine::default().evaluate(&host, None);
    assert_eq!(status(&report, "3.20"), (ControlStatus::Fail, 1));
    for other in ["3.2", "3.4", "3.6", "3.16", "3.24"] {
        assert_eq!(status(&report, other).0, ControlStatus::Pass, "CIS {other}");
    }
    let finding = report.findings.iter().find(|f| f.code == "CFG072").unwrap();
    assert_eq!(
        finding.message.matches("/etc/default/docker").count(),
        1,
        "{}",
        finding.message
    );
    assert!(
        finding
            .references
            .iter()
            .any(|r| r == "CIS Docker Benchmark 3.20")
    );
    assert!(
        !finding
            .references
            .iter()
            .any(|r| r == "CIS Docker Benchmark 3.2")
    );
    // Joining another container's PID namespace is CIS 5.16, not 5.17 (IPC).
    let mut joined = Bundle::new();
    joined
        .add_json(
            "inspect.json",
            r#"[{"Id": "a1", "Name": "/app", "HostConfig": {}},
                {"Id": "b2", "Name": "/side", "HostConfig": {"PidMode": "container:app"}}]"#,
        )
        .unwrap();
    let report = Engine::default().evaluate(&joined, None);
    assert_eq!(status(&report, "5.16").0, ControlStatus::Fail);
    assert_eq!(status(&report, "5.17").0, ControlStatus::Pass);
}

#[test]
fn findings_on_one_value_keep_fingerprints_of_their_own() {
    // With no audit rules loaded, every unwatched target points at `/audit_rules`.
    let mut host = Bundle::new();
    host.add_json(
        "host.json",
        r#"{"hostname": "h", "audit_rules": "", "files": [
            {"path": "/usr/bin/dockerd", "uid": 0, "gid": 0, "mode": "755", "type": "file"},
            {"path": "/var/lib/docker", "uid": 0, "gid": 0, "mode": "710", "type": "directory"},
            {"path": "/etc/docker", "uid": 0, "gid": 0, "mode": "755", "type": "directory"}
        ]}"#,
    )
    .unwrap();
    let report = Engine::default().evaluate(&host, None);
    let audit: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "CFG070")
        .map(|f| f.fingerprint.as_str())
        .collect();
    assert!(audit.len() >= 3, "{audit:?}");
    let mut unique = audit.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), audit.len(), "{audit:?}");
}

#[test]
fn a_rule_that_only_relates_to_a_control_does_not_decide_it() {
    let control = |r: &Report, id: &str| {
        r.compliance().frameworks[0]
            .controls
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .unwrap()
    };
    // `USER node` runs as a non-root user: CIS 4.1 passes, though the informational
    // non-numeric-user hint (which relates to 4.1) fires.
    let mut bundle = Bundle::new();
    bundle
        .add_json("Dockerfile", "FROM node:22\nUSER node\n")
        .unwrap();
    let report = Engine::default().evaluate(&bundle, None);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "IMG017"
                && f.references.iter().any(|r| r == "CIS Docker Benchmark 4.1")),
        "the hint still carries its reference: {:?}",
        report.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
    );
    let view = control(&report, "4.1");
    assert_eq!(view.status, ControlStatus::Pass);
    assert!(
        !view.rules.iter().any(|c| c == "IMG017"),
        "{:?}",
        view.rules
    );
    // A root user still fails it, through the rule that decides it.
    let mut root = Bundle::new();
    root.add_json("Dockerfile", "FROM node:22\nUSER root\n")
        .unwrap();
    let report = Engine::default().evaluate(&root, None);
    assert_eq!(control(&report, "4.1").status, ControlStatus::Fail);
}
