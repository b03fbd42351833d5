//! Python bindings of hullcheck: the private native module `hullcheck._core`.
//!
//! The public package (`bindings-python/python/hullcheck/`) re-exports what is here and defines
//! the exception classes in Python (`hullcheck/errors.py`); the modules of this crate mirror the
//! core's: documents in, the engine, the report out, errors, and value conversion.

mod batch;
mod command;
mod convert;
mod document;
mod engine;
mod errors;
mod labels;
mod report;
mod seccomp;

use pyo3::prelude::*;

/// The native half of the `hullcheck` package.
#[pymodule]
mod _core {
    use hullcheck::{DocumentKind, Format, Severity};
    use pyo3::prelude::*;
    use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};

    use crate::convert;
    use crate::document;
    use crate::errors::{IntoPyResult, wrong_type};

    #[pymodule_export]
    use crate::batch::ReportStream;
    #[pymodule_export]
    use crate::engine::Engine;
    #[pymodule_export]
    use crate::report::{
        Diagnostic, Finding, Location, Outcome, Report, Subject, Summary, Suppressed, Waiver,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }

    /// Evaluates `documents` against the rule catalog and returns a `Report`. `compose` (a dict
    /// with `variables`, `project`, `files`) is how compose files among them are read.
    #[pyfunction]
    #[pyo3(signature = (documents, *, policy = None, now = None, compose = None))]
    fn evaluate(
        py: Python<'_>,
        documents: &Bound<'_, PyAny>,
        policy: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        compose: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Report> {
        let now = crate::engine::now(py, now)?;
        let compose = crate::engine::compose(py, compose)?;
        let engine = if policy.is_some_and(|p| !p.is_none()) {
            let policy = crate::engine::policy(py, policy)?;
            hullcheck::Engine::new(&policy).or_raise(py)?
        } else {
            hullcheck::Engine::default()
        };
        crate::engine::run(py, &engine, documents, now, compose.as_ref())
    }

    /// Evaluates each document of `documents` on its own, lazily: returns an iterator that pulls
    /// one item from `documents` (any iterable: a list, a generator, an open NDJSON file) per
    /// `Report` it yields. str and bytes items are JSON texts (blank ones are skipped); dict and
    /// list items are parsed documents; `(source, document[, kind])` tuples name their
    /// document. Items are named `input[i]` (position in the iterable), or `<source>:<line>`
    /// when `source` is given or `documents` is an open file. `kind` states the kind of every
    /// document instead of detecting it. Each item is parsed and evaluated without the GIL.
    ///
    /// A bad document raises `InvalidInputError` (its `source` names the item) when the stream
    /// reaches it; the iterator stays usable and goes on with the next item.
    #[pyfunction]
    #[pyo3(signature = (documents, *, policy = None, now = None, kind = None, source = None))]
    fn evaluate_stream(
        py: Python<'_>,
        documents: &Bound<'_, PyAny>,
        policy: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        kind: Option<&str>,
        source: Option<String>,
    ) -> PyResult<ReportStream> {
        let now = crate::engine::now(py, now)?;
        let engine = Py::new(py, Engine::from_policy(py, policy)?)?;
        ReportStream::new(py, engine, documents, now, kind, source)
    }

    /// Evaluates many bundles (each one what `evaluate` accepts) across `threads` threads
    /// (None: the available parallelism) and returns their reports in order. The bundles are
    /// read with the GIL held, then parsed and evaluated without it. The first bad bundle by
    /// index raises its error, with `bundle` set to its index and `bundles[i]: ` before the
    /// message; no report is returned then.
    #[pyfunction]
    #[pyo3(signature = (bundles, *, policy = None, now = None, compose = None, threads = None))]
    fn evaluate_many(
        py: Python<'_>,
        bundles: &Bound<'_, PyAny>,
        policy: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        compose: Option<&Bound<'_, PyAny>>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Report>> {
        let now = crate::engine::now(py, now)?;
        let compose = crate::engine::compose(py, compose)?;
        let engine = Engine::from_policy(py, policy)?;
        crate::batch::many(py, engine.inner(), bundles, now, compose.as_ref(), threads)
    }

    /// An allowlist seccomp profile from the syscalls in `trace` (a plain list, `strace` /
    /// `strace -f` / `strace -c` output, or Falco / Tracee JSON lines): a dict with `observed`,
    /// `docker` (the profile in Docker's JSON form), `oci` (as an OCI `linux.seccomp` object)
    /// and `diff` (against Docker's default profile). Runs without the GIL.
    #[pyfunction]
    #[pyo3(signature = (trace, options = None))]
    fn generate_seccomp<'py>(
        py: Python<'py>,
        trace: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::seccomp::generate(py, trace, options)
    }

    /// Image labels from build facts under a label schema (None: the built-in OCI schema; a
    /// dict or JSON/YAML text in the shape of `spec/label-schema.schema.json`): a dict with
    /// `labels` (key to value), `label_lines` (Dockerfile `LABEL` lines), `args` (`docker
    /// build` arguments) and `problems` (required labels without a fact, values that do not
    /// fit the schema: `key`, `kind`, `message`). `facts` maps fact names (`created`,
    /// `revision`, `source`, `version`, `licenses`, `title`, ...) to str values.
    #[pyfunction]
    #[pyo3(signature = (facts, *, schema = None))]
    fn generate_labels<'py>(
        py: Python<'py>,
        facts: &Bound<'py, PyAny>,
        schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::labels::generate(py, facts, schema)
    }

    /// The rule catalog: one dict per rule, in the shape of `spec/rules.json`.
    #[pyfunction]
    fn rules(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        convert::serialize_to_py(py, &hullcheck::spec::rule_entries())
    }

    /// The kind name of a document (`container`, `image`, ...), detected from its shape.
    #[pyfunction]
    fn detect_kind(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let source = document::DEFAULT_SOURCE;
        let kind = if let Ok(text) = document.cast::<PyString>() {
            let text = document::backed_str(py, source, text)?;
            py.detach(|| hullcheck::detect_kind(&text))
        } else if let Ok(bytes) = document.cast::<PyBytes>() {
            let bytes: pyo3::pybacked::PyBackedBytes = bytes.extract()?;
            py.detach(|| hullcheck::detect_kind(document::utf8(source, &bytes)?))
        } else if let Ok(array) = document.cast::<PyByteArray>() {
            let bytes = array.to_vec();
            py.detach(|| hullcheck::detect_kind(document::utf8(source, &bytes)?))
        } else if document.is_instance_of::<PyDict>() || document.is_instance_of::<PyList>() {
            match convert::to_value(document) {
                Ok(value) => hullcheck::document::detect_value_kind(&value),
                Err(problem) => Err(problem.to_error(source)),
            }
        } else {
            return Err(wrong_type(
                "document",
                "a JSON str, bytes, or a parsed dict or list",
                document,
            ));
        };
        kind.map(DocumentKind::as_str).or_raise(py)
    }

    /// Names of the report formats `Report.render` accepts.
    #[pyfunction]
    fn formats() -> Vec<&'static str> {
        Format::ALL.iter().map(|f| f.as_str()).collect()
    }

    /// Severity names, lowest first.
    #[pyfunction]
    fn severities() -> Vec<&'static str> {
        Severity::ALL.iter().map(|s| s.as_str()).collect()
    }

    /// Runs the `hullcheck` command (the same one as the Rust binary and the npm package's) with
    /// `args` (a list of str, without the program name) and returns its exit status: 0 the gate
    /// passed, 1 it failed, 2 a usage error or an input that could not be read. The command
    /// reads the process's standard input and writes to its standard output and error (file
    /// descriptors 0, 1, 2) itself; `sys.stdout` and `sys.stderr` are flushed first. Runs
    /// without the GIL.
    #[pyfunction]
    fn run_cli(py: Python<'_>, args: &Bound<'_, PyAny>) -> PyResult<u8> {
        crate::command::run(py, args)
    }

    /// Collects every document hullcheck reads from a live Docker (or Podman) engine at
    /// `endpoint` (`unix:///var/run/docker.sock`, `tcp://host:2376`; None: `DOCKER_HOST`, then
    /// the default socket) and, when the engine runs on this host, from the host: a saved
    /// collection as plain data (a dict whose first key is `hullcheck_collection`), which
    /// `evaluate` reads. `all` includes stopped containers. Runs without the GIL; an engine that
    /// cannot be read raises `CollectionError`.
    #[pyfunction]
    #[pyo3(signature = (endpoint = None, *, all = false))]
    fn collect_docker(
        py: Python<'_>,
        endpoint: Option<String>,
        all: bool,
    ) -> PyResult<Bound<'_, PyAny>> {
        crate::command::collect_docker(py, endpoint, all)
    }

    /// Names of the document kinds hullcheck recognises.
    #[pyfunction]
    fn document_kinds() -> Vec<&'static str> {
        DocumentKind::ALL.iter().map(|k| k.as_str()).collect()
    }
}
