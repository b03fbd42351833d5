//! The example policies in `examples/policies/` validate against the generated
//! `spec/policy.schema.json` and resolve; a broken policy is rejected with clear messages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use hullcheck::{Engine, Error, Policy};
use serde_json::Value;

fn policy_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&common::read(
        &common::repo_root().join("spec/policy.schema.json"),
    ))
    .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(document: &Value) -> Vec<String> {
    policy_validator()
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn example_policies_validate_and_resolve() {
    let dir = common::repo_root().join("examples/policies");
    let files = common::files_in(&dir, "json");
    assert!(
        files.len() >= 3,
        "expected example policies in {}",
        dir.display()
    );
    for path in files {
        let text = common::read(&path);
        let document: Value = serde_json::from_str(&text).unwrap();
        let errors = schema_errors(&document);
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join("\n")
        );
        let policy = Policy::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let engine = Engine::new(&policy).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            engine.diagnostics().is_empty(),
            "{}: {:?}",
            path.display(),
            engine.diagnostics()
        );
    }
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_example_policies_validate_and_resolve() {
    let dir = common::repo_root().join("examples/policies");
    let files = common::files_in(&dir, "yaml");
    assert!(
        !files.is_empty(),
        "expected YAML example policies in {}",
        dir.display()
    );
    for path in files {
        let text = common::read(&path);
        let policy = Policy::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The schema describes the YAML form too: validate the policy's JSON shape.
        let document = serde_json::to_value(&policy).unwrap();
        let errors = schema_errors(&document);
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join("\n")
        );
        let engine = Engine::new(&policy).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(engine.diagnostics().is_empty(), "{}", path.display());
        assert_eq!(policy.waivers.len(), 2);
        // An unquoted YAML date stays the text the user wrote.
        assert_eq!(policy.waivers[0].expires.as_deref(), Some("2027-03-31"));
    }
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_and_json_read_the_same_policy() {
    let yaml = "select: [CFG001]\nfail_on: critical\nwaivers:\n  - {rule: CFG001, reason: r, expires: 2027-01-01}\n";
    let json = r#"{"select": ["CFG001"], "fail_on": "critical", "waivers": [{"rule": "CFG001", "reason": "r", "expires": "2027-01-01"}]}"#;
    assert_eq!(Policy::parse(yaml).unwrap(), Policy::parse(json).unwrap());
    let err = Policy::parse("select: [CFG001]\nfial_on: high\n").unwrap_err();
    assert!(err.to_string().contains("fial_on"), "{err}");
    let err = Policy::parse("waivers:\n  - rule: CFG001\n").unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    // Deeply nested input is refused, not a stack overflow.
    let deep = format!("select: {}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(Policy::parse(&deep).is_err());
}

#[test]
fn a_broken_policy_is_rejected_with_clear_messages() {
    let text = common::read(&common::tests_dir().join("fixtures/policy/broken.json"));
    let document: Value = serde_json::from_str(&text).unwrap();
    let errors = schema_errors(&document);
    let all = errors.join("\n");
    // The schema names every problem and where it is.
    assert!(all.contains("/fail_on"), "{all}");
    assert!(all.contains("\"reason\" is a required property"), "{all}");
    assert!(all.contains("/waivers/0/expires"), "{all}");
    assert_eq!(errors.len(), 3, "{all}");
    // The library refuses it too, naming the first problem.
    match Policy::parse(&text) {
        Err(e @ Error::Policy { .. }) => {
            let message = e.to_string();
            assert!(message.starts_with("invalid policy: "), "{message}");
            assert!(message.contains("unknown variant `severe`"), "{message}");
        }
        other => panic!("expected a policy error, got {other:?}"),
    }
}

#[test]
fn truncated_and_mangled_policies_are_errors_not_panics() {
    let dir = common::repo_root().join("examples/policies");
    let mut files = common::files_in(&dir, "json");
    files.extend(common::files_in(&dir, "yaml"));
    for path in files {
        let text = common::read(&path);
        let mut cuts: Vec<usize> = (0..=text.len())
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        cuts.dedup();
        for cut in cuts {
            let head = &text[..cut];
            // Any outcome but a panic is fine; resolving must not panic either.
            if let Ok(policy) = Policy::parse(head) {
                let _ = Engine::new(&policy);
            }
            let mangled = format!("{head}\u{0}[{{\"");
            if let Ok(policy) = Policy::parse(&mangled) {
                let _ = Engine::new(&policy);
            }
        }
    }
}
