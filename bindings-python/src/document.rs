//! The documents a caller hands to `evaluate`, sorted out while the GIL is held, and added to a
//! bundle after it is released.
//!
//! Accepted shapes (decided by Python type only, never by content):
//!
//! - `str` / `bytes` / `bytearray`: one JSON text (a document, or a `docker inspect` array),
//!   named `input`. Parsed in Rust without the GIL.
//! - `dict`: one parsed document, named `input`.
//! - `list` whose items are all dicts (or an empty list): one parsed document, the array
//!   `docker inspect` prints, named `input`; findings point at `/0/...`, `/1/...`.
//! - `list` with at least one item that is a str, bytes, bytearray, list or tuple: several
//!   documents, one per item, named `input[0]`, `input[1]`, ... (a dict item is then one
//!   parsed document of its own).
//! - `(source, document)` or `(source, document, kind)` tuple, at the top or as a list item: a
//!   document named by the caller, optionally with its kind stated instead of detected.

use hullcheck::document::{ComposeOptions, detect_value_kind};
use hullcheck::{Bundle, DocumentKind, InputProblem};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::convert;
use crate::errors::{usage, wrong_type};

/// The default source name of a document the caller did not name.
pub(crate) const DEFAULT_SOURCE: &str = "input";

const ACCEPTED: &str =
    "a JSON str, bytes, a parsed dict or list, a (source, document) tuple, or a list of those";

/// The body of one document.
pub(crate) enum Body {
    Text(PyBackedStr),
    Bytes(PyBackedBytes),
    Owned(Vec<u8>),
    Value(serde_json::Value),
    /// A conversion that failed; reported in document order, like a parse error.
    Invalid(convert::NotJson),
}

/// One document: its name, stated kind and body.
pub(crate) struct Input {
    pub(crate) source: String,
    pub(crate) kind: Option<DocumentKind>,
    pub(crate) body: Body,
}

/// Sorts `documents` into inputs (GIL held; cheap for text, a conversion for parsed objects).
pub(crate) fn collect(py: Python<'_>, documents: &Bound<'_, PyAny>) -> PyResult<Vec<Input>> {
    if let Ok(list) = documents.cast::<PyList>() {
        let several = list.iter().any(|item| {
            item.is_instance_of::<PyString>()
                || item.is_instance_of::<PyBytes>()
                || item.is_instance_of::<PyByteArray>()
                || item.is_instance_of::<PyList>()
                || item.is_instance_of::<PyTuple>()
        });
        if several {
            let mut out = Vec::with_capacity(list.len());
            for (index, item) in list.iter().enumerate() {
                if let Ok(tuple) = item.cast::<PyTuple>() {
                    out.push(named(py, tuple)?);
                } else {
                    out.push(one(&item, format!("{DEFAULT_SOURCE}[{index}]"), None)?);
                }
            }
            return Ok(out);
        }
    }
    if let Ok(tuple) = documents.cast::<PyTuple>() {
        return Ok(vec![named(py, tuple)?]);
    }
    Ok(vec![one(documents, DEFAULT_SOURCE.to_owned(), None)?])
}

pub(crate) fn named(py: Python<'_>, tuple: &Bound<'_, PyTuple>) -> PyResult<Input> {
    let arity = tuple.len();
    if !(2..=3).contains(&arity) {
        return Err(usage(
            py,
            format!(
                "a document tuple is (source, document) or (source, document, kind); got {arity} items"
            ),
        ));
    }
    let source_obj = tuple.get_item(0)?;
    let source: String = source_obj
        .extract()
        .map_err(|_| wrong_type("the source of a document tuple", "a str", &source_obj))?;
    let kind = if arity == 3 {
        let kind_obj = tuple.get_item(2)?;
        if kind_obj.is_none() {
            None
        } else {
            let name: PyBackedStr = kind_obj
                .extract()
                .map_err(|_| wrong_type("the kind of a document tuple", "a str", &kind_obj))?;
            Some(DocumentKind::from_name(&name).ok_or_else(|| {
                usage(
                    py,
                    format!(
                        "unknown document kind `{}` (expected one of: {})",
                        &*name,
                        DocumentKind::ALL.map(DocumentKind::as_str).join(", ")
                    ),
                )
            })?)
        }
    } else {
        None
    };
    let document = tuple.get_item(1)?;
    if document.is_instance_of::<PyTuple>() {
        return Err(wrong_type("the document of a tuple", ACCEPTED, &document));
    }
    one(&document, source, kind)
}

pub(crate) fn one(
    obj: &Bound<'_, PyAny>,
    source: String,
    kind: Option<DocumentKind>,
) -> PyResult<Input> {
    let body = if let Ok(text) = obj.cast::<PyString>() {
        Body::Text(backed_str(obj.py(), &source, text)?)
    } else if let Ok(bytes) = obj.cast::<PyBytes>() {
        Body::Bytes(bytes.extract()?)
    } else if let Ok(array) = obj.cast::<PyByteArray>() {
        Body::Owned(array.to_vec())
    } else if obj.is_instance_of::<PyDict>() || obj.is_instance_of::<PyList>() {
        match convert::to_value(obj) {
            Ok(value) => Body::Value(value),
            Err(problem) => Body::Invalid(problem),
        }
    } else {
        return Err(wrong_type("documents", ACCEPTED, obj));
    };
    Ok(Input { source, kind, body })
}

/// Adds every input to a new bundle, in order; compose files are read with `compose` (their
/// interpolation variables, project name and referenced files) when given. Runs without the
/// GIL.
pub(crate) fn bundle(
    inputs: &[Input],
    compose: Option<&ComposeOptions>,
) -> Result<Bundle, hullcheck::Error> {
    let mut bundle = Bundle::new();
    for input in inputs {
        add(&mut bundle, input, compose).map_err(|e| named_source(e, &input.source))?;
    }
    Ok(bundle)
}

/// Names the source in an input error the core left unnamed, so callers of several documents
/// always learn which one failed.
fn named_source(mut err: hullcheck::Error, source: &str) -> hullcheck::Error {
    if let hullcheck::Error::InvalidInput {
        source_name: source_name @ None,
        ..
    }
    | hullcheck::Error::LimitExceeded {
        source_name: source_name @ None,
        ..
    } = &mut err
    {
        *source_name = Some(source.to_owned());
    }
    err
}

fn add(
    bundle: &mut Bundle,
    input: &Input,
    compose: Option<&ComposeOptions>,
) -> Result<(), hullcheck::Error> {
    let source = input.source.as_str();
    match &input.body {
        Body::Text(text) => add_text(bundle, source, input.kind, text, compose),
        Body::Bytes(bytes) => add_text(bundle, source, input.kind, utf8(source, bytes)?, compose),
        Body::Owned(bytes) => add_text(bundle, source, input.kind, utf8(source, bytes)?, compose),
        Body::Value(value) => {
            if let Some(options) = compose
                && is_compose(input.kind, || detect_value_kind(value))
            {
                // A compose file as a str value, or in its JSON form (YAML reads JSON).
                let text = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                return bundle.add_compose(source, &text, options).map(drop);
            }
            match input.kind {
                Some(kind) => bundle.add_value_as(source, kind, value).map(drop),
                None => bundle.add_value(source, value).map(drop),
            }
        }
        Body::Invalid(problem) => Err(problem.to_error(source)),
    }
}

/// Whether a document is a compose file: its stated kind, else its detected one (a document
/// that matches no kind is left to the ordinary path, which reports the error).
fn is_compose(
    stated: Option<DocumentKind>,
    detect: impl FnOnce() -> Result<DocumentKind, hullcheck::Error>,
) -> bool {
    stated.map_or_else(detect, Ok).ok() == Some(DocumentKind::Compose)
}

fn add_text(
    bundle: &mut Bundle,
    source: &str,
    kind: Option<DocumentKind>,
    text: &str,
    compose: Option<&ComposeOptions>,
) -> Result<(), hullcheck::Error> {
    if let Some(options) = compose
        && is_compose(kind, || hullcheck::detect_kind(text))
    {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        return bundle.add_compose(source, text, options).map(drop);
    }
    match kind {
        Some(kind) => bundle.add_json_as(source, kind, text).map(drop),
        None => bundle.add_json(source, text).map(drop),
    }
}

/// The UTF-8 text of a str; a str holding lone surrogates is an input error.
pub(crate) fn backed_str(
    py: Python<'_>,
    source: &str,
    text: &Bound<'_, PyString>,
) -> PyResult<PyBackedStr> {
    text.extract().map_err(|_| {
        crate::errors::to_py_err(
            py,
            &hullcheck::Error::InvalidInput {
                problem: InputProblem::Syntax,
                source_name: Some(source.to_owned()),
                kind: None,
                pointer: None,
                line: None,
                column: None,
                message: "the str is not valid Unicode (it holds a lone surrogate)".to_owned(),
            },
        )
    })
}

/// Decodes UTF-8, reporting the line and column of the first invalid byte.
pub(crate) fn utf8<'a>(source: &str, bytes: &'a [u8]) -> Result<&'a str, hullcheck::Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = valid.split(|b| *b == b'\n').count();
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        // Columns count characters, like serde_json's; the prefix is valid UTF-8.
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        hullcheck::Error::InvalidInput {
            problem: InputProblem::Syntax,
            source_name: Some(source.to_owned()),
            kind: None,
            pointer: None,
            line: Some(line),
            column: Some(column),
            message: format!(
                "the document is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::utf8;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let Err(hullcheck::Error::InvalidInput {
            line,
            column,
            source_name,
            ..
        }) = utf8("doc", b"{\n  \"a\": \"\xc3\xa9\xff\"}")
        else {
            unreachable!("invalid UTF-8 must be an input error");
        };
        assert_eq!((line, column), (Some(2), Some(10)));
        assert_eq!(source_name.as_deref(), Some("doc"));
        assert_eq!(utf8("doc", "ok \u{e9}".as_bytes()).ok(), Some("ok \u{e9}"));
    }
}
