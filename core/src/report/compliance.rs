//! The compliance view: a report summarised per framework and control.
//!
//! Every CIS Docker Benchmark v1.6 recommendation and every NIST SP 800-190 countermeasure
//! section is listed (from [`crate::frameworks`]), so the view is complete: controls no rule
//! implements are `not_automated`, controls whose rules the policy did not run are
//! `not_selected`. Otherwise a finding whose references name the control makes it `fail` (a
//! waived finding is still a failed control; the waiver is counted in `suppressed`): a rule
//! behind several controls fails only those its findings are evidence for, such as the one
//! file of CIS section 3 whose mode is wrong. Then any `missing_input`, then any decided
//! outcome makes it `pass`; a control whose rules were all not applicable is `not_applicable`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{OutcomeStatus, Report, SubjectRef};
use crate::frameworks::{CIS_DOCKER, NIST_800_190};
use crate::rules::{Rule, catalog};

/// The status of one control.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    /// A rule behind the control failed on some subject.
    Fail,
    /// A document that would decide some rule behind the control is missing.
    MissingInput,
    /// Every rule behind the control passed (or did not apply) on every subject.
    Pass,
    /// No rule behind the control applied to the input.
    NotApplicable,
    /// Rules implement the control, but the policy did not run them.
    NotSelected,
    /// No hullcheck rule implements the control; it needs a manual review.
    NotAutomated,
}

impl ControlStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [ControlStatus; 6] = [
        ControlStatus::Fail,
        ControlStatus::MissingInput,
        ControlStatus::Pass,
        ControlStatus::NotApplicable,
        ControlStatus::NotSelected,
        ControlStatus::NotAutomated,
    ];

    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Fail => "fail",
            ControlStatus::MissingInput => "missing_input",
            ControlStatus::Pass => "pass",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::NotSelected => "not_selected",
            ControlStatus::NotAutomated => "not_automated",
        }
    }
}

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ControlView {
    /// Control id (CIS v1.6/v1.7 numbering, or the NIST section).
    pub id: String,
    /// CIS v1.8 id, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v1_8: Option<String>,
    /// Title.
    pub title: String,
    /// CIS profile level (1 or 2); absent for NIST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// The status.
    pub status: ControlStatus,
    /// Codes of the rules behind the control (every implementing rule, run or not).
    pub rules: Vec<String>,
    /// Reported findings of those rules.
    pub findings: usize,
    /// Waived findings of those rules.
    pub suppressed: usize,
}

/// One framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkView {
    /// `cis-docker-benchmark` or `nist-sp-800-190`.
    pub id: String,
    /// Title and version.
    pub title: String,
    /// Controls per status (every status present, zero included).
    pub counts: BTreeMap<ControlStatus, usize>,
    /// Every control, in framework order.
    pub controls: Vec<ControlView>,
}

/// A report summarised per framework and control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ComplianceView {
    /// The frameworks: CIS Docker Benchmark, then NIST SP 800-190.
    pub frameworks: Vec<FrameworkView>,
}

/// Summarises `report` per framework and control.
#[must_use]
pub fn compliance(report: &Report) -> ComplianceView {
    let tally = Tally::of(report);
    let report = &tally;
    let cis = CIS_DOCKER
        .iter()
        .map(|c| {
            let rules: Vec<&Rule> = catalog()
                .iter()
                .copied()
                .filter(|r| r.references.cis.iter().any(|x| x.id == c.id && x.decides))
                .collect();
            let names = |rule: &Rule, label: &str| {
                rule.references
                    .cis
                    .iter()
                    .any(|r| r.id == c.id && r.is_label(label))
            };
            control(report, c.id, c.v1_8, c.title, Some(c.level), &rules, &names)
        })
        .collect();
    let nist = NIST_800_190
        .iter()
        .map(|n| {
            let rules: Vec<&Rule> = catalog()
                .iter()
                .copied()
                .filter(|r| r.references.nist.contains(&n.id))
                .collect();
            let label = format!("NIST SP 800-190 {}", n.id);
            let names = |_: &Rule, l: &str| l == label;
            control(report, n.id, None, n.title, None, &rules, &names)
        })
        .collect();
    ComplianceView {
        frameworks: vec![
            framework(
                "cis-docker-benchmark",
                "CIS Docker Benchmark v1.6.0 (v1.7.0 numbering; v1.8.0 ids where they differ)",
                cis,
            ),
            framework(
                "nist-sp-800-190",
                "NIST SP 800-190 (section 4 countermeasures)",
                nist,
            ),
        ],
    }
}

fn framework(id: &str, title: &str, controls: Vec<ControlView>) -> FrameworkView {
    let mut counts: BTreeMap<ControlStatus, usize> =
        ControlStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for c in &controls {
        *counts.entry(c.status).or_default() += 1;
    }
    FrameworkView {
        id: id.to_owned(),
        title: title.to_owned(),
        counts,
        controls,
    }
}

/// Per rule code: the outcome statuses seen and the references of its findings, gathered once.
#[derive(Default)]
struct RuleTally<'a> {
    statuses: Vec<OutcomeStatus>,
    /// The references of each reported finding: the controls it is evidence for.
    findings: Vec<&'a [Cow<'static, str>]>,
    /// The same for each waived finding.
    suppressed: Vec<&'a [Cow<'static, str>]>,
    /// A failed outcome whose findings the report does not show (below its report threshold):
    /// nothing says which control they concern, so it counts for every control of the rule.
    unseen_failure: bool,
}

struct Tally<'a>(BTreeMap<&'a str, RuleTally<'a>>);

impl<'a> Tally<'a> {
    fn of(report: &'a Report) -> Self {
        let mut map: BTreeMap<&str, RuleTally<'a>> = BTreeMap::new();
        let mut shown: HashSet<(&str, &SubjectRef)> = HashSet::new();
        for f in &report.findings {
            map.entry(f.code.as_ref())
                .or_default()
                .findings
                .push(&f.references);
            shown.insert((f.code.as_ref(), &f.subject));
        }
        for s in &report.suppressed {
            let f = &s.finding;
            map.entry(f.code.as_ref())
                .or_default()
                .suppressed
                .push(&f.references);
            shown.insert((f.code.as_ref(), &f.subject));
        }
        for o in &report.outcomes {
            let entry = map.entry(o.code.as_ref()).or_default();
            if !entry.statuses.contains(&o.status) {
                entry.statuses.push(o.status);
            }
            if o.status == OutcomeStatus::Fail {
                let subject = o.subject.and_then(|i| report.subjects.get(i));
                if subject.is_none_or(|s| !shown.contains(&(o.code.as_ref(), s))) {
                    entry.unseen_failure = true;
                }
            }
        }
        Tally(map)
    }
}

/// Which references name the control being summarised.
type ControlLabel<'a> = &'a dyn Fn(&Rule, &str) -> bool;

fn control(
    report: &Tally<'_>,
    id: &str,
    v1_8: Option<&str>,
    title: &str,
    level: Option<u8>,
    rules: &[&Rule],
    names_control: ControlLabel<'_>,
) -> ControlView {
    let codes: Vec<String> = rules.iter().map(|r| r.code.to_owned()).collect();
    let tallies: Vec<(&Rule, &RuleTally<'_>)> = rules
        .iter()
        .filter_map(|r| report.0.get(r.code).map(|t| (*r, t)))
        .collect();
    let statuses: Vec<OutcomeStatus> = tallies
        .iter()
        .flat_map(|(_, t)| t.statuses.iter().copied())
        .collect();
    // A rule's finding counts under the controls its references name: a rule mapped to twelve
    // controls fails only the one whose file its finding is about.
    let evidence = |refs: &[&[Cow<'static, str>]], rule: &Rule| {
        refs.iter()
            .filter(|labels| labels.iter().any(|l| names_control(rule, l)))
            .count()
    };
    let findings: usize = tallies.iter().map(|(r, t)| evidence(&t.findings, r)).sum();
    let suppressed: usize = tallies
        .iter()
        .map(|(r, t)| evidence(&t.suppressed, r))
        .sum();
    let failed = findings + suppressed > 0 || tallies.iter().any(|(_, t)| t.unseen_failure);
    let status = if rules.is_empty() {
        ControlStatus::NotAutomated
    } else if statuses.is_empty() {
        ControlStatus::NotSelected
    } else if failed {
        ControlStatus::Fail
    } else if statuses.contains(&OutcomeStatus::MissingInput) {
        ControlStatus::MissingInput
    } else if statuses.contains(&OutcomeStatus::Pass) || statuses.contains(&OutcomeStatus::Fail) {
        // A rule that failed only on another of its controls decided this one: it passed.
        ControlStatus::Pass
    } else {
        ControlStatus::NotApplicable
    };
    ControlView {
        id: id.to_owned(),
        v1_8: v1_8.map(str::to_owned),
        title: title.to_owned(),
        level,
        status,
        findings,
        suppressed,
        rules: codes,
    }
}

/// Renders the compliance view as indented JSON.
#[must_use]
pub fn render_compliance_json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&compliance(report)).unwrap_or_default();
    out.push('\n');
    out
}
