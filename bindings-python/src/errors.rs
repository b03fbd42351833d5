//! `hullcheck::Error` → the exception classes defined in Python (`hullcheck/errors.py`).
//!
//! The classes live in Python so they are ordinary, picklable, documented exception types with
//! keyword attributes; Rust looks them up by name (once per interpreter) and instantiates them.

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

const ERRORS_MODULE: &str = "hullcheck.errors";

static BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_INPUT: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static LIMIT_EXCEEDED: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static POLICY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static USAGE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static COLLECTION: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, ERRORS_MODULE, name)
}

/// Converts a core error into the matching Python exception.
pub(crate) fn to_py_err(py: Python<'_>, err: &hullcheck::Error) -> PyErr {
    build(py, err).unwrap_or_else(|lookup| {
        // The errors module could not be imported: still raise something meaningful.
        PyRuntimeError::new_err(format!("{err} (and hullcheck.errors failed: {lookup})"))
    })
}

fn build(py: Python<'_>, err: &hullcheck::Error) -> PyResult<PyErr> {
    let message = err.to_string();
    let kwargs = PyDict::new(py);
    let cls = match err {
        hullcheck::Error::InvalidInput {
            problem,
            source_name,
            kind,
            pointer,
            line,
            column,
            ..
        } => {
            kwargs.set_item("problem", problem.as_str())?;
            kwargs.set_item("source", source_name.as_deref())?;
            kwargs.set_item("document_kind", kind.map(hullcheck::DocumentKind::as_str))?;
            kwargs.set_item("pointer", pointer.as_deref())?;
            kwargs.set_item("line", *line)?;
            kwargs.set_item("column", *column)?;
            class(py, &INVALID_INPUT, "InvalidInputError")?
        }
        hullcheck::Error::LimitExceeded {
            limit,
            value,
            max,
            source_name,
        } => {
            kwargs.set_item("limit", limit.as_str())?;
            kwargs.set_item("value", *value)?;
            kwargs.set_item("max", *max)?;
            kwargs.set_item("source", source_name.as_deref())?;
            class(py, &LIMIT_EXCEEDED, "LimitExceededError")?
        }
        hullcheck::Error::Policy { pointer, .. } => {
            kwargs.set_item("pointer", pointer.as_deref())?;
            class(py, &POLICY, "PolicyError")?
        }
        hullcheck::Error::Usage { .. } => class(py, &USAGE, "UsageError")?,
        // Kinds a newer core adds are still HullcheckErrors, with their stable kind id.
        _ => {
            kwargs.set_item("kind", err.kind().as_str())?;
            class(py, &BASE, "HullcheckError")?
        }
    };
    let instance = cls.call((message,), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// The Python exception for a `Result` of the core.
pub(crate) trait IntoPyResult<T> {
    /// Maps the core error to its Python class.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, hullcheck::Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e))
    }
}

/// A `TypeError` naming the accepted types of an argument.
pub(crate) fn wrong_type(argument: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let got = got
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!("{argument} must be {expected}, not {got}"))
}

/// A usage error (`hullcheck.UsageError`), for arguments the core never sees.
pub(crate) fn usage(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py_err(
        py,
        &hullcheck::Error::Usage {
            message: message.into(),
        },
    )
}

/// A collection error (`hullcheck.CollectionError`): the live engine or host could not be read.
pub(crate) fn collection_error(py: Python<'_>, message: &str) -> PyErr {
    class(py, &COLLECTION, "CollectionError")
        .and_then(|cls| cls.call1((message,)))
        .map_or_else(
            |lookup| {
                PyRuntimeError::new_err(format!(
                    "{message} (and hullcheck.errors failed: {lookup})"
                ))
            },
            PyErr::from_value,
        )
}
