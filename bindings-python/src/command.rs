//! The `hullcheck` command (`hullcheck_cli::run_process`) for the wheel's console script and
//! `python -m hullcheck`, and the live-engine collector (`hullcheck_cli::collect`).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::errors::{collection_error, usage, wrong_type};

/// Reads the command's arguments: a list or tuple of str (the program name left out).
fn arguments(py: Python<'_>, args: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let items = if let Ok(list) = args.cast::<PyList>() {
        list.iter().collect::<Vec<_>>()
    } else if let Ok(tuple) = args.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Err(wrong_type("args", "a list of str", args));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let text = item
                .cast::<PyString>()
                .map_err(|_| wrong_type(&format!("args[{index}]"), "a str", item))?;
            // A str with lone surrogates (an undecodable byte of sys.argv under
            // surrogateescape) has no UTF-8 form; the command takes UTF-8 arguments only.
            text.to_cow().map(std::borrow::Cow::into_owned).map_err(|_| {
                usage(
                    py,
                    format!("args[{index}] is not valid Unicode text (an undecodable byte in the command line?)"),
                )
            })
        })
        .collect()
}

/// Flushes `sys.stdout` and `sys.stderr`, so what Python wrote comes before what the command
/// writes to the same file descriptors. A stream that is None (no console) is skipped.
fn flush_python_streams(py: Python<'_>) -> PyResult<()> {
    let sys = py.import("sys")?;
    for name in ["stdout", "stderr"] {
        let stream = sys.getattr(name)?;
        if !stream.is_none() {
            stream.call_method0("flush")?;
        }
    }
    Ok(())
}

/// Runs the `hullcheck` command with `args` and returns its exit status.
pub(crate) fn run(py: Python<'_>, args: &Bound<'_, PyAny>) -> PyResult<u8> {
    let args = arguments(py, args)?;
    flush_python_streams(py)?;
    Ok(py.detach(|| hullcheck_cli::run_process(&args).code()))
}

/// Collects from a live engine, without the GIL; the collection as plain Python data.
pub(crate) fn collect_docker(
    py: Python<'_>,
    endpoint: Option<String>,
    all: bool,
) -> PyResult<Bound<'_, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let options = hullcheck_cli::collect::CollectOptions {
        endpoint,
        all,
        progress: false,
    };
    let json = py
        .detach(|| {
            hullcheck_cli::collect::collect_docker(&options)
                .map(|collection| serde_json::to_string(&collection))
        })
        .map_err(|e| collection_error(py, &e.message))?
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    // Python's json module keeps the key order of the text (hullcheck_collection first), so
    // `json.dumps` of the result is a collection any hullcheck reads again.
    LOADS.import(py, "json", "loads")?.call1((json,))
}
