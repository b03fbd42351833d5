//! The engine: a resolved policy applied to a bundle.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Bundle, Container, Dockerfile, Image, Origin};
use crate::report::{Finding, Outcome, OutcomeStatus, Report, SubjectRef, Summary, fingerprint};
use crate::rules::context::NoVerdict;
use crate::rules::{CheckContext, Family, ParameterDefault, Rule, SubjectKind, catalog};
use crate::{Error, Severity, Timestamp};

/// Which rules run, with which parameters, and what fails the gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Rules to run, by code (`CFG001`), code prefix (`CFG`, `CFG0`), name
    /// (`privileged-container`) or family (`configuration`). Empty selects every rule.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules not to run, in the same forms as `select`.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Parameters per rule (keyed by code or name), each a map of parameter name to value.
    #[serde(default)]
    pub parameters: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// A finding at or above this severity fails the gate.
    #[serde(default = "default_fail_on")]
    pub fail_on: Severity,
}

fn default_fail_on() -> Severity {
    Severity::Low
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            select: Vec::new(),
            ignore: Vec::new(),
            parameters: BTreeMap::new(),
            fail_on: default_fail_on(),
        }
    }
}

impl Policy {
    /// Reads a policy from JSON.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        serde_json::from_str(json).map_err(|e| Error::Policy {
            message: e.to_string(),
        })
    }
}

/// A policy resolved against the catalog, ready to evaluate bundles. Cheap to share across
/// threads; evaluation does not mutate it.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Vec<&'static Rule>,
    parameters: BTreeMap<&'static str, BTreeMap<String, serde_json::Value>>,
    fail_on: Severity,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            rules: catalog().to_vec(),
            parameters: BTreeMap::new(),
            fail_on: default_fail_on(),
        }
    }
}

impl Engine {
    /// Resolves `policy` against the catalog. Unknown rules and parameters, and parameter
    /// values of the wrong type, are errors.
    pub fn new(policy: &Policy) -> Result<Self, Error> {
        let selected: Vec<&'static Rule> = if policy.select.is_empty() {
            catalog().to_vec()
        } else {
            let mut out = Vec::new();
            for selector in &policy.select {
                out.extend(resolve_selector(selector)?);
            }
            out
        };
        let mut ignored = Vec::new();
        for selector in &policy.ignore {
            ignored.extend(resolve_selector(selector)?);
        }
        let mut rules: Vec<&'static Rule> = selected
            .into_iter()
            .filter(|r| !ignored.iter().any(|i| i.code == r.code))
            .collect();
        rules.sort_by_key(|r| r.code);
        rules.dedup_by_key(|r| r.code);

        let mut parameters = BTreeMap::new();
        for (key, values) in &policy.parameters {
            let rule = crate::rules::find(key).ok_or_else(|| Error::Policy {
                message: format!("parameters for unknown rule `{key}`{}", suggestion(key)),
            })?;
            for (name, value) in values {
                let param = rule.parameter(name).ok_or_else(|| Error::Policy {
                    message: format!(
                        "rule {} ({}) has no parameter `{name}`; it has: {}",
                        rule.code,
                        rule.name,
                        list_or_none(rule.parameters.iter().map(|p| p.name)),
                    ),
                })?;
                if !same_type(param.default, value) {
                    return Err(Error::Policy {
                        message: format!(
                            "parameter `{name}` of rule {} expects {}, got {value}",
                            rule.code,
                            type_name(param.default)
                        ),
                    });
                }
            }
            parameters.insert(rule.code, values.clone());
        }
        Ok(Engine {
            rules,
            parameters,
            fail_on: policy.fail_on,
        })
    }

    /// The rules this engine runs, ordered by code.
    #[must_use]
    pub fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// Evaluates every selected rule on every subject of `bundle`. `now` is the evaluation
    /// time (the core never reads a clock); it is recorded in the report.
    #[must_use]
    pub fn evaluate(&self, bundle: &Bundle, now: Option<Timestamp>) -> Report {
        let no_params = BTreeMap::new();
        let mut run = Run {
            bundle,
            findings: Vec::new(),
            outcomes: Vec::new(),
        };
        for rule in &self.rules {
            let params = self.parameters.get(rule.code).unwrap_or(&no_params);
            let kinds = rule.subjects();
            let present = [
                (SubjectKind::Container, bundle.containers().is_empty()),
                (SubjectKind::Image, bundle.images().is_empty()),
                (SubjectKind::Dockerfile, bundle.dockerfiles().is_empty()),
            ];
            let reads_some = present
                .iter()
                .any(|(kind, empty)| kinds.contains(kind) && !empty);
            if !reads_some && !kinds.is_empty() {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                run.outcomes.push(Outcome {
                    code: rule.code.to_owned(),
                    subject: None,
                    status: OutcomeStatus::NotApplicable,
                    reason: Some(format!("the input holds no {}", names.join(" or "))),
                    missing: None,
                    findings: 0,
                });
                continue;
            }
            run.rule(rule, params, rule.checks.container, bundle.containers());
            run.rule(rule, params, rule.checks.image, bundle.images());
            run.rule(rule, params, rule.checks.dockerfile, bundle.dockerfiles());
        }
        let Run {
            mut findings,
            outcomes,
            ..
        } = run;
        // Subject order first, then rule code; the sort is stable, so a rule's findings keep
        // the order its check reported them in.
        findings.sort_by(|(a, fa), (b, fb)| a.cmp(b).then_with(|| fa.code.cmp(&fb.code)));
        let findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
        let summary = summarize(
            bundle.subject_count(),
            self.rules.len(),
            &findings,
            &outcomes,
        );
        let passed = !findings.iter().any(|f| f.severity >= self.fail_on);
        Report {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            evaluated_at: now,
            findings,
            outcomes,
            summary,
            fail_on: self.fail_on,
            passed,
        }
    }
}

/// The findings and outcomes of one evaluation, as they accumulate.
struct Run<'a> {
    bundle: &'a Bundle,
    /// Findings with the position of their subject in the bundle.
    findings: Vec<((usize, usize), Finding)>,
    outcomes: Vec<Outcome>,
}

impl Run<'_> {
    /// Runs `check` (when the rule has one for this subject kind) on every subject of the kind.
    fn rule<T: Subject>(
        &mut self,
        rule: &'static Rule,
        params: &BTreeMap<String, serde_json::Value>,
        check: Option<fn(&T, &mut CheckContext<'_>)>,
        subjects: &[T],
    ) {
        let Some(check) = check else {
            return;
        };
        for (index, subject) in subjects.iter().enumerate() {
            let mut ctx = CheckContext::new(rule, params, self.bundle);
            check(subject, &mut ctx);
            let (outcome, produced) = settle(rule, subject, ctx);
            self.outcomes.push(outcome);
            let position = (T::ORDER, index);
            self.findings
                .extend(produced.into_iter().map(|f| (position, f)));
        }
    }
}

/// A kind of subject rules can read.
pub(crate) trait Subject {
    /// Subjects of lower order are reported first.
    const ORDER: usize;
    /// How reports name the subject.
    fn subject_ref(&self) -> SubjectRef;
    /// Where its values came from.
    fn origin(&self) -> &Origin;
    /// The remediation a finding on this subject shows: the `docker run` form for
    /// containers, the Dockerfile change for images and Dockerfiles (where the rule has one).
    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.docker_run
    }
}

impl Subject for Image {
    const ORDER: usize = 1;

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::Image,
            name: self.display_name(),
            id: (!self.id.is_empty()).then(|| self.id.clone()),
            source: self.origin.source.clone(),
        }
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs
            .remediation
            .dockerfile
            .unwrap_or(rule.docs.remediation.docker_run)
    }
}

impl Subject for Dockerfile {
    const ORDER: usize = 2;

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::Dockerfile,
            name: self.origin.source.clone(),
            id: None,
            source: self.origin.source.clone(),
        }
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs
            .remediation
            .dockerfile
            .unwrap_or(rule.docs.remediation.docker_run)
    }
}

impl Subject for Container {
    const ORDER: usize = 0;

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::Container,
            name: self.display_name(),
            id: (!self.id.is_empty()).then(|| self.id.clone()),
            source: self.origin.source.clone(),
        }
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }
}

fn settle<T: Subject>(
    rule: &'static Rule,
    item: &T,
    ctx: CheckContext<'_>,
) -> (Outcome, Vec<Finding>) {
    let subject = item.subject_ref();
    let mut outcome = Outcome {
        code: rule.code.to_owned(),
        subject: Some(subject.clone()),
        status: OutcomeStatus::Pass,
        reason: None,
        missing: None,
        findings: ctx.drafts.len(),
    };
    if !ctx.drafts.is_empty() {
        outcome.status = OutcomeStatus::Fail;
    } else if let Some(no_verdict) = ctx.no_verdict {
        match no_verdict {
            NoVerdict::NotApplicable(reason) => {
                outcome.status = OutcomeStatus::NotApplicable;
                outcome.reason = Some(reason);
            }
            NoVerdict::MissingInput(kind, reason) => {
                outcome.status = OutcomeStatus::MissingInput;
                outcome.reason = Some(reason);
                outcome.missing = Some(kind);
            }
        }
    }
    let references = rule.reference_labels();
    let findings = ctx
        .drafts
        .into_iter()
        .map(|draft| {
            let location = item.origin().locate(&draft.field);
            let place = location.pointer.clone().unwrap_or_else(|| {
                format!(
                    "{}:{}",
                    location.line.unwrap_or(0),
                    location.column.unwrap_or(0)
                )
            });
            let identity = subject.id.as_deref().unwrap_or(&subject.name);
            Finding {
                code: rule.code.to_owned(),
                name: rule.name.to_owned(),
                severity: draft.severity.unwrap_or(rule.severity),
                fingerprint: fingerprint(&[rule.code, &subject.source, identity, &place]),
                subject: subject.clone(),
                message: draft.message,
                location,
                evidence: draft.evidence,
                remediation: T::remediation(rule).to_owned(),
                references: references.clone(),
            }
        })
        .collect();
    (outcome, findings)
}

fn summarize(subjects: usize, rules: usize, findings: &[Finding], outcomes: &[Outcome]) -> Summary {
    let mut by_severity: BTreeMap<Severity, usize> =
        Severity::ALL.iter().map(|s| (*s, 0)).collect();
    for f in findings {
        *by_severity.entry(f.severity).or_default() += 1;
    }
    let mut by_status: BTreeMap<OutcomeStatus, usize> = [
        OutcomeStatus::Fail,
        OutcomeStatus::Pass,
        OutcomeStatus::NotApplicable,
        OutcomeStatus::MissingInput,
    ]
    .into_iter()
    .map(|s| (s, 0))
    .collect();
    for o in outcomes {
        *by_status.entry(o.status).or_default() += 1;
    }
    Summary {
        subjects,
        rules,
        findings: findings.len(),
        by_severity,
        by_status,
    }
}

fn resolve_selector(selector: &str) -> Result<Vec<&'static Rule>, Error> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    let matched: Vec<&'static Rule> = catalog()
        .iter()
        .copied()
        .filter(|r| {
            r.code.starts_with(&upper) && !upper.is_empty()
                || r.name == s
                || r.family().as_str() == s.to_ascii_lowercase()
        })
        .collect();
    let is_family = [Family::Configuration, Family::Images, Family::Monitoring]
        .iter()
        .any(|f| f.as_str() == s.to_ascii_lowercase() || f.prefix() == upper);
    if matched.is_empty() && !is_family {
        return Err(Error::Policy {
            message: format!("unknown rule `{selector}`{}", suggestion(selector)),
        });
    }
    Ok(matched)
}

/// ", did you mean `x`?" for the closest rule name or code, when one is close.
fn suggestion(input: &str) -> String {
    let input_lower = input.to_ascii_lowercase();
    catalog()
        .iter()
        .flat_map(|r| [r.name, r.code])
        .map(|candidate| {
            (
                edit_distance(&input_lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn same_type(default: ParameterDefault, value: &serde_json::Value) -> bool {
    match default {
        ParameterDefault::Bool(_) => value.is_boolean(),
        ParameterDefault::Integer(_) => value.is_i64(),
        ParameterDefault::Text(_) => value.is_string(),
        ParameterDefault::List(_) => value
            .as_array()
            .is_some_and(|items| items.iter().all(serde_json::Value::is_string)),
    }
}

fn type_name(default: ParameterDefault) -> &'static str {
    match default {
        ParameterDefault::Bool(_) => "a boolean",
        ParameterDefault::Integer(_) => "an integer",
        ParameterDefault::Text(_) => "a string",
        ParameterDefault::List(_) => "a list of strings",
    }
}

fn list_or_none<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = items.collect();
    if all.is_empty() {
        "none".to_owned()
    } else {
        all.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(
            edit_distance("privileged-container", "privileged-container"),
            0
        );
        assert_eq!(
            edit_distance("privilege-container", "privileged-container"),
            1
        );
        assert_eq!(edit_distance("abc", ""), 3);
    }
}
