//! Policies, the evaluation time and `hullcheck.Engine`.

use hullcheck::document::ComposeOptions;
use hullcheck::{Policy, Timestamp};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyString, PyType};

use crate::batch::ReportStream;
use crate::convert;
use crate::document;
use crate::errors::{IntoPyResult, usage, wrong_type};
use crate::report::Report;

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Reads `policy`: None, a dict, or JSON or YAML text (str or bytes).
pub(crate) fn policy(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    let Some(obj) = policy.filter(|p| !p.is_none()) else {
        return Ok(Policy::default());
    };
    let policy_error = |message: String| hullcheck::Error::policy(message);
    let text = if let Ok(text) = obj.cast::<PyString>() {
        text.to_cow()?.into_owned()
    } else if let Ok(bytes) = obj.cast::<PyBytes>() {
        std::str::from_utf8(bytes.as_bytes())
            .map_err(|e| policy_error(format!("the policy is not valid UTF-8: {e}")))
            .or_raise(py)?
            .to_owned()
    } else if obj.is_instance_of::<PyDict>() {
        let value = convert::to_value(obj)
            .map_err(|e| {
                policy_error(format!(
                    "the policy is not JSON data: {} at {}",
                    e.message,
                    display_pointer(&e.pointer())
                ))
            })
            .or_raise(py)?;
        value.to_string()
    } else {
        return Err(wrong_type(
            "policy",
            "a dict, a JSON or YAML str or None",
            obj,
        ));
    };
    // JSON or YAML text, told apart like the command's --policy files (`Policy::parse`).
    Policy::parse(&text).or_raise(py)
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Reads `now`: None, an int (Unix seconds) or a timezone-aware `datetime`.
pub(crate) fn now(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Timestamp>> {
    let Some(obj) = now.filter(|n| !n.is_none()) else {
        return Ok(None);
    };
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        let seconds: i64 = obj
            .extract()
            .map_err(|_| usage(py, "now is outside the 64-bit range of Unix seconds"))?;
        return Ok(Some(Timestamp::from_unix_seconds(seconds)));
    }
    let datetime = DATETIME.import(py, "datetime", "datetime")?;
    if obj.is_instance(datetime)? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(usage(
                py,
                "now must be a timezone-aware datetime (a naive datetime has no defined instant); use datetime.now(timezone.utc)",
            ));
        }
        let seconds: f64 = obj.call_method0("timestamp")?.extract()?;
        // Whole seconds, rounded towards the past like Unix time; the range check keeps the cast exact.
        let floor = seconds.floor();
        if !(-9.0e15..=9.0e15).contains(&floor) {
            return Err(usage(py, "now is out of range"));
        }
        #[allow(
            clippy::cast_possible_truncation,
            reason = "range-checked above; datetimes span years 1 to 9999"
        )]
        let whole = floor as i64;
        return Ok(Some(Timestamp::from_unix_seconds(whole)));
    }
    Err(wrong_type(
        "now",
        "an int (Unix seconds), a timezone-aware datetime or None",
        obj,
    ))
}

/// Reads `compose`: None or a dict in the shape of `hullcheck::ComposeOptions` (`variables`,
/// `project`, `files`; every key optional, unknown keys refused).
pub(crate) fn compose(
    py: Python<'_>,
    compose: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<ComposeOptions>> {
    let Some(obj) = compose.filter(|c| !c.is_none()) else {
        return Ok(None);
    };
    if !obj.is_instance_of::<PyDict>() {
        return Err(wrong_type("compose", "a dict or None", obj));
    }
    let value = convert::to_value(obj).map_err(|e| {
        usage(
            py,
            format!(
                "compose options are not JSON data: {} at {}",
                e.message,
                display_pointer(&e.pointer())
            ),
        )
    })?;
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| usage(py, format!("invalid compose options: {e}")))
}

/// Evaluates `documents` with `engine`: sorts them out with the GIL held, then parses and
/// evaluates without it.
pub(crate) fn run(
    py: Python<'_>,
    engine: &hullcheck::Engine,
    documents: &Bound<'_, PyAny>,
    now: Option<Timestamp>,
    compose: Option<&ComposeOptions>,
) -> PyResult<Report> {
    let inputs = document::collect(py, documents)?;
    let result = py
        .detach(|| document::bundle(&inputs, compose).map(|bundle| engine.evaluate(&bundle, now)));
    // `inputs` (which may hold references to Python objects) is dropped here, with the GIL.
    let report = result.or_raise(py)?;
    drop(inputs);
    Ok(Report::new(report))
}

/// A policy resolved against the rule catalog, for evaluating many inputs with one policy.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Engine {
    inner: hullcheck::Engine,
}

impl Engine {
    /// The core engine.
    pub(crate) fn inner(&self) -> &hullcheck::Engine {
        &self.inner
    }

    /// An engine for `policy` (None: the default policy).
    pub(crate) fn from_policy(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let policy = self::policy(py, policy)?;
        Ok(Engine {
            inner: hullcheck::Engine::new(&policy).or_raise(py)?,
        })
    }
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (policy = None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Self::from_policy(py, policy)
    }

    /// Codes of the rules this engine runs, ordered by code.
    #[getter]
    fn rules(&self) -> Vec<&'static str> {
        self.inner.rules().iter().map(|r| r.code).collect()
    }

    /// Evaluates `documents` (same forms as `hullcheck.evaluate`).
    #[pyo3(signature = (documents, *, now = None, compose = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        documents: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        compose: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Report> {
        let now = self::now(py, now)?;
        let compose = self::compose(py, compose)?;
        run(py, &self.inner, documents, now, compose.as_ref())
    }

    /// Evaluates each document of `documents` (any iterable) on its own, lazily: see
    /// `hullcheck.evaluate_stream`.
    #[pyo3(signature = (documents, *, now = None, kind = None, source = None))]
    fn evaluate_stream(
        slf: &Bound<'_, Self>,
        documents: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        kind: Option<&str>,
        source: Option<String>,
    ) -> PyResult<ReportStream> {
        let py = slf.py();
        let now = self::now(py, now)?;
        ReportStream::new(py, slf.clone().unbind(), documents, now, kind, source)
    }

    /// Evaluates many bundles across threads: see `hullcheck.evaluate_many`.
    #[pyo3(signature = (bundles, *, now = None, compose = None, threads = None))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        bundles: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        compose: Option<&Bound<'_, PyAny>>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Report>> {
        let now = self::now(py, now)?;
        let compose = self::compose(py, compose)?;
        crate::batch::many(py, &self.inner, bundles, now, compose.as_ref(), threads)
    }

    fn __repr__(&self) -> String {
        format!("Engine(rules={:?})", self.rules())
    }
}
