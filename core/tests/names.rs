//! Enums that carry a name both in serde (JSON, schemas, bindings) and in a hand-written
//! `as_str` (messages, renderers, the bindings' fast paths) give every variant the same name
//! in both. The variants are read from each enum's JSON Schema, so a new variant is checked
//! without being listed here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::document::DocumentKind;
use hullcheck::labels::LabelType;
use hullcheck::policy::{DiagnosticCode, Profile};
use hullcheck::report::ControlStatus;
use hullcheck::rules::{Family, SubjectKind};
use hullcheck::{Format, OutcomeStatus, Severity};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every string a schema names as a value (`enum` lists and `const`s), in order.
fn schema_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                match (key.as_str(), item) {
                    ("enum", serde_json::Value::Array(items)) => out.extend(
                        items
                            .iter()
                            .filter_map(serde_json::Value::as_str)
                            .map(str::to_owned),
                    ),
                    ("const", serde_json::Value::String(name)) => out.push(name.clone()),
                    _ => schema_names(item, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| schema_names(i, out)),
        _ => {}
    }
}

fn check<T>(as_str: fn(&T) -> &'static str) -> usize
where
    T: JsonSchema + DeserializeOwned + Serialize,
{
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let mut names = Vec::new();
    schema_names(&schema, &mut names);
    let type_name = std::any::type_name::<T>();
    assert!(
        !names.is_empty(),
        "{type_name}: the schema names no variant"
    );
    for name in &names {
        let variant: T = serde_json::from_value(serde_json::Value::String(name.clone()))
            .unwrap_or_else(|e| panic!("{type_name}: `{name}` does not deserialize: {e}"));
        assert_eq!(
            as_str(&variant),
            name,
            "{type_name}: as_str differs from serde"
        );
        assert_eq!(
            serde_json::to_value(&variant).unwrap(),
            serde_json::Value::String(name.clone()),
            "{type_name}: `{name}` does not serialize back to itself"
        );
    }
    names.len()
}

#[test]
fn serde_names_and_as_str_agree() {
    let counted = [
        check::<DocumentKind>(|v| v.as_str()),
        check::<Severity>(|v| v.as_str()),
        check::<OutcomeStatus>(|v| v.as_str()),
        check::<ControlStatus>(|v| v.as_str()),
        check::<DiagnosticCode>(|v| v.as_str()),
        check::<SubjectKind>(|v| v.as_str()),
        check::<Family>(|v| v.as_str()),
        check::<Profile>(|v| v.as_str()),
        check::<LabelType>(|v| v.as_str()),
        check::<Format>(|v| v.as_str()),
    ];
    assert_eq!(counted[0], DocumentKind::ALL.len());
}
