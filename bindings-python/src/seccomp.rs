//! `hullcheck.generate_seccomp`: an allowlist seccomp profile from a syscall trace.

use hullcheck::seccomp::{self, GenerateOptions};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert;
use crate::errors::{usage, wrong_type};

/// The keys `GenerateOptions` reads; anything else is a caller's typo, reported rather than
/// ignored (the core's serde model skips unknown keys).
fn known_keys() -> Vec<String> {
    match serde_json::to_value(GenerateOptions::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Reads `options`: None or a dict in the shape of `GenerateOptions` (snake_case keys, all
/// optional). Unknown keys and values of the wrong type are usage errors.
pub(crate) fn options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<GenerateOptions> {
    let Some(obj) = options.filter(|o| !o.is_none()) else {
        return Ok(GenerateOptions::default());
    };
    if !obj.is_instance_of::<PyDict>() {
        return Err(wrong_type("options", "a dict or None", obj));
    }
    let value = convert::to_value(obj).map_err(|e| {
        usage(
            py,
            format!(
                "options are not JSON data: {} at {}",
                e.message,
                display_pointer(&e.pointer())
            ),
        )
    })?;
    let known = known_keys();
    if let serde_json::Value::Object(map) = &value
        && let Some(unknown) = map.keys().find(|k| !known.contains(k))
    {
        return Err(usage(
            py,
            format!(
                "unknown seccomp option `{unknown}` (expected: {})",
                known.join(", ")
            ),
        ));
    }
    serde_json::from_value(value).map_err(|e| usage(py, format!("invalid seccomp options: {e}")))
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Runs the generation without the GIL and returns the result as plain Python data.
pub(crate) fn generate<'py>(
    py: Python<'py>,
    trace: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let Ok(text) = trace.cast::<PyString>() else {
        return Err(wrong_type("trace", "a str", trace));
    };
    let text = crate::document::backed_str(py, "trace", text)?;
    let options = self::options(py, options)?;
    let generated = py.detach(|| seccomp::generate_from_trace(&text, &options));
    convert::serialize_to_py(py, &generated)
}
