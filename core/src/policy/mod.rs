//! Policies: which rules run, with which parameters and severities, what is reported, what
//! fails the gate, and which findings are waived.
//!
//! A policy is read in two phases. [`Policy`] is the document as written (JSON or YAML, shape
//! in `spec/policy.schema.json`); [`Policy::resolve`] checks it against the rule catalog and
//! returns a [`ResolvedPolicy`] plus [`Diagnostic`]s. The engine only ever sees a resolved
//! policy.
//!
//! What is an error and what is a diagnostic:
//!
//! - **Errors** ([`Error::Policy`]) stop resolution. They are the problems where going on
//!   would weaken the check or hide the user's intent: text that is not a policy, unknown
//!   keys, values of the wrong type, an unknown profile, an unknown parameter of a known rule or
//!   a parameter value of the wrong type, a waiver without a non-empty `reason` or `rule`, a
//!   waiver whose `expires` is not a date (fail closed: the waiver must not suppress forever),
//!   a `select` whose every entry names no rule, and an `ignore` that removes every selected
//!   rule (either way the policy would run nothing and pass).
//! - **Diagnostics** are reported next to the findings and never change them: a selector,
//!   parameter key, severity key or waiver rule that names no rule (with a "did you mean"
//!   suggestion), parameters for a rule that does not run, and at evaluation time expired,
//!   unchecked (no evaluation time given) and unused waivers.
//!
//! ```
//! use hullcheck::{Bundle, Engine, Format, Policy, Timestamp};
//!
//! // JSON here; YAML reads the same with the default `yaml` feature.
//! let policy = Policy::parse(
//!     r#"{
//!   "extends": "baseline",
//!   "fail_on": "high",
//!   "waivers": [{
//!     "rule": "privileged-container",
//!     "subject": "ci-*",
//!     "reason": "Docker-in-Docker runner on an isolated host",
//!     "expires": "2027-06-30"
//!   }]
//! }"#,
//! )?;
//! let engine = Engine::new(&policy)?;
//! let bundle = Bundle::from_json(
//!     r#"[{"Id": "a1", "Name": "/ci-runner", "HostConfig": {"Privileged": true}}]"#,
//! )?;
//! // 2026-12-31: the waiver still applies; the privileged finding moves to `suppressed`.
//! let report = engine.evaluate(&bundle, Some("2026-12-31".parse::<Timestamp>()?));
//! assert!(report.findings.iter().all(|f| f.name != "privileged-container"));
//! assert_eq!(report.suppressed.len(), 1);
//! assert_eq!(report.suppressed[0].finding.name, "privileged-container");
//! let sarif = report.render("sarif".parse::<Format>()?);
//! assert!(sarif.contains("\"suppressions\""));
//! # Ok::<(), hullcheck::Error>(())
//! ```

mod profiles;
pub(crate) mod select;
pub(crate) mod waiver;

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use profiles::{BASELINE_EXTRA, Profile};
pub(crate) use waiver::SubjectFacts;
pub use waiver::{ResolvedWaiver, Waiver};

pub use crate::diagnostic::{Diagnostic, DiagnosticCode, DiagnosticOrigin};

use crate::rules::{ParameterDefault, ParameterValue, ParameterValues, Rule, catalog};
use crate::{Error, Limits, Severity};

/// Which rules run, with which parameters and severities, what is reported, what fails the
/// gate, and which findings are waived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The JSON Schema of the document, for editors; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A built-in profile whose rules run: `baseline` (CIS level 1 and the guidance's
    /// must-haves) or `strict` (every rule). Combined with `select`; with neither, every rule
    /// runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<Profile>,
    /// Rules to run, by code (`CFG001`), code prefix (`CFG`, `CFG0`), name
    /// (`privileged-container`) or family (`configuration`). Empty (and no `extends`) selects
    /// every rule.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules not to run, in the same forms as `select`. Ignoring wins over selecting.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Parameters per rule (keyed by code or name), each a map of parameter name to value.
    #[serde(default)]
    pub parameters: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Severity overrides, keyed by code, prefix, name or family; the most specific key wins
    /// (code or name, then the longest prefix, then the family).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
    /// Findings below this severity are left out of the report's findings (they still count
    /// for the gate).
    #[serde(default = "default_report_on")]
    pub report_on: Severity,
    /// A finding at or above this severity fails the gate.
    #[serde(default = "default_fail_on")]
    pub fail_on: Severity,
    /// Accepted risks: findings a waiver matches move to the report's `suppressed` list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
}

fn default_fail_on() -> Severity {
    Severity::Low
}

fn default_report_on() -> Severity {
    Severity::Info
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            schema: None,
            extends: None,
            select: Vec::new(),
            ignore: Vec::new(),
            parameters: BTreeMap::new(),
            severity: BTreeMap::new(),
            report_on: default_report_on(),
            fail_on: default_fail_on(),
            waivers: Vec::new(),
        }
    }
}

/// A policy error from serde, at the path where it stopped.
fn policy_error<E: std::fmt::Display>(error: serde_path_to_error::Error<E>) -> Error {
    let at = crate::document::path_to_pointer(error.path());
    let message = error.into_inner().to_string();
    if at.is_empty() {
        Error::policy(message)
    } else {
        Error::policy_at(at, message)
    }
}

/// A diagnostic for a policy key that names no rule, with a "did you mean".
fn unknown_rule(place: &str, selector: &str) -> Diagnostic {
    let suggestion = select::suggestion(selector);
    let mut d = Diagnostic::policy(
        DiagnosticCode::UnknownRule,
        format!(
            "{place} names no rule: `{selector}`{}",
            select::did_you_mean(selector)
        ),
    );
    d.rule = Some(selector.to_owned());
    d.suggestion = suggestion.map(str::to_owned);
    d
}

/// A policy checked against the rule catalog: the rules that run, their parameters and
/// severities, the thresholds and the waivers, plus the diagnostics found on the way.
#[derive(Debug, Clone)]
pub struct ResolvedPolicy {
    pub(crate) rules: Vec<&'static Rule>,
    pub(crate) parameters: BTreeMap<&'static str, ParameterValues>,
    pub(crate) severity: BTreeMap<&'static str, Severity>,
    pub(crate) report_on: Severity,
    pub(crate) fail_on: Severity,
    pub(crate) waivers: Vec<ResolvedWaiver>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Default for ResolvedPolicy {
    fn default() -> Self {
        ResolvedPolicy {
            rules: catalog().to_vec(),
            parameters: BTreeMap::new(),
            severity: BTreeMap::new(),
            report_on: default_report_on(),
            fail_on: default_fail_on(),
            waivers: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

impl ResolvedPolicy {
    /// The rules that run, ordered by code.
    #[must_use]
    pub fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// What resolution found wrong without stopping.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The gate threshold.
    #[must_use]
    pub fn fail_on(&self) -> Severity {
        self.fail_on
    }

    /// The report threshold.
    #[must_use]
    pub fn report_on(&self) -> Severity {
        self.report_on
    }

    /// The severity `rule`'s findings get, when the policy overrides it.
    #[must_use]
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied()
    }

    /// The waivers, in policy order.
    #[must_use]
    pub fn waivers(&self) -> &[ResolvedWaiver] {
        &self.waivers
    }
}

impl Policy {
    /// Reads a policy from JSON. Text past [`Limits::POLICY`] is a `limit_exceeded` error.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Limits::check_policy_text(json, true, "policy")?;
        let mut reader = serde_json::Deserializer::from_str(json);
        let policy: Policy = serde_path_to_error::deserialize(&mut reader).map_err(policy_error)?;
        reader.end().map_err(|e| Error::policy(e.to_string()))?;
        Ok(policy)
    }

    /// Reads a policy from an already-parsed JSON value (the bindings' dicts and objects).
    /// Values nested deeper than [`Limits::POLICY`] allows are a `limit_exceeded` error.
    pub fn from_value(value: &serde_json::Value) -> Result<Self, Error> {
        Limits::POLICY
            .check_value(value, 0)
            .map_err(|e| e.into_error().in_source("policy"))?;
        serde_path_to_error::deserialize(value).map_err(policy_error)
    }

    /// Reads a policy from JSON or YAML. Text whose first non-blank character is `{` is read
    /// as JSON; anything else as YAML (when the `yaml` feature is on).
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_yaml(text)
        }
    }

    /// Reads a policy from YAML.
    #[cfg(feature = "yaml")]
    pub fn from_yaml(yaml: &str) -> Result<Self, Error> {
        Limits::check_policy_text(yaml, false, "policy")?;
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_depth: crate::limits::MAX_NESTING,
                max_nodes: 100_000,
                max_total_scalar_bytes: 4 * 1024 * 1024,
            },
        };
        serde_saphyr::from_str_with_options(yaml, options).map_err(|e| Error::policy(e.to_string()))
    }

    /// Reads a policy from YAML: this build has no YAML support (the `yaml` feature is off).
    #[cfg(not(feature = "yaml"))]
    pub fn from_yaml(_yaml: &str) -> Result<Self, Error> {
        Err(Error::policy(
            "YAML policies need the `yaml` feature of hullcheck; write the policy as JSON",
        ))
    }

    /// Checks the policy against the rule catalog (see the module docs for what is an error
    /// and what is a diagnostic).
    pub fn resolve(&self) -> Result<ResolvedPolicy, Error> {
        let mut diagnostics = Vec::new();

        let mut selected: BTreeSet<&'static str> = BTreeSet::new();
        if let Some(profile) = self.extends {
            selected.extend(profile.rules().iter().map(|r| r.code));
        }
        let mut unknown_selects = Vec::new();
        for selector in &self.select {
            if let Some(rules) = select::resolve(selector) {
                selected.extend(rules.iter().map(|r| r.code));
            } else {
                diagnostics.push(unknown_rule("`select`", selector));
                unknown_selects.push(selector.as_str());
            }
        }
        if self.extends.is_none()
            && !self.select.is_empty()
            && unknown_selects.len() == self.select.len()
        {
            return Err(Error::policy_at(
                "/select",
                format!(
                    "`select` names no known rule ({}), so the policy would run nothing{}",
                    unknown_selects
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    unknown_selects
                        .first()
                        .map(|s| select::did_you_mean(s))
                        .unwrap_or_default()
                ),
            ));
        }
        if self.extends.is_none() && self.select.is_empty() {
            selected.extend(catalog().iter().map(|r| r.code));
        }
        for selector in &self.ignore {
            match select::resolve(selector) {
                Some(rules) => {
                    for r in rules {
                        selected.remove(r.code);
                    }
                }
                None => diagnostics.push(unknown_rule("`ignore`", selector)),
            }
        }
        if selected.is_empty() && !self.ignore.is_empty() {
            // A gate that runs no rule always passes: refuse it, as an all-unknown `select` is.
            return Err(Error::policy_at(
                "/ignore",
                "`ignore` removes every rule the policy selects, so the policy would run nothing",
            ));
        }
        let rules: Vec<&'static Rule> = catalog()
            .iter()
            .copied()
            .filter(|r| selected.contains(r.code))
            .collect();

        let mut parameters = BTreeMap::new();
        for (key, values) in &self.parameters {
            let Some(rule) = crate::rules::find(key) else {
                diagnostics.push(unknown_rule("`parameters`", key));
                continue;
            };
            let typed = resolve_parameters(key, rule, values)?;
            if !selected.contains(rule.code) {
                let mut d = Diagnostic::policy(
                    DiagnosticCode::UnusedParameters,
                    format!(
                        "parameters are set for {} ({}), which the policy does not run",
                        rule.code, rule.name
                    ),
                );
                d.rule = Some(key.clone());
                diagnostics.push(d);
            }
            parameters.insert(rule.code, typed);
        }

        let mut severity = BTreeMap::new();
        for key in self.severity.keys() {
            if select::resolve(key).is_none() {
                diagnostics.push(unknown_rule("`severity`", key));
            }
        }
        for rule in catalog() {
            let best = self
                .severity
                .iter()
                .filter_map(|(key, sev)| select::specificity(key, rule).map(|s| (s, *sev)))
                .max_by_key(|(s, _)| *s);
            if let Some((_, sev)) = best {
                severity.insert(rule.code, sev);
            }
        }

        let mut waivers = Vec::new();
        for (index, waiver) in self.waivers.iter().enumerate() {
            let resolved = ResolvedWaiver::new(index, waiver)?;
            if resolved.rules.is_empty() {
                let mut d = unknown_rule(&format!("waiver {index}"), &waiver.rule);
                d.waiver = Some(index);
                diagnostics.push(d);
            }
            waivers.push(resolved);
        }

        Ok(ResolvedPolicy {
            rules,
            parameters,
            severity,
            report_on: self.report_on,
            fail_on: self.fail_on,
            waivers,
            diagnostics,
        })
    }
}

/// The policy's values for `rule`'s parameters, checked against their declarations (name and
/// type) and parsed once: a label schema here, not per subject.
fn resolve_parameters(
    key: &str,
    rule: &Rule,
    values: &BTreeMap<String, serde_json::Value>,
) -> Result<ParameterValues, Error> {
    let mut out = ParameterValues::new();
    for (name, value) in values {
        let mut at = String::from("/parameters");
        crate::pointer::push_token(&mut at, key);
        crate::pointer::push_token(&mut at, name);
        let param = rule.parameter(name).ok_or_else(|| {
            Error::policy_at(
                at.clone(),
                format!(
                    "rule {} ({}) has no parameter `{name}`; it has: {}",
                    rule.code,
                    rule.name,
                    list_or_none(rule.parameters.iter().map(|p| p.name)),
                ),
            )
        })?;
        let wrong_type = || {
            Error::policy_at(
                at.clone(),
                format!(
                    "parameter `{name}` of rule {} expects {}, got {value}",
                    rule.code,
                    type_name(param.default)
                ),
            )
        };
        let typed = match (param.default, value) {
            (ParameterDefault::Bool(_), serde_json::Value::Bool(b)) => ParameterValue::Bool(*b),
            (ParameterDefault::Integer(_), v) if v.is_i64() => {
                ParameterValue::Integer(v.as_i64().ok_or_else(wrong_type)?)
            }
            (ParameterDefault::Text(_), serde_json::Value::String(t)) => {
                ParameterValue::Text(t.clone())
            }
            (ParameterDefault::List(_), serde_json::Value::Array(items)) => ParameterValue::List(
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned).ok_or_else(wrong_type))
                    .collect::<Result<_, _>>()?,
            ),
            (ParameterDefault::LabelSchema, serde_json::Value::Null) => {
                ParameterValue::LabelSchema(None)
            }
            (ParameterDefault::LabelSchema, v @ serde_json::Value::Object(_)) => {
                let schema = crate::labels::LabelSchema::from_value(v).map_err(|e| {
                    Error::policy_at(
                        at.clone(),
                        format!("parameter `{name}` of rule {}: {e}", rule.code),
                    )
                })?;
                ParameterValue::LabelSchema(Some(std::sync::Arc::new(schema)))
            }
            _ => return Err(wrong_type()),
        };
        out.insert(param.name, typed);
    }
    Ok(out)
}

fn type_name(default: ParameterDefault) -> &'static str {
    match default {
        ParameterDefault::Bool(_) => "a boolean",
        ParameterDefault::Integer(_) => "an integer",
        ParameterDefault::Text(_) => "a string",
        ParameterDefault::List(_) => "a list of strings",
        ParameterDefault::LabelSchema => "a label schema object",
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
