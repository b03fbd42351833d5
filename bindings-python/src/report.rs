//! `hullcheck.Report` and the frozen objects it hands out.
//!
//! A `Report` owns the core report; `Finding`, `Outcome`, `Subject`, `Location` and `Summary`
//! objects are built on first access (evaluating from a string costs one Python object until the
//! caller looks inside). `to_dict()` and `to_json()` serialise the core report directly, so they
//! have exactly the shape of `spec/report.schema.json`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use hullcheck::report::{Location as CoreLocation, SubjectRef};
use hullcheck::{Format, Severity};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::serialize_to_py;
use crate::errors::{IntoPyResult, usage};

/// The result of an evaluation.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Report {
    inner: hullcheck::Report,
    findings: PyOnceLock<Py<PyTuple>>,
    outcomes: PyOnceLock<Py<PyTuple>>,
}

impl Report {
    pub(crate) fn new(inner: hullcheck::Report) -> Self {
        Report {
            inner,
            findings: PyOnceLock::new(),
            outcomes: PyOnceLock::new(),
        }
    }
}

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// `None`, or the value as Rust's `Debug` writes it (quoted for strings).
fn optional<T: std::fmt::Debug>(value: Option<T>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("{v:?}"))
}

fn parse_format(py: Python<'_>, format: &str) -> PyResult<Format> {
    format.parse::<Format>().or_raise(py)
}

pub(crate) fn parse_severity(py: Python<'_>, name: &str) -> PyResult<Severity> {
    name.parse::<Severity>()
        .map_err(|e| usage(py, e.to_string()))
}

#[pymethods]
impl Report {
    /// The hullcheck version that produced the report.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// The evaluation time passed in (Unix seconds), or None.
    #[getter]
    fn evaluated_at(&self) -> Option<i64> {
        self.inner
            .evaluated_at
            .map(hullcheck::Timestamp::unix_seconds)
    }

    /// Findings, ordered by subject, then rule code, then location.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let tuple = self.findings.get_or_try_init(py, || {
            let items = self
                .inner
                .findings
                .iter()
                .map(|f| Finding { inner: f.clone() });
            PyTuple::new(py, items).map(Bound::unbind)
        })?;
        Ok(tuple.bind(py).clone())
    }

    /// One outcome per rule and subject.
    #[getter]
    fn outcomes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let tuple = self.outcomes.get_or_try_init(py, || {
            let items = self.inner.outcomes.iter().map(|o| Outcome {
                inner: o.clone(),
                subject: o.subject.and_then(|i| self.inner.subjects.get(i)).cloned(),
            });
            PyTuple::new(py, items).map(Bound::unbind)
        })?;
        Ok(tuple.bind(py).clone())
    }

    /// Counts over the report.
    #[getter]
    fn summary(&self) -> Summary {
        Summary {
            inner: self.inner.summary.clone(),
        }
    }

    /// The gate threshold (a severity name).
    #[getter]
    fn fail_on(&self) -> &'static str {
        self.inner.fail_on.as_str()
    }

    /// Whether no finding reached the gate threshold.
    #[getter]
    fn passed(&self) -> bool {
        self.inner.passed
    }

    /// Findings at or above `severity`.
    fn findings_at_least<'py>(
        &self,
        py: Python<'py>,
        severity: &str,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let threshold = parse_severity(py, severity)?;
        let all = self.findings(py)?;
        let mut out = Vec::new();
        for (item, core) in all.iter().zip(&self.inner.findings) {
            if core.severity >= threshold {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// The report as plain Python data, exactly the JSON shape of `spec/report.schema.json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }

    /// The report as JSON text (compact, or indented with `pretty=True`).
    #[pyo3(signature = (*, pretty = false))]
    fn to_json(&self, pretty: bool) -> String {
        if pretty {
            hullcheck::report::render_json_pretty(&self.inner)
        } else {
            self.inner.to_json()
        }
    }

    /// The report rendered in a format the core knows (`json`, `table`, ...).
    fn render(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format = parse_format(py, format)?;
        Ok(self.inner.render(format))
    }

    /// The report as a plain-text table.
    fn to_table(&self) -> String {
        self.inner.to_table()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Report>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Report(findings={}, subjects={}, rules={}, fail_on='{}', passed={})",
            self.inner.findings.len(),
            self.inner.summary.subjects,
            self.inner.summary.rules,
            self.inner.fail_on,
            if self.inner.passed { "True" } else { "False" },
        )
    }

    fn __str__(&self) -> String {
        self.inner.to_table()
    }
}

/// One problem found in one subject.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Finding {
    inner: hullcheck::Finding,
}

#[pymethods]
impl Finding {
    /// Rule code (`CFG001`).
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    /// Rule name (`privileged-container`).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// Severity name.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    /// The subject.
    #[getter]
    fn subject(&self) -> Subject {
        Subject {
            inner: self.inner.subject.clone(),
        }
    }
    /// What is wrong, in one sentence.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// Where the evidence is.
    #[getter]
    fn location(&self) -> Location {
        Location {
            inner: self.inner.location.clone(),
        }
    }
    /// The observed value (secrets redacted), or None.
    #[getter]
    fn evidence(&self) -> Option<&str> {
        self.inner.evidence.as_deref()
    }
    /// How to fix it (the `docker run` form).
    #[getter]
    fn remediation(&self) -> &str {
        &self.inner.remediation
    }
    /// CIS and NIST references.
    #[getter]
    fn references<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.inner.references)
    }
    /// Stable identifier across runs.
    #[getter]
    fn fingerprint(&self) -> &str {
        &self.inner.fingerprint
    }

    /// The finding as plain Python data (the report schema's `Finding`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Finding>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&(
            &self.inner.code,
            &self.inner.fingerprint,
            &self.inner.message,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(code='{}', name='{}', severity='{}', subject='{}', message={:?})",
            self.inner.code,
            self.inner.name,
            self.inner.severity,
            self.inner.subject.name,
            self.inner.message,
        )
    }
}

/// The subject of a finding or outcome.
#[pyclass(frozen, eq, module = "hullcheck._core")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct Subject {
    inner: SubjectRef,
}

#[pymethods]
impl Subject {
    /// Kind of subject (`container`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }
    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// Id, where it has one.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id.as_deref()
    }
    /// Name of the source document.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }
    /// The subject as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __hash__(&self) -> u64 {
        hash_of(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Subject(kind='{}', name={:?}, id={}, source={:?})",
            self.inner.kind,
            self.inner.name,
            optional(self.inner.id.as_ref()),
            self.inner.source
        )
    }
}

/// Where a finding's evidence is.
#[pyclass(frozen, eq, module = "hullcheck._core")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct Location {
    inner: CoreLocation,
}

#[pymethods]
impl Location {
    /// Name of the source document.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }
    /// RFC 6901 pointer into a JSON document, or None.
    #[getter]
    fn pointer(&self) -> Option<&str> {
        self.inner.pointer.as_deref()
    }
    /// 1-based line in a text document, or None.
    #[getter]
    fn line(&self) -> Option<u32> {
        self.inner.line
    }
    /// 1-based column in a text document, or None.
    #[getter]
    fn column(&self) -> Option<u32> {
        self.inner.column
    }
    /// The location as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __hash__(&self) -> u64 {
        hash_of(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Location(source={:?}, pointer={}, line={}, column={})",
            self.inner.source,
            optional(self.inner.pointer.as_ref()),
            optional(self.inner.line.as_ref()),
            optional(self.inner.column.as_ref())
        )
    }
}

/// The verdict of one rule on one subject.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Outcome {
    inner: hullcheck::Outcome,
    /// The subject `inner.subject` indexes in the report's subject list.
    subject: Option<SubjectRef>,
}

#[pymethods]
impl Outcome {
    /// Rule code.
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    /// The subject, or None when the input holds no subject the rule reads.
    #[getter]
    fn subject(&self) -> Option<Subject> {
        self.subject.clone().map(|inner| Subject { inner })
    }
    /// `fail`, `pass`, `not_applicable` or `missing_input`.
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }
    /// Why the rule did not apply, or what is missing.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason.as_deref()
    }
    /// The document kind that would decide a `missing_input` outcome.
    #[getter]
    fn missing(&self) -> Option<&'static str> {
        self.inner.missing.map(hullcheck::DocumentKind::as_str)
    }
    /// How many findings the rule reported on the subject.
    #[getter]
    fn findings(&self) -> usize {
        self.inner.findings
    }
    /// The outcome as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Outcome>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Outcome(code='{}', subject={}, status='{}')",
            self.inner.code,
            optional(self.subject.as_ref().map(|s| &s.name)),
            self.inner.status.as_str(),
        )
    }
}

/// Counts over a report.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Summary {
    inner: hullcheck::Summary,
}

#[pymethods]
impl Summary {
    /// Subjects evaluated.
    #[getter]
    fn subjects(&self) -> usize {
        self.inner.subjects
    }
    /// Rules evaluated.
    #[getter]
    fn rules(&self) -> usize {
        self.inner.rules
    }
    /// Findings in total.
    #[getter]
    fn findings(&self) -> usize {
        self.inner.findings
    }
    /// Findings per severity name (every severity present).
    #[getter]
    fn by_severity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (severity, count) in &self.inner.by_severity {
            dict.set_item(severity.as_str(), count)?;
        }
        Ok(dict)
    }
    /// Outcomes per status name (every status present).
    #[getter]
    fn by_status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (status, count) in &self.inner.by_status {
            dict.set_item(status.as_str(), count)?;
        }
        Ok(dict)
    }
    /// The summary as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Summary>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Summary(subjects={}, rules={}, findings={})",
            self.inner.subjects, self.inner.rules, self.inner.findings
        )
    }
}
