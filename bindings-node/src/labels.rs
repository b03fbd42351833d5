//! `generateLabels`: image labels from build facts, under the built-in or a caller's schema.

use std::collections::BTreeMap;

use hullcheck::labels::{Fact, LabelSchema};
use napi::ValueType;
use napi::bindgen_prelude::{JsValue, Unknown};

use crate::convert::{self, JsonValue};
use crate::errors::Failure;

/// The generated labels as JSON text: `labels`, `label_lines`, `args`, `problems`.
pub(crate) fn generate_json(
    facts: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> Result<String, Failure> {
    let facts = self::facts(facts)?;
    let schema = match options {
        Some(options) => schema(options)?,
        None => LabelSchema::oci(),
    };
    serde_json::to_string(&schema.generate(&facts))
        .map_err(|e| Failure::Napi(napi::Error::from_reason(e.to_string())))
}

/// An object, or a usage error naming `what` and what it got.
fn object_value(value: &Unknown<'_>, what: &str) -> Result<serde_json::Value, Failure> {
    match value.get_type()? {
        ValueType::Object if !value.is_array()? => {}
        other => {
            let got = if other == ValueType::Object {
                "an array"
            } else {
                convert::type_label(other)
            };
            return Err(Failure::usage(format!(
                "{what} must be an object, got {got}"
            )));
        }
    }
    match convert::json_value(value) {
        Ok(JsonValue(value)) => Ok(value),
        Err(Failure::Core(e)) => Err(Failure::usage(format!("{what} are not JSON data: {e}"))),
        Err(other) => Err(other),
    }
}

/// Fact names (`created`, `revision`, `source`, ...) to string values.
fn facts(facts: &Unknown<'_>) -> Result<BTreeMap<Fact, String>, Failure> {
    let value = object_value(facts, "facts")?;
    serde_json::from_value(value).map_err(|e| Failure::usage(format!("invalid facts: {e}")))
}

/// `options.schema`: absent (the built-in OCI schema), an object in the shape of
/// `spec/label-schema.schema.json`, or that schema as JSON or YAML text.
fn schema(options: &Unknown<'_>) -> Result<LabelSchema, Failure> {
    if matches!(options.get_type()?, ValueType::Undefined | ValueType::Null) {
        return Ok(LabelSchema::oci());
    }
    let options = object_value(options, "options")?;
    let Some(map) = options.as_object() else {
        return Ok(LabelSchema::oci());
    };
    if let Some(unknown) = map.keys().find(|k| k.as_str() != "schema") {
        return Err(Failure::usage(format!(
            "unknown option `{unknown}` (expected: schema)"
        )));
    }
    match map.get("schema") {
        None | Some(serde_json::Value::Null) => Ok(LabelSchema::oci()),
        Some(serde_json::Value::String(text)) => Ok(LabelSchema::parse(text)?),
        Some(schema @ serde_json::Value::Object(_)) => Ok(LabelSchema::from_value(schema)?),
        Some(_) => Err(Failure::usage(
            "options.schema must be an object, a string or null".to_owned(),
        )),
    }
}
