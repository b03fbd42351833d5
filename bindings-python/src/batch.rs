//! Many evaluations in one call: a lazy stream of one-document reports (`evaluate_stream`), and
//! a batch of bundles evaluated across threads (`evaluate_many`).
//!
//! A stream pulls one item from the caller's iterable per report, so memory is bounded by one
//! document whatever the length of the stream; each item is parsed and evaluated with the GIL
//! released. A batch sorts every bundle out with the GIL held (as `evaluate` does), then releases
//! the GIL once and parses and evaluates the bundles on scoped threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use hullcheck::document::ComposeOptions;
use hullcheck::{DocumentKind, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyString, PyTuple, PyType};

use crate::document::{self, Input};
use crate::engine::Engine;
use crate::errors::{IntoPyResult, usage, wrong_type};
use crate::report::Report;

static IO_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An iterator over the caller's iterable of documents; refuses a single document (a str, bytes
/// or dict is iterable, but iterating it yields characters, byte values or keys).
fn iterate<'py>(
    argument: &str,
    expected: &str,
    obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyIterator>> {
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_instance_of::<PyDict>()
    {
        let got = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        return Err(PyTypeError::new_err(format!(
            "{argument} must be {expected}, not {got} (one document: use evaluate(), or wrap it in a list)"
        )));
    }
    PyIterator::from_object(obj).map_err(|_| wrong_type(argument, expected, obj))
}

/// Reads the `kind` argument: None or a document kind name.
fn stated_kind(py: Python<'_>, kind: Option<&str>) -> PyResult<Option<DocumentKind>> {
    kind.map(|name| {
        DocumentKind::from_name(name).ok_or_else(|| {
            usage(
                py,
                format!(
                    "unknown document kind `{name}` (expected one of: {})",
                    DocumentKind::ALL.map(DocumentKind::as_str).join(", ")
                ),
            )
        })
    })
    .transpose()
}

/// How the items of a stream are named.
enum Naming {
    /// `input[i]`: the 0-based position in the iterable (blank items count).
    Index,
    /// `<source>:<n>`: the 1-based line number (position + 1), for a file of NDJSON lines.
    Lines(String),
}

impl Naming {
    fn name(&self, position: usize) -> String {
        match self {
            Naming::Index => format!("{}[{position}]", document::DEFAULT_SOURCE),
            Naming::Lines(source) => format!("{source}:{}", position + 1),
        }
    }
}

/// The lazy iterator `evaluate_stream` returns: one `Report` per document of the iterable, in
/// order; blank str/bytes items are skipped.
///
/// A document that cannot be read raises its `InvalidInputError` (its `source` names the item)
/// when the stream reaches it; the stream stays usable, and the next `next()` goes on with the
/// following item. An exception raised by the iterable itself propagates unchanged.
#[pyclass(module = "hullcheck._core")]
pub(crate) struct ReportStream {
    engine: Py<Engine>,
    items: Py<PyIterator>,
    now: Option<Timestamp>,
    kind: Option<DocumentKind>,
    naming: Naming,
    /// Items pulled so far (the position of the next one).
    position: usize,
}

impl ReportStream {
    pub(crate) fn new(
        py: Python<'_>,
        engine: Py<Engine>,
        documents: &Bound<'_, PyAny>,
        now: Option<Timestamp>,
        kind: Option<&str>,
        source: Option<String>,
    ) -> PyResult<Self> {
        let kind = stated_kind(py, kind)?;
        let items = iterate(
            "documents",
            "an iterable of documents (str or bytes JSON texts, dicts, lists or (source, document) tuples)",
            documents,
        )?;
        let source = match source {
            Some(source) => Some(source),
            None => file_name(py, documents)?,
        };
        Ok(ReportStream {
            engine,
            items: items.unbind(),
            now,
            kind,
            naming: source.map_or(Naming::Index, Naming::Lines),
            position: 0,
        })
    }

    /// The next item as an input, or None for a blank line (GIL held).
    fn input(&self, item: &Bound<'_, PyAny>, name: String) -> PyResult<Option<Input>> {
        let py = item.py();
        if let Ok(text) = item.cast::<PyString>() {
            let text: PyBackedStr = document::backed_str(py, &name, text)?;
            if text.trim().is_empty() {
                return Ok(None);
            }
        } else if let Ok(bytes) = item.cast::<PyBytes>() {
            let bytes: PyBackedBytes = bytes.extract()?;
            if bytes.trim_ascii().is_empty() {
                return Ok(None);
            }
        } else if let Ok(array) = item.cast::<PyByteArray>() {
            if array.to_vec().trim_ascii().is_empty() {
                return Ok(None);
            }
        } else if let Ok(tuple) = item.cast::<PyTuple>() {
            let mut input = document::named(py, tuple)?;
            input.kind = input.kind.or(self.kind);
            return Ok(Some(input));
        } else if !item.is_instance_of::<PyDict>() && !item.is_instance_of::<pyo3::types::PyList>()
        {
            return Err(wrong_type(
                &name,
                "a JSON str or bytes, a parsed dict or list, or a (source, document) tuple",
                item,
            ));
        }
        document::one(item, name, self.kind).map(Some)
    }
}

/// The `name` of an open file (`io.IOBase` with a str `name`), to name its lines.
fn file_name(py: Python<'_>, documents: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let io_base = IO_BASE.import(py, "io", "IOBase")?;
    if !documents.is_instance(io_base)? {
        return Ok(None);
    }
    Ok(documents
        .getattr("name")
        .ok()
        .and_then(|name| name.extract::<String>().ok()))
}

#[pymethods]
impl ReportStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Report>> {
        loop {
            let Some(item) = self.items.bind(py).clone().next() else {
                return Ok(None);
            };
            let item = item?;
            let name = self.naming.name(self.position);
            self.position += 1;
            let Some(input) = self.input(&item, name)? else {
                continue;
            };
            let engine = self.engine.get();
            let now = self.now;
            let inputs = [input];
            let result = py.detach(|| {
                document::bundle(&inputs, None).map(|bundle| engine.inner().evaluate(&bundle, now))
            });
            // `inputs` may hold references to Python objects: dropped here, with the GIL.
            let report = result.or_raise(py)?;
            drop(inputs);
            return Ok(Some(Report::new(report)));
        }
    }

    fn __repr__(&self) -> String {
        format!("ReportStream(items_read={})", self.position)
    }
}

/// Reads the `threads` argument: None (the available parallelism) or an int of at least 1.
fn thread_count(py: Python<'_>, threads: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
    let Some(obj) = threads.filter(|t| !t.is_none()) else {
        return Ok(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get));
    };
    if obj.is_instance_of::<pyo3::types::PyBool>() || !obj.is_instance_of::<pyo3::types::PyInt>() {
        return Err(wrong_type("threads", "an int or None", obj));
    }
    match obj.extract::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(usage(py, format!("threads must be at least 1, got {obj}"))),
    }
}

/// Prefixes the message of an exception raised for bundle `index` with `bundles[index]: ` and
/// sets its `bundle` attribute, whatever its class.
fn at_bundle(py: Python<'_>, err: PyErr, index: usize) -> PyErr {
    let value = err.value(py);
    let message = format!("bundles[{index}]: {value}");
    let _ = value.setattr("args", (message.as_str(),));
    if value.hasattr("message").unwrap_or(false) {
        let _ = value.setattr("message", message.as_str());
    }
    let _ = value.setattr("bundle", index);
    err
}

/// Evaluates every bundle of `bundles` with `engine` across `threads` threads, returning the
/// reports in order, or the error of the first bad bundle.
pub(crate) fn many(
    py: Python<'_>,
    engine: &hullcheck::Engine,
    bundles: &Bound<'_, PyAny>,
    now: Option<Timestamp>,
    compose: Option<&ComposeOptions>,
    threads: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Report>> {
    let threads = thread_count(py, threads)?;
    let items = iterate(
        "bundles",
        "an iterable of bundles (each one what evaluate() accepts)",
        bundles,
    )?;
    let mut inputs: Vec<Vec<Input>> = Vec::new();
    for (index, bundle) in items.enumerate() {
        let collected = bundle.and_then(|b| document::collect(py, &b));
        inputs.push(collected.map_err(|e| at_bundle(py, e, index))?);
    }
    let results = py.detach(|| evaluate_across(engine, &inputs, now, compose, threads));
    // `inputs` may hold references to Python objects: dropped here, with the GIL.
    drop(inputs);
    let mut reports = Vec::with_capacity(results.len());
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Some(Ok(report)) => reports.push(Report::new(report)),
            Some(Err(e)) => return Err(at_bundle(py, crate::errors::to_py_err(py, &e), index)),
            // Skipped because an earlier bundle failed: that one was returned above.
            None => break,
        }
    }
    Ok(reports)
}

type Outcome = Option<Result<hullcheck::Report, hullcheck::Error>>;

/// Parses and evaluates each bundle (no GIL). Thread `t` takes every `threads`-th bundle from
/// `t`; once a bundle fails, bundles after it are skipped (`None`), bundles before it never are,
/// so the first failure by index is always found.
fn evaluate_across(
    engine: &hullcheck::Engine,
    inputs: &[Vec<Input>],
    now: Option<Timestamp>,
    compose: Option<&ComposeOptions>,
    threads: usize,
) -> Vec<Outcome> {
    let first_bad = AtomicUsize::new(usize::MAX);
    let one = |index: usize, bundle: &[Input]| -> Outcome {
        if index > first_bad.load(Ordering::Relaxed) {
            return None;
        }
        let result = document::bundle(bundle, compose).map(|b| engine.evaluate(&b, now));
        if result.is_err() {
            first_bad.fetch_min(index, Ordering::Relaxed);
        }
        Some(result)
    };
    let threads = threads.clamp(1, inputs.len().max(1));
    if threads == 1 {
        return inputs.iter().enumerate().map(|(i, b)| one(i, b)).collect();
    }
    let share = |t: usize| -> Vec<(usize, Outcome)> {
        inputs
            .iter()
            .enumerate()
            .skip(t)
            .step_by(threads)
            .map(|(i, b)| (i, one(i, b)))
            .collect()
    };
    let mut out: Vec<Outcome> = Vec::new();
    out.resize_with(inputs.len(), || None);
    std::thread::scope(|scope| {
        let share = &share;
        // The calling thread takes the first share itself; threads - 1 more are spawned.
        let handles: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || share(t)))
            .collect();
        let mut parts = vec![share(0)];
        for handle in handles {
            parts.push(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        for (i, outcome) in parts.into_iter().flatten() {
            if let Some(slot) = out.get_mut(i) {
                *slot = outcome;
            }
        }
    });
    out
}
