//! Reports: findings, per-rule outcomes, summary and the gate verdict, with their renderers.

pub mod compliance;
mod fingerprint;
mod json;
pub mod junit;
pub mod markdown;
mod position;
pub mod sarif;
mod table;

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use compliance::{ComplianceView, ControlStatus, compliance, render_compliance_json};
pub use fingerprint::fingerprint;
pub use json::{render_json, render_json_pretty};
pub use junit::render_junit;
pub use markdown::render_markdown;
pub use position::{TextPosition, locate_pointers};
pub use sarif::render_sarif;
pub use table::render_table;

pub use crate::location::Location;

use crate::diagnostic::Diagnostic;
use crate::document::DocumentKind;
use crate::policy::Waiver;
use crate::policy::waiver::{SubjectFacts, WaiverTarget};
use crate::rules::SubjectKind;
use crate::{Severity, Timestamp};

/// A finding a waiver suppressed, with the waiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suppressed {
    /// The finding, as it would have been reported.
    pub finding: Finding,
    /// The index of the waiver in the policy's `waivers` list.
    pub waiver_index: usize,
    /// The waiver.
    pub waiver: Waiver,
}

/// The subject a finding or outcome is about.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct SubjectRef {
    /// What kind of subject.
    pub kind: SubjectKind,
    /// Its display name (container name, image reference, file path).
    pub name: String,
    /// Its id, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The caller's name for the document it came from.
    pub source: String,
}

/// One problem found in one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// Rule code (`CFG001`).
    pub code: Cow<'static, str>,
    /// Rule name (`privileged-container`).
    pub name: Cow<'static, str>,
    /// Severity.
    pub severity: Severity,
    /// The subject.
    pub subject: SubjectRef,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where the evidence is.
    pub location: Location,
    /// The observed value, with secret values redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The package the finding is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The vulnerability id the finding is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cve: Option<String>,
    /// How to fix it: the finding's own remediation where the rule names the finding's values,
    /// else the rule's for the subject kind (the `docker run` form for containers, the Dockerfile
    /// change for images and Dockerfiles, the daemon change for the daemon and the host).
    pub remediation: Cow<'static, str>,
    /// CIS and NIST references.
    pub references: Vec<Cow<'static, str>>,
    /// A stable identifier of this finding across runs: the same rule, subject and location
    /// give the same fingerprint.
    pub fingerprint: String,
}

impl Finding {
    /// What a waiver's scope is matched against for this finding.
    pub(crate) fn waiver_target<'a>(&'a self, facts: SubjectFacts<'a>) -> WaiverTarget<'a> {
        WaiverTarget {
            code: &self.code,
            subject_name: &self.subject.name,
            subject_id: self.subject.id.as_deref(),
            subject_source: &self.subject.source,
            location_source: &self.location.source,
            package: self.package.as_deref(),
            cve: self.cve.as_deref(),
            facts,
        }
    }
}

/// The verdict of one rule on one subject.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    /// The rule found at least one problem.
    Fail,
    /// The rule found nothing.
    Pass,
    /// The rule does not apply (reason given).
    NotApplicable,
    /// A document that would decide the rule is missing from the bundle.
    MissingInput,
}

impl OutcomeStatus {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OutcomeStatus::Fail => "fail",
            OutcomeStatus::Pass => "pass",
            OutcomeStatus::NotApplicable => "not_applicable",
            OutcomeStatus::MissingInput => "missing_input",
        }
    }
}

/// The outcome of one rule on one subject (or on the bundle, when no subject of the kinds it
/// reads is present).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    /// Rule code.
    pub code: Cow<'static, str>,
    /// Index of the subject in [`Report::subjects`]; absent when the bundle has no subject of
    /// the kinds the rule reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<usize>,
    /// The verdict.
    pub status: OutcomeStatus,
    /// Why the rule did not apply, or what is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Cow<'static, str>>,
    /// The document kind that would decide a `missing_input` outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<DocumentKind>,
    /// How many findings the rule reported on the subject.
    pub findings: usize,
}

/// Counts over a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Subjects the input holds (containers, images, Dockerfiles, daemons, ...). The report's
    /// `subjects` list can hold one more: the fleet of all containers, when fleet rules ran.
    pub subjects: usize,
    /// Rules evaluated.
    pub rules: usize,
    /// Findings in total.
    pub findings: usize,
    /// Findings per severity (every severity present, zero included).
    pub by_severity: BTreeMap<Severity, usize>,
    /// Outcomes per status (every status present, zero included).
    pub by_status: BTreeMap<OutcomeStatus, usize>,
    /// Findings a waiver suppressed.
    #[serde(default)]
    pub suppressed: usize,
    /// Findings left out because they are below the report threshold.
    #[serde(default)]
    pub below_report_threshold: usize,
}

/// The result of evaluating a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The hullcheck version that produced the report.
    pub version: String,
    /// The evaluation time the caller passed in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_at: Option<Timestamp>,
    /// Every subject evaluated, in bundle order; outcomes refer to them by index.
    pub subjects: Vec<SubjectRef>,
    /// Findings at or above the report threshold that no waiver matched, ordered by subject,
    /// then rule code, then the order the rule reported them.
    pub findings: Vec<Finding>,
    /// Findings a waiver matched, in the same order, each with its waiver. They never fail
    /// the gate.
    #[serde(default)]
    pub suppressed: Vec<Suppressed>,
    /// One outcome per rule and subject, ordered by rule code, then subject order.
    pub outcomes: Vec<Outcome>,
    /// Problems with the policy or the input that did not stop evaluation.
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
    /// The report threshold: findings below it are left out of `findings`.
    #[serde(default = "lowest_severity")]
    pub report_on: Severity,
    /// The gate threshold: a finding at or above it fails the gate.
    pub fail_on: Severity,
    /// Whether no finding (waived ones aside) reached the gate threshold.
    pub passed: bool,
}

fn lowest_severity() -> Severity {
    Severity::Info
}

/// An output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Compact JSON in the shape of `spec/report.schema.json`.
    Json,
    /// A plain-text table for terminals.
    Table,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, one test case per rule and subject, for CI test reports.
    Junit,
    /// Markdown: summary, findings, waived findings and per-control compliance tables.
    Markdown,
    /// The compliance view (per framework and control) as JSON.
    Compliance,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Json,
        Format::Table,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Compliance,
    ];

    /// The lowercase name used on command lines and by the bindings.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Table => "table",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Compliance => "compliance",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| crate::Error::Usage {
                message: format!(
                    "unknown format `{s}` (expected one of: {})",
                    Format::ALL.map(Format::as_str).join(", ")
                ),
            })
    }
}

impl Report {
    /// Renders the report in `format`.
    #[must_use]
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => render_json(self),
            Format::Table => render_table(self),
            Format::Sarif => render_sarif(self),
            Format::Junit => render_junit(self),
            Format::Markdown => render_markdown(self),
            Format::Compliance => render_compliance_json(self),
        }
    }

    /// The report summarised per framework and control.
    #[must_use]
    pub fn compliance(&self) -> ComplianceView {
        compliance(self)
    }

    /// Renders the report as SARIF 2.1.0.
    #[must_use]
    pub fn to_sarif(&self) -> String {
        render_sarif(self)
    }

    /// Renders the report as compact JSON (the shape of `spec/report.schema.json`).
    #[must_use]
    pub fn to_json(&self) -> String {
        render_json(self)
    }

    /// Renders the report as a plain-text table.
    #[must_use]
    pub fn to_table(&self) -> String {
        render_table(self)
    }

    /// Findings at or above `severity`.
    pub fn findings_at_least(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity >= severity)
    }
}
