//! Built-in profiles: named rule selections a policy can extend.
//!
//! Profiles are computed from rule metadata, so a new rule joins them without editing this file:
//!
//! - `strict`: every rule.
//! - `baseline`: every rule that implements a CIS Docker Benchmark **level 1** recommendation
//!   (by the CIS ids in its `references`), every rule whose default severity is `high` or
//!   `critical` (the guidance's must-haves: each is one step from host compromise or data
//!   exposure), and the codes listed in [`BASELINE_EXTRA`].

use crate::Severity;
use crate::frameworks;
use crate::rules::{Rule, catalog};

/// Rules in `baseline` that neither implement a CIS level 1 recommendation nor default to
/// `high` or above: add a code here (one line) to put such a rule in the baseline.
pub const BASELINE_EXTRA: &[&str] = &[];

/// A built-in profile.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// CIS level 1 plus the guidance's must-haves.
    Baseline,
    /// Every rule.
    Strict,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 2] = [Profile::Baseline, Profile::Strict];

    /// The name used in policies (`extends: baseline`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Baseline => "baseline",
            Profile::Strict => "strict",
        }
    }

    /// The profile called `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether `rule` belongs to the profile.
    #[must_use]
    pub fn includes(self, rule: &Rule) -> bool {
        match self {
            Profile::Strict => true,
            Profile::Baseline => {
                rule.severity >= Severity::High
                    || BASELINE_EXTRA.contains(&rule.code)
                    || rule
                        .references
                        .cis
                        .iter()
                        .any(|c| frameworks::cis(c.id).is_some_and(|control| control.level == 1))
            }
        }
    }

    /// The rules of the profile, ordered by code.
    #[must_use]
    pub fn rules(self) -> Vec<&'static Rule> {
        catalog()
            .iter()
            .copied()
            .filter(|r| self.includes(r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{BASELINE_EXTRA, Profile};
    use crate::rules::catalog;

    #[test]
    fn strict_is_everything_and_baseline_a_subset() {
        assert_eq!(Profile::Strict.rules().len(), catalog().len());
        let baseline = Profile::Baseline.rules();
        assert!(baseline.iter().any(|r| r.code == "CFG001"));
        assert!(baseline.len() <= catalog().len());
        for code in BASELINE_EXTRA {
            assert!(crate::rules::find(code).is_some(), "{code} is not a rule");
        }
        assert_eq!(Profile::from_name("Baseline"), Some(Profile::Baseline));
        assert_eq!(Profile::from_name("lenient"), None);
    }
}
