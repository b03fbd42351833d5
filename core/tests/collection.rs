//! Saved collections: read wherever a bundle reads JSON, all or nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::policy::DiagnosticCode;
use hullcheck::{Bundle, Collection, DocumentKind, Engine, Policy};
use serde_json::json;

fn collection() -> serde_json::Value {
    json!({
        "hullcheck_collection": 1,
        "collected_at": "2026-12-02T06:00:00Z",
        "endpoint": "unix:///var/run/docker.sock",
        "documents": [
            {"source": "docker:/containers/4f2a/json", "kind": "container",
             "document": {"Id": "4f2a", "Name": "/web", "HostConfig": {"Privileged": true}}},
            {"source": "/etc/docker/daemon.json (absent)", "kind": "daemon_config", "document": {}}
        ],
        "notes": [{"message": "container 77aa disappeared during collection; skipped"}]
    })
}

#[test]
fn a_collection_is_read_from_text_in_any_key_order_and_from_a_value() {
    let value = collection();
    // serde_json sorts keys: `collected_at` comes before `hullcheck_collection` here.
    let sorted = value.to_string();
    assert!(sorted.find("collected_at") < sorted.find("hullcheck_collection"));
    let pretty = serde_json::from_value::<Collection>(value.clone())
        .unwrap()
        .to_json_pretty();
    for text in [sorted, pretty] {
        let mut bundle = Bundle::new();
        assert_eq!(bundle.add_json("host.json", &text).unwrap(), 2);
        assert_eq!(bundle.containers().len(), 1);
        assert!(bundle.has(DocumentKind::DaemonConfig));
        assert_eq!(bundle.notes().len(), 1);
    }
    let mut bundle = Bundle::new();
    assert_eq!(bundle.add_value("host.json", &value).unwrap(), 2);
    let sources: Vec<&str> = bundle.sources().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        sources,
        [
            "docker:/containers/4f2a/json",
            "/etc/docker/daemon.json (absent)"
        ]
    );
}

#[test]
fn notes_become_input_diagnostics_of_the_report() {
    let mut bundle = Bundle::new();
    bundle.add_value("host.json", &collection()).unwrap();
    let report = Engine::new(&Policy::default())
        .unwrap()
        .evaluate(&bundle, None);
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::CollectionNote)
        .expect("the collector's note is in the report");
    assert!(note.message.contains("77aa"));
    assert!(report.findings.iter().any(|f| f.code == "CFG001"));
}

#[test]
fn a_bad_document_names_its_source_and_leaves_the_bundle_unchanged() {
    let mut value = collection();
    value["documents"][1] =
        json!({"source": "docker:/info", "kind": "daemon_info", "document": "not an object"});
    let mut bundle = Bundle::new();
    let error = bundle.add_value("host.json", &value).unwrap_err();
    assert!(error.to_string().contains("docker:/info"), "{error}");
    assert!(bundle.is_empty());
    assert!(bundle.notes().is_empty());
}

#[test]
fn another_format_version_or_shape_is_a_typed_error() {
    let mut value = collection();
    value["hullcheck_collection"] = json!(2);
    let error = Bundle::new().add_value("host.json", &value).unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_input");
    assert_eq!(error.pointer(), Some("/hullcheck_collection"));
    let error = Bundle::new()
        .add_json("host.json", r#"{"hullcheck_collection": 1, "documents": [{"source": "x", "kind": "nonsense", "document": {}}]}"#)
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_input");
}

#[test]
fn a_document_that_only_mentions_the_key_is_not_a_collection() {
    let text = r#"{"Id": "4f2a", "Name": "/web", "Config": {"Labels": {"note": "\"hullcheck_collection\""}}, "HostConfig": {}}"#;
    let mut bundle = Bundle::new();
    assert_eq!(bundle.add_json("inspect.json", text).unwrap(), 1);
    assert_eq!(bundle.containers().len(), 1);
}
