//! Label schemas: the example schema validates against `spec/label-schema.schema.json`,
//! generated labels pass the schema they were generated from (as image config labels, as
//! Dockerfile `LABEL` lines and as `--label` arguments), and a broken schema in a policy is a
//! policy error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeMap;

use hullcheck::labels::{Fact, LabelSchema};
use hullcheck::{Bundle, Engine, Error, OutcomeStatus, Policy};
use serde_json::{Value, json};

fn example_schema() -> Value {
    serde_json::from_str(&common::read(
        &common::repo_root().join("examples/labels/label-schema.json"),
    ))
    .unwrap()
}

fn facts() -> BTreeMap<Fact, String> {
    BTreeMap::from([
        (
            Fact::Revision,
            "4e1243bd22c66e76c2ba9eddc1f91394e57f9f83".to_owned(),
        ),
        (Fact::Source, "https://github.com/acme/shop".to_owned()),
        (Fact::Created, "2024-05-01T12:00:00Z".to_owned()),
        (Fact::Version, "2.3.0".to_owned()),
        (
            Fact::Licenses,
            "Apache-2.0 AND (MIT OR BSD-3-Clause)".to_owned(),
        ),
        (Fact::Title, "shop \"web\" $frontend".to_owned()),
    ])
}

fn mon030(schema: &Value, bundle: &Bundle) -> hullcheck::Report {
    let mut policy = Policy {
        select: vec!["MON030".to_owned()],
        ..Policy::default()
    };
    policy.parameters.insert(
        "MON030".to_owned(),
        BTreeMap::from([("schema".to_owned(), schema.clone())]),
    );
    Engine::new(&policy).unwrap().evaluate(bundle, None)
}

#[test]
fn example_schema_validates_against_the_json_schema() {
    let meta: Value = serde_json::from_str(&common::read(
        &common::repo_root().join("spec/label-schema.schema.json"),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&meta).unwrap();
    let example = example_schema();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!validator.is_valid(&json!({"labels": {"a.b": {"type": "colour"}}})));
    LabelSchema::from_value(&example).unwrap();
}

#[test]
fn generated_labels_pass_their_schema_in_every_form() {
    let value = example_schema();
    let schema = LabelSchema::from_value(&value).unwrap();
    let generated = schema.generate(&facts());
    assert!(generated.problems.is_empty(), "{:?}", generated.problems);
    // Every required label was generated (from facts or defaults), plus the title fact.
    assert_eq!(generated.labels.len(), 8, "{:?}", generated.labels);
    assert_eq!(
        generated
            .labels
            .get("com.example.data-classification")
            .map(String::as_str),
        Some("internal")
    );

    // 1. As image config labels.
    let image = json!({"Id": "sha256:1", "RepoTags": ["shop:2.3.0"], "Config": {"Labels": generated.labels}});
    let mut bundle = Bundle::new();
    bundle.add_json("image.json", &image.to_string()).unwrap();
    let report = mon030(&value, &bundle);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.outcomes[0].status, OutcomeStatus::Pass);

    // 2. As Dockerfile LABEL lines (quotes and `$` escaped, read back by the Dockerfile parser).
    let dockerfile = format!("FROM alpine:3.20\n{}\n", generated.label_lines.join("\n"));
    let mut bundle = Bundle::new();
    bundle.add_dockerfile("Dockerfile", &dockerfile).unwrap();
    let report = mon030(&value, &bundle);
    assert!(
        report.findings.is_empty(),
        "{dockerfile}\n{:?}",
        report.findings
    );
    let parsed = hullcheck::document::parse_dockerfile(&dockerfile, "Dockerfile").unwrap();
    let mut read_back = BTreeMap::new();
    for ins in parsed.instructions.iter().filter(|i| i.keyword == "LABEL") {
        for (k, v) in ins.pairs() {
            read_back.insert(k, v.unwrap_or_default());
        }
    }
    assert_eq!(read_back, generated.labels);

    // 3. As --label arguments.
    let mut from_args = BTreeMap::new();
    for pair in generated.args.chunks(2) {
        assert_eq!(pair[0], "--label");
        let (k, v) = pair[1].split_once('=').unwrap();
        from_args.insert(k.to_owned(), v.to_owned());
    }
    assert_eq!(from_args, generated.labels);
}

#[test]
fn generation_reports_missing_and_invalid_facts() {
    let schema = LabelSchema::from_value(&example_schema()).unwrap();
    let mut facts = facts();
    facts.remove(&Fact::Revision);
    facts.insert(Fact::Version, "v2.3".to_owned());
    let generated = schema.generate(&facts);
    let keys: Vec<&str> = generated.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "org.opencontainers.image.revision",
            "org.opencontainers.image.version"
        ]
    );
    assert!(
        !generated
            .labels
            .contains_key("org.opencontainers.image.version")
    );
}

#[test]
fn a_broken_schema_in_a_policy_is_a_policy_error() {
    let mut policy = Policy::default();
    policy.parameters.insert(
        "MON030".to_owned(),
        BTreeMap::from([(
            "schema".to_owned(),
            json!({"labels": {"com.example.tier": {"type": "enum"}}}),
        )]),
    );
    match Engine::new(&policy) {
        Err(Error::Policy { message, .. }) => {
            assert!(message.contains("com.example.tier"), "{message}");
        }
        other => panic!("expected a policy error, got {other:?}"),
    }
}

#[test]
fn generated_labels_serialise_as_the_bindings_return_them() {
    let schema = LabelSchema::parse(
        "labels:\n  org.opencontainers.image.revision: {type: git-hash, required: true, fact: revision}\n  org.opencontainers.image.title: {fact: title}\n",
    )
    .unwrap();
    let mut facts = BTreeMap::new();
    facts.insert(Fact::Title, "shop \"api\"".to_owned());
    let value = serde_json::to_value(schema.generate(&facts)).unwrap();
    assert_eq!(
        value["labels"],
        json!({"org.opencontainers.image.title": "shop \"api\""})
    );
    assert_eq!(
        value["args"],
        json!(["--label", "org.opencontainers.image.title=shop \"api\""])
    );
    assert_eq!(value["label_lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(value["problems"][0]["kind"], "missing");
    assert_eq!(
        value["problems"][0]["key"],
        "org.opencontainers.image.revision"
    );
    // JSON text reads through the same entry point.
    assert!(LabelSchema::parse(r#"{"labels": {}}"#).is_ok());
    assert!(matches!(
        LabelSchema::parse("labels: [1"),
        Err(Error::Policy { .. })
    ));
}
