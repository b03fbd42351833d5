//! `hullcheck.generate_labels`: image labels from build facts, under a label schema.

use std::collections::BTreeMap;

use hullcheck::labels::{Fact, LabelSchema};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert;
use crate::errors::{IntoPyResult, usage, wrong_type};

/// Reads `schema`: None (the built-in OCI schema), a dict in the shape of
/// `spec/label-schema.schema.json`, or that schema as JSON or YAML text. A schema that does not
/// read is a `PolicyError`, as in a policy.
fn schema(py: Python<'_>, schema: Option<&Bound<'_, PyAny>>) -> PyResult<LabelSchema> {
    let Some(obj) = schema.filter(|o| !o.is_none()) else {
        return Ok(LabelSchema::oci());
    };
    if let Ok(text) = obj.cast::<PyString>() {
        let text = crate::document::backed_str(py, "schema", text)?;
        return LabelSchema::parse(&text).or_raise(py);
    }
    if !obj.is_instance_of::<PyDict>() {
        return Err(wrong_type("schema", "a dict, a str or None", obj));
    }
    let value = convert::to_value(obj)
        .map_err(|e| usage(py, format!("the schema is not JSON data: {}", e.message)))?;
    LabelSchema::from_value(&value).or_raise(py)
}

/// Reads `facts`: a dict from fact names (`created`, `revision`, `source`, `version`,
/// `licenses`, `url`, `documentation`, `title`, `description`, `vendor`, `authors`,
/// `base_name`, `base_digest`) to str values.
fn facts(py: Python<'_>, facts: &Bound<'_, PyAny>) -> PyResult<BTreeMap<Fact, String>> {
    if !facts.is_instance_of::<PyDict>() {
        return Err(wrong_type("facts", "a dict of fact names to str", facts));
    }
    let value = convert::to_value(facts)
        .map_err(|e| usage(py, format!("facts are not JSON data: {}", e.message)))?;
    serde_json::from_value(value).map_err(|e| usage(py, format!("invalid facts: {e}")))
}

/// Generates the labels `schema` knows a fact (or a default) for and returns plain data:
/// `labels`, `label_lines`, `args` and `problems`.
pub(crate) fn generate<'py>(
    py: Python<'py>,
    facts: &Bound<'py, PyAny>,
    schema: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let facts = self::facts(py, facts)?;
    let schema = self::schema(py, schema)?;
    convert::serialize_to_py(py, &schema.generate(&facts))
}
