//! The documents a collector reads from a live engine besides inspect output: networks, exec
//! sessions and container process lists. Detected by shape or read as a stated kind, one
//! document or an array; malformed ones are typed errors with a pointer, never panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::{Bundle, DocumentKind, Engine, Error, InputProblem, detect_kind};

const NETWORK: &str = r#"{"Name": "backend", "Id": "x8k2", "Scope": "swarm", "Driver": "overlay",
  "IPAM": {"Driver": "default", "Config": [{"Subnet": "10.0.1.0/24"}]}, "Internal": false,
  "Attachable": true, "Ingress": false, "Options": {"encrypted": "", "vxlan": 4097}, "Labels": null}"#;
const EXEC: &str = r#"{"ID": "e1a2", "ContainerID": "4f1c2a9b7d3e", "Running": true,
  "ExitCode": null, "ProcessConfig": {"privileged": true, "user": "0", "tty": true,
  "entrypoint": "sh", "arguments": ["-c", "id"]}, "OpenStdin": true, "Pid": 4242}"#;
const PROCESSES: &str = r#"{"ContainerID": "4f1c2a9b7d3e", "Titles": ["UID", "PID", "CMD"],
  "Processes": [["root", "1", "/usr/sbin/sshd -D"], ["app", "7", "app --serve"]]}"#;
const CONTAINER: &str =
    r#"{"Id": "4f1c2a9b7d3e", "Name": "/web", "ExecIDs": ["e1a2"], "HostConfig": {}}"#;

#[test]
fn shapes_are_detected() {
    assert_eq!(detect_kind(NETWORK).unwrap(), DocumentKind::Network);
    assert_eq!(detect_kind(EXEC).unwrap(), DocumentKind::Exec);
    assert_eq!(
        detect_kind(PROCESSES).unwrap(),
        DocumentKind::ContainerProcesses
    );
    // `docker network inspect` prints an array; the second detection rule needs no IPAM.
    assert_eq!(
        detect_kind(r#"[{"Name": "bridge", "Driver": "bridge", "Scope": "local"}]"#).unwrap(),
        DocumentKind::Network
    );
    for kind in [
        DocumentKind::Network,
        DocumentKind::Exec,
        DocumentKind::ContainerProcesses,
    ] {
        assert_eq!(DocumentKind::from_name(kind.as_str()), Some(kind));
        assert!(!kind.is_per_host());
    }
}

#[test]
fn documents_are_read_and_attached_to_their_container() {
    let mut bundle = Bundle::new();
    bundle.add_json("container.json", CONTAINER).unwrap();
    bundle
        .add_json("network.json", &format!("[{NETWORK}]"))
        .unwrap();
    bundle.add_json("exec.json", EXEC).unwrap();
    bundle
        .add_json_as("top.json", DocumentKind::ContainerProcesses, PROCESSES)
        .unwrap();
    assert!(bundle.has(DocumentKind::Network));
    assert!(bundle.has(DocumentKind::Exec));
    assert!(bundle.has(DocumentKind::ContainerProcesses));
    // Networks are subjects; exec sessions and process lists belong to their container.
    assert_eq!(bundle.subject_count(), 2);
    let network = &bundle.networks()[0];
    assert_eq!(network.name, "backend");
    assert!(network.is_overlay() && network.is_encrypted());
    assert_eq!(
        network
            .options
            .as_ref()
            .unwrap()
            .get("vxlan")
            .map(String::as_str),
        Some("4097")
    );
    let container = &bundle.containers()[0];
    assert_eq!(container.exec_ids, ["e1a2"]);
    let execs: Vec<_> = bundle.exec_sessions_of(container).collect();
    assert_eq!(execs.len(), 1);
    assert!(execs[0].is_privileged());
    assert_eq!(execs[0].user(), "0");
    assert!(bundle.exec_ids_without_document(container).is_empty());
    let lists: Vec<_> = bundle.process_lists_of(container).collect();
    assert_eq!(lists.len(), 1);
    let commands: Vec<&str> = lists[0].entries().map(|e| e.command).collect();
    assert_eq!(commands, ["/usr/sbin/sshd -D", "app --serve"]);

    let report = Engine::default().evaluate(&bundle, None);
    let fired: Vec<&str> = report.findings.iter().map(|f| f.code.as_ref()).collect();
    for code in ["CFG036", "CFG037", "MON003"] {
        assert!(fired.contains(&code), "{code} did not fire: {fired:?}");
    }
    let exec_finding = report.findings.iter().find(|f| f.code == "CFG036").unwrap();
    assert_eq!(exec_finding.location.source, "exec.json");
    assert_eq!(
        exec_finding.location.pointer.as_deref(),
        Some("/ProcessConfig/privileged")
    );
    assert_eq!(exec_finding.subject.name, "web");
}

#[test]
fn null_and_missing_values_read_as_empty() {
    let mut bundle = Bundle::new();
    bundle
        .add_json_as(
            "n",
            DocumentKind::Network,
            r#"{"Name": null, "Options": null}"#,
        )
        .unwrap();
    bundle
        .add_json_as("e", DocumentKind::Exec, r#"{"ProcessConfig": null}"#)
        .unwrap();
    bundle
        .add_json_as(
            "p",
            DocumentKind::ContainerProcesses,
            r#"{"Titles": null, "Processes": null}"#,
        )
        .unwrap();
    assert_eq!(
        bundle.networks()[0]
            .options
            .as_ref()
            .map(std::collections::BTreeMap::len),
        Some(0)
    );
    assert!(!bundle.exec_sessions()[0].is_privileged());
    assert_eq!(bundle.process_lists()[0].entries().count(), 0);
    let _ = Engine::default().evaluate(&bundle, None);
}

#[test]
fn wrong_types_are_typed_errors_with_a_pointer() {
    let cases = [
        (
            DocumentKind::Network,
            r#"{"Name": "n", "Driver": ["overlay"]}"#,
            "/Driver",
        ),
        (
            DocumentKind::Network,
            r#"{"Name": "n", "Options": [1]}"#,
            "/Options",
        ),
        (
            DocumentKind::Network,
            r#"{"Name": "n", "Ingress": "yes"}"#,
            "/Ingress",
        ),
        (
            DocumentKind::Exec,
            r#"{"ContainerID": "c", "ProcessConfig": {"privileged": "true"}}"#,
            "/ProcessConfig/privileged",
        ),
        (
            DocumentKind::Exec,
            r#"{"ContainerID": "c", "ProcessConfig": {"user": 0}}"#,
            "/ProcessConfig/user",
        ),
        (
            DocumentKind::Exec,
            r#"{"ContainerID": 7, "ProcessConfig": {}}"#,
            "/ContainerID",
        ),
        (
            DocumentKind::ContainerProcesses,
            r#"{"Titles": ["PID", "CMD"], "Processes": [["1", "sh"], ["2", 3]]}"#,
            "/Processes/1/1",
        ),
        (
            DocumentKind::ContainerProcesses,
            r#"{"Titles": "PID CMD", "Processes": []}"#,
            "/Titles",
        ),
        (
            DocumentKind::ContainerProcesses,
            r#"[{"Titles": [], "Processes": []}, {"Titles": [], "Processes": {"1": "sh"}}]"#,
            "/1/Processes",
        ),
    ];
    for (kind, text, expected) in cases {
        let err = Bundle::new().add_json_as("doc", kind, text).unwrap_err();
        match &err {
            Error::InvalidInput {
                problem, pointer, ..
            } => {
                assert_eq!(*problem, InputProblem::Type, "{kind} {text}: {err}");
                assert_eq!(pointer.as_deref(), Some(expected), "{kind} {text}: {err}");
            }
            other => panic!("{kind} {text}: expected an input error, got {other}"),
        }
        // Detected by shape where the shape allows it: the same error.
        if let Ok(detected) = detect_kind(text)
            && detected == kind
        {
            let again = Bundle::new().add_json("doc", text).unwrap_err();
            assert_eq!(again.pointer(), Some(expected), "{text}");
        }
        // The same through a parsed value.
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let err = Bundle::new().add_value_as("doc", kind, &value).unwrap_err();
        assert_eq!(err.pointer(), Some(expected), "{kind} value {text}");
    }
    for kind in [
        DocumentKind::Network,
        DocumentKind::Exec,
        DocumentKind::ContainerProcesses,
    ] {
        for text in ["42", "\"text\"", "[1]", "null"] {
            let err = Bundle::new().add_json_as("doc", kind, text).unwrap_err();
            assert_eq!(err.kind().as_str(), "invalid_input", "{kind} {text}");
        }
    }
}

#[test]
fn truncated_documents_never_panic() {
    for text in [NETWORK, EXEC, PROCESSES] {
        for cut in 0..=text.len() {
            let Some(part) = text.get(..cut) else {
                continue;
            };
            for kind in [
                DocumentKind::Network,
                DocumentKind::Exec,
                DocumentKind::ContainerProcesses,
            ] {
                let mut bundle = Bundle::new();
                if bundle.add_json_as("doc", kind, part).is_ok() {
                    bundle.add_json("c", CONTAINER).unwrap();
                    let _ = Engine::default().evaluate(&bundle, None);
                }
            }
            let mut bundle = Bundle::new();
            if bundle.add_json("doc", part).is_ok() {
                let _ = Engine::default().evaluate(&bundle, None);
            }
        }
    }
}

#[test]
fn the_new_cis_controls_are_automated() {
    let mut bundle = Bundle::new();
    bundle.add_json("container.json", CONTAINER).unwrap();
    bundle.add_json("exec.json", EXEC).unwrap();
    bundle.add_json("network.json", NETWORK).unwrap();
    let report = Engine::default().evaluate(&bundle, None);
    let view = hullcheck::report::compliance(&report);
    let cis = &view.frameworks[0];
    for (id, code) in [
        ("5.23", "CFG036"),
        ("5.24", "CFG037"),
        ("5.28", "CFG038"),
        ("7.3", "CFG063"),
    ] {
        let control = cis.controls.iter().find(|c| c.id == id).unwrap();
        assert_eq!(control.rules, [code], "{id}");
        assert_ne!(
            control.status,
            hullcheck::report::ControlStatus::NotAutomated,
            "{id}"
        );
    }
}
