//! Waivers: accepted risks, with a reason, an optional expiry and owner, and a scope.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::select;
use crate::glob;
use crate::{Error, Timestamp};

/// An accepted risk: findings of `rule` within the scope move to the report's `suppressed`
/// list, with this waiver attached. Every scope field that is set must match (a waiver with no
/// scope field waives the rule everywhere). Patterns are globs: `*` matches any run of
/// characters, `?` one character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule waived: code, code prefix, name or family.
    #[schemars(length(min = 1))]
    pub rule: String,
    /// Why the risk is accepted. Required and not empty.
    #[schemars(length(min = 1))]
    pub reason: String,
    /// Subject name pattern (container name, image reference or file path, as reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Image reference pattern (`docker.io/library/nginx:*`), for subjects that run or are an
    /// image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// A label the subject must carry: `key` (any value) or `key=value-pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Path pattern of the document the finding is in (a Dockerfile, compose or inspect file,
    /// as the caller named it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Package name pattern, for findings about a package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Vulnerability id pattern (`CVE-2024-*`), for findings about a vulnerability; matched
    /// case-insensitively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cve: Option<String>,
    /// The last day the waiver applies (`2026-12-31`, through the end of that day UTC), or the
    /// instant it stops applying (RFC 3339 `2026-12-31T18:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(
        pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"
    ))]
    pub expires: Option<String>,
    /// Who accepted the risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A waiver checked against the catalog, with its expiry parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedWaiver {
    /// Its position in the policy.
    pub index: usize,
    /// The waiver as written.
    pub waiver: Waiver,
    /// Codes of the rules it waives (empty when `rule` names none).
    pub rules: Vec<&'static str>,
    /// The instant it stops applying.
    pub expires_at: Option<Timestamp>,
    label: Option<(String, Option<String>)>,
}

/// What a waiver's scope is matched against: a finding's rule, subject, documents, package and
/// vulnerability, and facts about its subject.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WaiverTarget<'a> {
    pub(crate) code: &'a str,
    pub(crate) subject_name: &'a str,
    pub(crate) subject_id: Option<&'a str>,
    pub(crate) subject_source: &'a str,
    pub(crate) location_source: &'a str,
    pub(crate) package: Option<&'a str>,
    pub(crate) cve: Option<&'a str>,
    pub(crate) facts: SubjectFacts<'a>,
}

/// What waiver scopes match beyond the finding itself: the subject's image and labels.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SubjectFacts<'a> {
    pub(crate) image: Option<&'a str>,
    pub(crate) labels: Option<&'a BTreeMap<String, String>>,
}

/// Whether a waiver applies at the evaluation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    Active,
    Expired,
    /// It has an expiry but the evaluation has no time.
    Unchecked,
}

const SECONDS_PER_DAY: i64 = 86_400;

impl ResolvedWaiver {
    pub(crate) fn new(index: usize, waiver: &Waiver) -> Result<Self, Error> {
        let problem = |what: String| {
            let mut at = String::from("/waivers");
            crate::pointer::push_index(&mut at, index);
            Error::policy_at(
                at,
                format!("waiver {index} (rule `{}`): {what}", waiver.rule),
            )
        };
        if waiver.rule.trim().is_empty() {
            return Err(problem("`rule` is empty".to_owned()));
        }
        if waiver.reason.trim().is_empty() {
            return Err(problem(
                "`reason` is empty; say why the risk is accepted".to_owned(),
            ));
        }
        let expires_at = match &waiver.expires {
            None => None,
            Some(text) => {
                let at = Timestamp::parse(text).map_err(|e| problem(format!("`expires`: {e}")))?;
                // A bare date names the last day the waiver applies.
                Some(if text.trim().len() == 10 {
                    Timestamp::from_unix_seconds(at.unix_seconds() + SECONDS_PER_DAY)
                } else {
                    at
                })
            }
        };
        let label = match &waiver.label {
            None => None,
            Some(text) => {
                let (key, value) = match text.split_once('=') {
                    Some((k, v)) => (k.trim(), Some(v.to_owned())),
                    None => (text.trim(), None),
                };
                if key.is_empty() {
                    return Err(problem(format!("`label` `{text}` has no key")));
                }
                Some((key.to_owned(), value))
            }
        };
        let rules = select::resolve(&waiver.rule)
            .unwrap_or_default()
            .iter()
            .map(|r| r.code)
            .collect();
        Ok(ResolvedWaiver {
            index,
            waiver: waiver.clone(),
            rules,
            expires_at,
            label,
        })
    }

    pub(crate) fn standing(&self, now: Option<Timestamp>) -> Standing {
        match (self.expires_at, now) {
            (Some(_), None) => Standing::Unchecked,
            (Some(end), Some(now)) if now >= end => Standing::Expired,
            _ => Standing::Active,
        }
    }

    /// Whether the waiver's rule and scope cover `target`. A scope field the subject has no
    /// value for does not match.
    pub(crate) fn matches(&self, target: &WaiverTarget<'_>) -> bool {
        let w = &self.waiver;
        if !self.rules.contains(&target.code) {
            return false;
        }
        if let Some(pattern) = &w.subject {
            let by_name = glob::matches(pattern, target.subject_name);
            let by_id = target
                .subject_id
                .is_some_and(|id| glob::matches(pattern, id));
            if !by_name && !by_id {
                return false;
            }
        }
        if let Some(pattern) = &w.image
            && !target
                .facts
                .image
                .is_some_and(|image| glob::matches(pattern, image))
        {
            return false;
        }
        if let Some((key, value)) = &self.label {
            let found = target.facts.labels.and_then(|labels| labels.get(key));
            let ok = match (found, value) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(actual), Some(pattern)) => glob::matches(pattern, actual),
            };
            if !ok {
                return false;
            }
        }
        if let Some(pattern) = &w.path
            && !glob::matches(pattern, target.location_source)
            && !glob::matches(pattern, target.subject_source)
        {
            return false;
        }
        if let Some(pattern) = &w.package
            && !target.package.is_some_and(|p| glob::matches(pattern, p))
        {
            return false;
        }
        if let Some(pattern) = &w.cve
            && !target.cve.is_some_and(|c| {
                glob::matches(&pattern.to_ascii_uppercase(), &c.to_ascii_uppercase())
            })
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{ResolvedWaiver, Waiver, WaiverTarget};

    fn target<'a>(package: Option<&'a str>, cve: Option<&'a str>) -> WaiverTarget<'a> {
        WaiverTarget {
            code: "CFG001",
            subject_name: "web",
            subject_source: "scan.json",
            location_source: "scan.json",
            package,
            cve,
            ..WaiverTarget::default()
        }
    }

    fn waiver(package: Option<&str>, cve: Option<&str>) -> ResolvedWaiver {
        let w = Waiver {
            rule: "CFG001".to_owned(),
            reason: "r".to_owned(),
            subject: None,
            image: None,
            label: None,
            path: None,
            package: package.map(str::to_owned),
            cve: cve.map(str::to_owned),
            expires: None,
            owner: None,
        };
        ResolvedWaiver::new(0, &w).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn package_and_cve_scopes() {
        let f = target(Some("openssl"), Some("CVE-2024-3094"));
        assert!(waiver(Some("openssl"), None).matches(&f));
        assert!(waiver(Some("open*"), None).matches(&f));
        assert!(!waiver(Some("libssl"), None).matches(&f));
        assert!(waiver(None, Some("cve-2024-3094")).matches(&f));
        assert!(waiver(None, Some("CVE-2024-*")).matches(&f));
        assert!(!waiver(None, Some("CVE-2023-*")).matches(&f));
        assert!(waiver(Some("openssl"), Some("CVE-2024-3094")).matches(&f));
        assert!(!waiver(Some("openssl"), Some("CVE-2023-1")).matches(&f));
        // A finding about no package or CVE is outside such scopes.
        let bare = target(None, None);
        assert!(!waiver(Some("*"), None).matches(&bare));
        assert!(!waiver(None, Some("*")).matches(&bare));
        assert!(waiver(None, None).matches(&bare));
    }
}
