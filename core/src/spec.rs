//! The language-neutral contract in `spec/`: JSON Schemas, the rule catalog and the rule
//! reference, computed from the code.
//!
//! These are pure functions; the repository's `core/tests/generated.rs` writes their output to
//! `spec/` (with `UPDATE_GENERATED=1`) and fails when the committed files drift.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::policy::Profile;
use crate::rules::{Family, Rule, SubjectKind, catalog};
use crate::{Policy, Report, Severity};

/// A rule as it appears in `spec/rules.json` and in the bindings' `rules()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleEntry {
    /// Code (`CFG001`).
    pub code: String,
    /// kebab-case name.
    pub name: String,
    /// Family.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// One-sentence summary.
    pub summary: String,
    /// Subject kinds the rule reads.
    pub subjects: Vec<SubjectKind>,
    /// Built-in profiles the rule belongs to (`baseline`, `strict`).
    pub profiles: Vec<Profile>,
    /// Parameters and their defaults.
    pub parameters: Vec<ParameterEntry>,
    /// References.
    pub references: ReferencesEntry,
    /// Documentation.
    pub docs: DocsEntry,
}

/// A rule parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParameterEntry {
    /// Name.
    pub name: String,
    /// What it controls.
    pub description: String,
    /// Default value.
    pub default: serde_json::Value,
}

/// A CIS recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CisEntry {
    /// Id in v1.6.0/v1.7.0 numbering.
    pub id: String,
    /// Id in v1.8.0 numbering, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v1_8: Option<String>,
    /// Title.
    pub title: String,
    /// Whether the rule only relates to the recommendation: its findings carry the reference,
    /// but the compliance view does not decide the control from it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub related: bool,
}

/// References of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReferencesEntry {
    /// CIS Docker Benchmark recommendations.
    pub cis: Vec<CisEntry>,
    /// NIST SP 800-190 sections.
    pub nist: Vec<String>,
}

/// Documentation of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocsEntry {
    /// What it checks.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub remediation: RemediationEntry,
}

/// Remediation forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemediationEntry {
    /// `docker run` flag.
    pub docker_run: String,
    /// Compose key.
    pub compose: String,
    /// Dockerfile change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    /// `daemon.json` change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daemon: Option<String>,
}

impl RuleEntry {
    /// The catalog entry of `rule`.
    #[must_use]
    pub fn of(rule: &Rule) -> Self {
        RuleEntry {
            code: rule.code.to_owned(),
            name: rule.name.to_owned(),
            family: rule.family(),
            severity: rule.severity,
            summary: rule.summary.to_owned(),
            subjects: rule.subjects(),
            profiles: Profile::ALL
                .into_iter()
                .filter(|p| p.includes(rule))
                .collect(),
            parameters: rule
                .parameters
                .iter()
                .map(|p| ParameterEntry {
                    name: p.name.to_owned(),
                    description: p.description.to_owned(),
                    default: p.default.to_json(),
                })
                .collect(),
            references: ReferencesEntry {
                cis: rule
                    .references
                    .cis
                    .iter()
                    .map(|c| CisEntry {
                        id: c.id.to_owned(),
                        v1_8: c.v1_8.map(str::to_owned),
                        title: c.title.to_owned(),
                        related: !c.decides,
                    })
                    .collect(),
                nist: rule
                    .references
                    .nist
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            },
            docs: DocsEntry {
                what: rule.docs.what.to_owned(),
                why: rule.docs.why.to_owned(),
                remediation: RemediationEntry {
                    docker_run: rule.docs.remediation.docker_run.to_owned(),
                    compose: rule.docs.remediation.compose.to_owned(),
                    dockerfile: rule.docs.remediation.dockerfile.map(str::to_owned),
                    daemon: rule.docs.remediation.daemon.map(str::to_owned),
                },
            },
        }
    }
}

/// The whole catalog as entries, ordered by code.
#[must_use]
pub fn rule_entries() -> Vec<RuleEntry> {
    catalog().iter().map(|r| RuleEntry::of(r)).collect()
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

fn schema<T: JsonSchema>() -> String {
    pretty(&schemars::schema_for!(T))
}

/// `spec/rules.json`.
#[must_use]
pub fn rules_json() -> String {
    pretty(&rule_entries())
}

/// `spec/rules.md`: the rule reference.
#[must_use]
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# hullcheck rule reference\n\n<!-- Generated from the rule declarations in core/src/rules; do not edit. -->\n\n",
    );
    out.push_str(
        "| code | name | severity | baseline | CIS | summary |\n|---|---|---|---|---|---|\n",
    );
    for rule in catalog() {
        let cis: Vec<String> = rule
            .references
            .cis
            .iter()
            .map(|c| {
                if c.decides {
                    c.id.to_owned()
                } else {
                    format!("{} (related)", c.id)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | {name} | {sev} | {baseline} | {cis} | {summary} |",
            code = rule.code,
            anchor = rule.code.to_ascii_lowercase(),
            name = rule.name,
            sev = rule.severity,
            baseline = if Profile::Baseline.includes(rule) {
                "yes"
            } else {
                "no"
            },
            cis = cis.join(", "),
            summary = rule.summary,
        );
    }
    for rule in catalog() {
        out.push('\n');
        out.push_str(&rule_markdown(rule));
    }
    out
}

/// One rule's section of the rule reference (`## CODE`, what it checks, why, remediation,
/// parameters, references), as `hullcheck explain` prints it.
#[must_use]
pub fn rule_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "## {code}\n\n**{name}** ({family}, {sev}): {summary}.\n\n### What it checks\n\n{what}\n\n### Why it matters\n\n{why}\n\n### Remediation\n\n- `docker run`: {run}\n- compose: {compose}\n",
        code = rule.code,
        name = rule.name,
        family = rule.family(),
        sev = rule.severity,
        summary = rule.summary,
        what = rule.docs.what,
        why = rule.docs.why,
        run = rule.docs.remediation.docker_run,
        compose = rule.docs.remediation.compose,
    );
    if let Some(dockerfile) = rule.docs.remediation.dockerfile {
        let _ = writeln!(out, "- Dockerfile: {dockerfile}");
    }
    if let Some(daemon) = rule.docs.remediation.daemon {
        let _ = writeln!(out, "- daemon: {daemon}");
    }
    if !rule.parameters.is_empty() {
        out.push_str("\n### Parameters\n\n");
        for p in rule.parameters {
            let _ = writeln!(
                out,
                "- `{}` (default `{}`): {}",
                p.name,
                p.default.to_json(),
                p.description
            );
        }
    }
    let refs = rule.reference_labels();
    if !refs.is_empty() {
        out.push_str("\n### References\n\n");
        for r in refs {
            let _ = writeln!(out, "- {r}");
        }
    }
    out
}

/// Every generated file, as (path relative to the repository root, contents).
#[must_use]
pub fn artifacts() -> Vec<(&'static str, String)> {
    vec![
        ("spec/rules.json", rules_json()),
        ("spec/rules.md", rules_markdown()),
        ("spec/rules.schema.json", schema::<Vec<RuleEntry>>()),
        ("spec/report.schema.json", schema::<Report>()),
        ("spec/policy.schema.json", schema::<Policy>()),
        (
            "spec/compliance.schema.json",
            schema::<crate::report::ComplianceView>(),
        ),
        (
            "spec/collection.schema.json",
            schema::<crate::document::Collection>(),
        ),
        (
            "spec/host-facts.schema.json",
            schema::<crate::document::HostFacts>(),
        ),
        (
            "spec/label-schema.schema.json",
            schema::<crate::labels::LabelSchema>(),
        ),
    ]
}
