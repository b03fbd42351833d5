//! Diagnostics: problems with the policy or the input that do not stop evaluation. A base
//! type: the bundle notes them while reading documents, policy resolution and the engine add
//! theirs, and the report carries them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a diagnostic comes from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticOrigin {
    /// The policy.
    Policy,
    /// The input documents.
    Input,
}

/// What a diagnostic is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnosticCode {
    /// A selector, parameter key, severity key or waiver rule names no rule.
    UnknownRule,
    /// Parameters are set for a rule that does not run.
    UnusedParameters,
    /// A waiver matched no finding.
    UnusedWaiver,
    /// A waiver is past its expiry and no longer suppresses.
    ExpiredWaiver,
    /// A waiver has an expiry but the evaluation had no time, so it does not suppress.
    UncheckedExpiry,
    /// The input holds no subject to evaluate.
    EmptyInput,
    /// An input could not be read and was left out; the other inputs were evaluated.
    InputLeftOut,
    /// A collector's note: something it could not read on the host, or left out.
    CollectionNote,
    /// A `docker history` document was not used: the image document with its id holds a
    /// history of its own, which is read instead.
    HistoryUnused,
}

impl DiagnosticCode {
    /// The kebab-case code.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::UnknownRule => "unknown-rule",
            DiagnosticCode::UnusedParameters => "unused-parameters",
            DiagnosticCode::UnusedWaiver => "unused-waiver",
            DiagnosticCode::ExpiredWaiver => "expired-waiver",
            DiagnosticCode::UncheckedExpiry => "unchecked-expiry",
            DiagnosticCode::EmptyInput => "empty-input",
            DiagnosticCode::InputLeftOut => "input-left-out",
            DiagnosticCode::CollectionNote => "collection-note",
            DiagnosticCode::HistoryUnused => "history-unused",
        }
    }
}

/// A problem with the policy or the input that does not stop evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// What it is about.
    pub code: DiagnosticCode,
    /// Policy or input.
    pub origin: DiagnosticOrigin,
    /// A sentence for people.
    pub message: String,
    /// The rule (as written in the policy) it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The index of the waiver it concerns, in the policy's `waivers` list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<usize>,
    /// The rule name or code the policy probably meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub(crate) fn policy(code: DiagnosticCode, message: String) -> Self {
        Diagnostic {
            code,
            origin: DiagnosticOrigin::Policy,
            message,
            rule: None,
            waiver: None,
            suggestion: None,
        }
    }
}
