//! Every real `docker info` and `daemon.json` document in `tests/corpus/` parses (or gives the
//! typed error it should), and the daemon rules' outcomes on each are snapshot-tested in
//! `snapshots/corpus/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::path::Path;

use hullcheck::{Bundle, DocumentKind, Engine, Error, InputProblem, OutcomeStatus, Report};

fn corpus(kind: &str) -> Vec<std::path::PathBuf> {
    let dir = common::repo_root().join("tests/corpus").join(kind);
    let mut files = common::files_in(&dir, "json");
    files.extend(common::files_in(&dir, "txt"));
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The outcomes of the rules that read the daemon, as `{code: [status, messages...]}`.
fn daemon_outcomes(report: &Report) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for outcome in &report.outcomes {
        let Some(subject) = outcome.subject.and_then(|i| report.subjects.get(i)) else {
            continue;
        };
        if subject.kind != hullcheck::rules::SubjectKind::Daemon {
            continue;
        }
        let messages: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.code == outcome.code)
            .map(|f| f.message.as_str())
            .collect();
        let mut entry = serde_json::json!({"status": outcome.status});
        if !messages.is_empty() {
            entry["findings"] = serde_json::json!(messages);
        }
        if let Some(missing) = outcome.missing {
            entry["missing"] = serde_json::json!(missing);
        }
        out.insert(outcome.code.to_string(), entry);
    }
    out.into()
}

fn error_json(e: &Error) -> serde_json::Value {
    match e {
        Error::InvalidInput {
            problem,
            pointer,
            line,
            column,
            ..
        } => serde_json::json!({
            "problem": problem.as_str(), "pointer": pointer, "line": line, "column": column,
            "message": e.to_string(),
        }),
        other => serde_json::json!({"kind": other.kind().as_str()}),
    }
}

#[test]
fn every_docker_info_document_parses_or_fails_typed() {
    let mut snapshot = serde_json::Map::new();
    for path in corpus("docker-info") {
        let file = name(&path);
        let text = common::read(&path);
        let detected = hullcheck::detect_kind(&text);
        let mut bundle = Bundle::new();
        let result = bundle.add_json(&file, &text);
        let entry = match result {
            Ok(n) => {
                assert_eq!(n, 1, "{file}");
                assert_eq!(detected.ok(), Some(DocumentKind::DaemonInfo), "{file}");
                assert!(bundle.daemon().is_some_and(|d| d.info.is_some()), "{file}");
                let report = Engine::default().evaluate(&bundle, None);
                serde_json::json!({"outcomes": daemon_outcomes(&report)})
            }
            Err(e) => {
                // Only the CLI's "daemon unreachable" output may be refused, and as empty.
                assert!(file.contains("errors_only"), "{file} was refused: {e}");
                assert!(
                    matches!(
                        &e,
                        Error::InvalidInput {
                            problem: InputProblem::Empty,
                            kind: Some(DocumentKind::DaemonInfo),
                            ..
                        }
                    ),
                    "{file}: {e}"
                );
                serde_json::json!({"error": error_json(&e)})
            }
        };
        snapshot.insert(file, entry);
    }
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(snapshot)).unwrap();
    text.push('\n');
    common::assert_files(&[(
        common::tests_dir().join("snapshots/corpus/docker-info.json"),
        text,
    )]);
}

#[test]
fn every_daemon_json_document_parses_or_fails_typed() {
    let mut snapshot = serde_json::Map::new();
    for path in corpus("daemon-json") {
        let file = name(&path);
        let text = common::read(&path);
        let mut bundle = Bundle::new();
        let result = bundle.add_json_as(&file, DocumentKind::DaemonConfig, &text);
        let invalid = file.ends_with(".invalid-json.txt");
        let entry = match result {
            Ok(_) => {
                assert!(!invalid, "{file} should have been refused");
                let detected = hullcheck::detect_kind(&text).ok();
                let report = Engine::default().evaluate(&bundle, None);
                serde_json::json!({
                    "detected": detected,
                    "outcomes": daemon_outcomes(&report),
                })
            }
            Err(e) => {
                assert!(invalid, "{file} was refused: {e}");
                let Error::InvalidInput { line, column, .. } = &e else {
                    panic!("{file}: not an input error: {e}");
                };
                assert!(
                    line.is_some() && column.is_some(),
                    "{file}: no line and column: {e}"
                );
                serde_json::json!({"error": error_json(&e)})
            }
        };
        snapshot.insert(file, entry);
    }
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(snapshot)).unwrap();
    text.push('\n');
    common::assert_files(&[(
        common::tests_dir().join("snapshots/corpus/daemon-json.json"),
        text,
    )]);
}

#[test]
fn a_second_docker_info_is_refused_and_leaves_the_bundle_unchanged() {
    let info = r#"{"ServerVersion": "27.3.1", "SecurityOptions": ["name=apparmor"]}"#;
    let mut bundle = Bundle::new();
    bundle.add_json("info-a", info).unwrap();
    let err = bundle.add_json("info-b", info).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                problem: InputProblem::Duplicate,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(bundle.sources().len(), 1);
}

#[test]
fn docker_version_without_a_server_part_is_refused() {
    let text = r#"{"Client": {"Version": "27.3.1", "ApiVersion": "1.47"}, "Server": null}"#;
    let err = Bundle::from_json(text).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                problem: InputProblem::Empty,
                kind: Some(DocumentKind::DaemonVersion),
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn daemon_json_type_errors_name_line_column_and_pointer() {
    let text = "{\n  \"icc\": \"false\"\n}\n";
    let err = Bundle::from_json(text).unwrap_err();
    let Error::InvalidInput {
        problem,
        pointer,
        line,
        ..
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!(*problem, InputProblem::Type);
    assert_eq!(pointer.as_deref(), Some("/icc"));
    assert_eq!(*line, Some(2));
}

#[test]
fn host_facts_refuse_a_numeric_mode() {
    let text = r#"{"files": [{"path": "/etc/docker", "uid": 0, "gid": 0, "mode": 755}]}"#;
    let err = Bundle::from_json(text).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                problem: InputProblem::Type,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("octal"), "{err}");
}

#[test]
fn host_facts_in_the_shape_the_collector_writes_evaluate() {
    // The shape of the host facts `hullcheck collect --docker` writes: missing paths with exists false,
    // modes as octal strings, names next to ids.
    let facts = r#"{
      "hostname": "node1",
      "files": [
        {"path": "/usr/bin/dockerd", "uid": 0, "gid": 0, "mode": "755", "type": "file", "user": "root", "group": "root"},
        {"path": "/usr/sbin/dockerd", "exists": false},
        {"path": "/etc/docker", "uid": 0, "gid": 0, "mode": "755", "type": "directory", "user": "root", "group": "root"},
        {"path": "/etc/docker/daemon.json", "uid": 0, "gid": 0, "mode": "664", "type": "file", "user": "root", "group": "root"},
        {"path": "/var/run/docker.sock", "uid": 0, "gid": 998, "mode": "660", "type": "socket", "user": "root", "group": "docker"}
      ],
      "audit_rules": "-w /usr/bin/dockerd -p rwxa -k docker\n-w /etc/docker -p rwxa -k docker\n"
    }"#;
    let mut bundle = Bundle::new();
    bundle.add_json("host-facts.json", facts).unwrap();
    assert_eq!(bundle.host_facts().len(), 1);
    let report = Engine::default().evaluate(&bundle, None);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_ref()).collect();
    // /var/lib/docker and the socket are not audited; daemon.json is group-writable.
    assert_eq!(
        codes,
        ["CFG070", "CFG070", "CFG072"],
        "{:#?}",
        report.findings
    );
    assert!(report.findings[0].message.contains("/var/lib/docker"));
    assert!(report.findings[1].message.contains("/var/run/docker.sock"));
    assert!(report.findings[2].message.contains("0664"));
}

#[test]
fn truncated_and_retyped_daemon_documents_never_panic() {
    let mut texts: Vec<String> = corpus("docker-info")
        .iter()
        .chain(corpus("daemon-json").iter())
        .map(|p| common::read(p))
        .collect();
    texts.push(r#"{"Client": {"Version": "27.3.1"}, "Server": {"Version": "27.3.1", "Components": [{"Name": "runc", "Version": "1.1.9"}]}}"#.to_owned());
    texts.push(r#"{"files": [{"path": "/etc/docker", "uid": 0, "mode": "755"}], "audit_rules": "-w /etc/docker\n"}"#.to_owned());
    texts.push(r#"{"mounts": [{"mount_point": "/", "source": "/dev/vda1", "fstype": "ext4"}], "groups": [{"name": "docker", "gid": 998, "members": ["alice"]}], "environment": {"DOCKER_CONTENT_TRUST": "0"}}"#.to_owned());
    let kinds = [
        DocumentKind::DaemonInfo,
        DocumentKind::DaemonVersion,
        DocumentKind::DaemonConfig,
        DocumentKind::HostFacts,
    ];
    for text in &texts {
        let mut cuts: Vec<usize> = (0..text.len()).step_by(11).collect();
        cuts.push(text.len());
        for cut in cuts {
            let Some(part) = text.get(..cut) else {
                continue;
            };
            for kind in kinds {
                let mut bundle = Bundle::new();
                if bundle.add_json_as("doc", kind, part).is_ok() {
                    let _ = Engine::default().evaluate(&bundle, None);
                }
            }
            let mut bundle = Bundle::new();
            if bundle.add_json("doc", part).is_ok() {
                let _ = Engine::default().evaluate(&bundle, None);
            }
        }
    }
    // Values of the wrong type are typed errors, not panics.
    for (kind, text) in [
        (
            DocumentKind::DaemonInfo,
            r#"{"SecurityOptions": "name=apparmor"}"#,
        ),
        (
            DocumentKind::DaemonInfo,
            r#"{"Swarm": {"Cluster": {"Spec": {"CAConfig": {"NodeCertExpiry": "90d"}}}}}"#,
        ),
        (
            DocumentKind::DaemonVersion,
            r#"{"Server": {"Components": [1, 2]}}"#,
        ),
        (DocumentKind::DaemonVersion, r#"{"Server": "27.3.1"}"#),
        (
            DocumentKind::DaemonConfig,
            r#"{"hosts": "tcp://0.0.0.0:2375"}"#,
        ),
        (DocumentKind::DaemonConfig, "[1, 2]"),
        (
            DocumentKind::HostFacts,
            r#"{"files": [{"path": "/etc/docker", "mode": "999"}]}"#,
        ),
    ] {
        let err = Bundle::new().add_json_as("doc", kind, text).unwrap_err();
        assert_eq!(err.kind().as_str(), "invalid_input", "{kind}: {text}");
    }
}

/// The rules that read daemon.json: those whose documentation names it.
fn rules_reading_daemon_json() -> Vec<&'static hullcheck::rules::Rule> {
    hullcheck::rules::catalog()
        .iter()
        .copied()
        .filter(|r| r.docs.what.contains("daemon.json"))
        .collect()
}

#[test]
fn an_absent_daemon_json_stated_as_empty_decides_from_the_defaults() {
    // What the live-host collector adds when /etc/docker/daemon.json does not exist.
    let mut bundle = Bundle::new();
    bundle
        .add_json_as(
            "/etc/docker/daemon.json (absent)",
            DocumentKind::DaemonConfig,
            "{}",
        )
        .unwrap();
    bundle
        .add_json(
            "container.json",
            r#"{"Id": "c0ffee", "Name": "/app", "Config": {"Image": "nginx:1.27"}, "HostConfig": {}}"#,
        )
        .unwrap();
    let policy = hullcheck::Policy::parse(r#"{"extends": "strict"}"#).unwrap();
    let report = Engine::new(&policy).unwrap().evaluate(&bundle, None);
    let reading = rules_reading_daemon_json();
    assert!(reading.len() > 20, "{}", reading.len());
    let mut undecided = Vec::new();
    for outcome in &report.outcomes {
        let Some(rule) = reading.iter().find(|r| r.code == outcome.code) else {
            continue;
        };
        // dockerd's default cgroup namespace mode follows the host's cgroup version, which
        // only docker info shows: without a daemon.json setting, CFG064 rightly asks for it.
        if rule.code == "CFG064" {
            continue;
        }
        let daemon_kind = matches!(
            outcome.missing,
            Some(
                DocumentKind::DaemonConfig | DocumentKind::DaemonInfo | DocumentKind::DaemonVersion
            )
        );
        // The daemon's own rules decide; a container rule may still find the daemon's
        // verdict elsewhere (CFG034 leaves the shared user namespace to CFG050).
        let reads_daemon = rule
            .subjects()
            .contains(&hullcheck::rules::SubjectKind::Daemon);
        let decided = matches!(outcome.status, OutcomeStatus::Pass | OutcomeStatus::Fail);
        if daemon_kind || (reads_daemon && !decided) {
            undecided.push(format!(
                "{} {}: {:?} {:?}",
                rule.code, rule.name, outcome.status, outcome.reason
            ));
        }
    }
    assert!(undecided.is_empty(), "\n{}\n", undecided.join("\n"));
    // dockerd's default is rootful: CFG042 decides instead of asking for docker info.
    assert!(
        report
            .outcomes
            .iter()
            .any(|o| o.code == "CFG042" && o.status == OutcomeStatus::Fail)
    );
}

#[test]
fn an_empty_object_has_no_kind_of_its_own() {
    let err = hullcheck::detect_kind("{}").unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                problem: InputProblem::UnknownKind,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("state the kind explicitly"),
        "{err}"
    );
    let err = Bundle::new().add_json("daemon.json", " {} ").unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid_input", "{err}");
    let mut bundle = Bundle::new();
    assert_eq!(
        bundle
            .add_json_as("daemon.json", DocumentKind::DaemonConfig, " {} ")
            .unwrap(),
        1
    );
    assert!(bundle.has(DocumentKind::DaemonConfig));
}

#[test]
fn host_facts_refuse_wrong_types_in_mounts_groups_and_environment() {
    for (text, pointer) in [
        (r#"{"mounts": {"mount_point": "/"}}"#, "/mounts"),
        (r#"{"mounts": [{"source": "/dev/vda1"}]}"#, "/mounts/0"),
        (
            r#"{"mounts": [{"mount_point": 7}]}"#,
            "/mounts/0/mount_point",
        ),
        (
            r#"{"mounts": [{"mount_point": "/", "options": "rw"}]}"#,
            "/mounts/0/options",
        ),
        (
            r#"{"groups": [{"name": "docker", "gid": "998"}]}"#,
            "/groups/0/gid",
        ),
        (
            r#"{"groups": [{"name": "docker", "gid": -1}]}"#,
            "/groups/0/gid",
        ),
        (
            r#"{"groups": [{"name": "docker", "gid": 998, "members": "alice,bob"}]}"#,
            "/groups/0/members",
        ),
        (
            r#"{"groups": [{"name": "docker", "gid": 998, "members": ["alice", 1]}]}"#,
            "/groups/0/members/1",
        ),
        (
            r#"{"environment": ["DOCKER_CONTENT_TRUST=1"]}"#,
            "/environment",
        ),
        (
            r#"{"environment": {"DOCKER_CONTENT_TRUST": 1}}"#,
            "/environment/DOCKER_CONTENT_TRUST",
        ),
        (
            r#"{"environment": {"DOCKER_CONTENT_TRUST": null}}"#,
            "/environment/DOCKER_CONTENT_TRUST",
        ),
    ] {
        for stated in [false, true] {
            let mut bundle = Bundle::new();
            let result = if stated {
                bundle.add_json_as("host-facts.json", DocumentKind::HostFacts, text)
            } else {
                bundle.add_json("host-facts.json", text)
            };
            let err = result.unwrap_err();
            let Error::InvalidInput {
                problem,
                kind,
                pointer: at,
                ..
            } = &err
            else {
                panic!("{text}: {err}");
            };
            assert_eq!(*problem, InputProblem::Type, "{text}: {err}");
            assert_eq!(*kind, Some(DocumentKind::HostFacts), "{text}: {err}");
            assert_eq!(at.as_deref(), Some(pointer), "{text}: {err}");
            assert!(bundle.is_empty(), "{text}");
        }
    }
    // null is "not collected", like an absent key.
    let mut bundle = Bundle::new();
    bundle
        .add_json(
            "host-facts.json",
            r#"{"mounts": null, "groups": null, "environment": null, "files": []}"#,
        )
        .unwrap();
    let facts = &bundle.host_facts()[0];
    assert!(facts.mounts.is_none() && facts.groups.is_none() && facts.environment.is_none());
}
