//! `hullcheck.Report` and the frozen objects it hands out.
//!
//! A `Report` owns the core report; `Finding`, `Outcome`, `Subject`, `Location`, `Summary`,
//! `Suppressed`, `Waiver` and `Diagnostic` objects are built on first access (evaluating from a string costs one Python object until the
//! caller looks inside). `to_dict()` and `to_json()` serialise the core report directly, so they
//! have exactly the shape of `spec/report.schema.json`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use hullcheck::policy::Waiver as CoreWaiver;
use hullcheck::report::Suppressed as CoreSuppressed;
use hullcheck::report::{Location as CoreLocation, SubjectRef};
use hullcheck::{Diagnostic as CoreDiagnostic, Format, Severity};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::serialize_to_py;
use crate::errors::{IntoPyResult, usage};

/// The result of an evaluation.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Report {
    inner: hullcheck::Report,
    subjects: PyOnceLock<Py<PyTuple>>,
    findings: PyOnceLock<Py<PyTuple>>,
    suppressed: PyOnceLock<Py<PyTuple>>,
    outcomes: PyOnceLock<Py<PyTuple>>,
    diagnostics: PyOnceLock<Py<PyTuple>>,
}

impl Report {
    pub(crate) fn new(inner: hullcheck::Report) -> Self {
        Report {
            inner,
            subjects: PyOnceLock::new(),
            findings: PyOnceLock::new(),
            suppressed: PyOnceLock::new(),
            outcomes: PyOnceLock::new(),
            diagnostics: PyOnceLock::new(),
        }
    }
}

/// The tuple in `cell`, built from `items` on first access.
fn cached_tuple<'py, T, I>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyTuple>>,
    items: impl FnOnce() -> I,
) -> PyResult<Bound<'py, PyTuple>>
where
    T: IntoPyObject<'py>,
    I: IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
{
    let tuple = cell.get_or_try_init(py, || PyTuple::new(py, items()).map(Bound::unbind))?;
    Ok(tuple.bind(py).clone())
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

    /// Every subject evaluated, in bundle order; outcomes refer to them.
    #[getter]
    fn subjects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        cached_tuple(py, &self.subjects, || {
            self.inner
                .subjects
                .iter()
                .map(|s| Subject { inner: s.clone() })
        })
    }

    /// Findings at or above the report threshold that no waiver matched, ordered by subject,
    /// then rule code, then location.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        cached_tuple(py, &self.findings, || {
            self.inner
                .findings
                .iter()
                .map(|f| Finding { inner: f.clone() })
        })
    }

    /// Findings a waiver matched, each with its waiver; they never fail the gate.
    #[getter]
    fn suppressed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        cached_tuple(py, &self.suppressed, || {
            self.inner
                .suppressed
                .iter()
                .map(|s| Suppressed { inner: s.clone() })
        })
    }

    /// One outcome per rule and subject.
    #[getter]
    fn outcomes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        cached_tuple(py, &self.outcomes, || {
            self.inner.outcomes.iter().map(|o| Outcome {
                inner: o.clone(),
                subject: o.subject.and_then(|i| self.inner.subjects.get(i)).cloned(),
            })
        })
    }

    /// Problems with the policy or the input that did not stop the evaluation.
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        cached_tuple(py, &self.diagnostics, || {
            self.inner
                .diagnostics
                .iter()
                .map(|d| Diagnostic { inner: d.clone() })
        })
    }

    /// Counts over the report.
    #[getter]
    fn summary(&self) -> Summary {
        Summary {
            inner: self.inner.summary.clone(),
        }
    }

    /// The report threshold (a severity name): findings below it are left out of `findings`.
    #[getter]
    fn report_on(&self) -> &'static str {
        self.inner.report_on.as_str()
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

    /// The report as SARIF 2.1.0 (JSON text), one result per finding.
    fn to_sarif(&self) -> String {
        self.inner.to_sarif()
    }

    /// The report as JUnit XML, one test case per rule and subject.
    fn to_junit(&self) -> String {
        self.inner.render(Format::Junit)
    }

    /// The report as Markdown.
    fn to_markdown(&self) -> String {
        self.inner.render(Format::Markdown)
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
    /// The package the finding is about, or None.
    #[getter]
    fn package(&self) -> Option<&str> {
        self.inner.package.as_deref()
    }
    /// The vulnerability id the finding is about, or None.
    #[getter]
    fn cve(&self) -> Option<&str> {
        self.inner.cve.as_deref()
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
    /// The subject (resolved through the report's subject list), or None when the input
    /// holds no subject the rule reads.
    #[getter]
    fn subject(&self) -> Option<Subject> {
        self.subject.clone().map(|inner| Subject { inner })
    }
    /// The subject's index in `Report.subjects`, or None.
    #[getter]
    fn subject_index(&self) -> Option<usize> {
        self.inner.subject
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
    /// Findings a waiver suppressed.
    #[getter]
    fn suppressed(&self) -> usize {
        self.inner.suppressed
    }
    /// Findings left out because they are below the report threshold.
    #[getter]
    fn below_report_threshold(&self) -> usize {
        self.inner.below_report_threshold
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

/// A finding a waiver suppressed, with the waiver.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Suppressed {
    inner: CoreSuppressed,
}

#[pymethods]
impl Suppressed {
    /// The finding, as it would have been reported.
    #[getter]
    fn finding(&self) -> Finding {
        Finding {
            inner: self.inner.finding.clone(),
        }
    }
    /// The index of the waiver in the policy's `waivers` list.
    #[getter]
    fn waiver_index(&self) -> usize {
        self.inner.waiver_index
    }
    /// The waiver that matched.
    #[getter]
    fn waiver(&self) -> Waiver {
        Waiver {
            inner: self.inner.waiver.clone(),
        }
    }
    /// The suppressed finding as plain Python data (the report schema's `Suppressed`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Suppressed>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Suppressed(code='{}', subject={:?}, waiver_index={}, reason={:?})",
            self.inner.finding.code,
            self.inner.finding.subject.name,
            self.inner.waiver_index,
            self.inner.waiver.reason,
        )
    }
}

/// An accepted risk from a policy's `waivers` list, as written.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Waiver {
    inner: CoreWaiver,
}

#[pymethods]
impl Waiver {
    /// The rule waived: code, code prefix, name or family.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }
    /// Why the risk is accepted.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }
    /// Subject name pattern, or None.
    #[getter]
    fn subject(&self) -> Option<&str> {
        self.inner.subject.as_deref()
    }
    /// Image reference pattern, or None.
    #[getter]
    fn image(&self) -> Option<&str> {
        self.inner.image.as_deref()
    }
    /// Label the subject must carry (`key` or `key=value-pattern`), or None.
    #[getter]
    fn label(&self) -> Option<&str> {
        self.inner.label.as_deref()
    }
    /// Document path pattern, or None.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }
    /// Package name pattern, or None.
    #[getter]
    fn package(&self) -> Option<&str> {
        self.inner.package.as_deref()
    }
    /// Vulnerability id pattern, or None.
    #[getter]
    fn cve(&self) -> Option<&str> {
        self.inner.cve.as_deref()
    }
    /// The expiry as written (`2026-12-31` or an RFC 3339 instant), or None.
    #[getter]
    fn expires(&self) -> Option<&str> {
        self.inner.expires.as_deref()
    }
    /// Who accepted the risk, or None.
    #[getter]
    fn owner(&self) -> Option<&str> {
        self.inner.owner.as_deref()
    }
    /// The waiver as plain Python data (the policy schema's `Waiver`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Waiver>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Waiver(rule={:?}, reason={:?}, expires={})",
            self.inner.rule,
            self.inner.reason,
            optional(self.inner.expires.as_ref()),
        )
    }
}

/// A problem with the policy or the input that did not stop the evaluation.
#[pyclass(frozen, module = "hullcheck._core")]
pub(crate) struct Diagnostic {
    inner: CoreDiagnostic,
}

#[pymethods]
impl Diagnostic {
    /// What it is about, a kebab-case code (`unknown-rule`, `expired-waiver`, ...).
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }
    /// `policy` or `input`.
    #[getter]
    fn origin(&self) -> &'static str {
        match self.inner.origin {
            hullcheck::policy::DiagnosticOrigin::Policy => "policy",
            hullcheck::policy::DiagnosticOrigin::Input => "input",
        }
    }
    /// A sentence for people.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// The rule (as written in the policy) it concerns, or None.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }
    /// The index of the waiver it concerns in the policy's `waivers` list, or None.
    #[getter]
    fn waiver(&self) -> Option<usize> {
        self.inner.waiver
    }
    /// The rule name or code the policy probably meant, or None.
    #[getter]
    fn suggestion(&self) -> Option<&str> {
        self.inner.suggestion.as_deref()
    }
    /// The diagnostic as plain Python data (the report schema's `Diagnostic`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Diagnostic>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Diagnostic(code='{}', origin='{}', message={:?})",
            self.inner.code.as_str(),
            self.origin(),
            self.inner.message,
        )
    }
}
