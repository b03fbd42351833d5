//! Label schemas: which labels an image, container or Dockerfile must carry and what their
//! values must look like; label key syntax; and label generation from facts the caller knows.
//!
//! A schema is JSON (its JSON Schema is `spec/label-schema.schema.json`):
//!
//! ```json
//! {
//!   "strict": false,
//!   "include_oci": true,
//!   "labels": {
//!     "org.opencontainers.image.licenses": { "type": "spdx", "required": true },
//!     "com.example.data-classification": {
//!       "type": "enum", "values": ["public", "internal", "confidential", "restricted"],
//!       "required": true
//!     }
//!   }
//! }
//! ```

mod spdx;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use spdx::{SpdxError, parse_spdx};

use crate::{Error, Limits, Timestamp};

/// The type of a label value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LabelType {
    /// Any non-empty text.
    #[default]
    Text,
    /// An absolute URI with an authority (`https://example.com/x`, `git+ssh://host/repo`).
    Url,
    /// One or more (comma-separated) e-mail addresses, bare or as `Name <address>`.
    Email,
    /// A SemVer 2.0.0 version (`1.2.3`, `1.2.3-rc.1+build.5`; no leading `v`).
    Semver,
    /// An RFC 3339 date-time (`2024-05-01T12:00:00Z`).
    Rfc3339,
    /// An SPDX license expression (`MIT OR Apache-2.0`, `GPL-2.0-only WITH Classpath-exception-2.0`).
    Spdx,
    /// A git commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
    GitHash,
    /// A content digest `algorithm:encoded` (sha256: 64 lowercase hex, sha512: 128).
    Digest,
    /// One of `values`.
    Enum,
    /// Matches `pattern` in full.
    Regex,
}

impl LabelType {
    /// The kebab-case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Email => "email",
            LabelType::Semver => "semver",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Spdx => "spdx",
            LabelType::GitHash => "git-hash",
            LabelType::Digest => "digest",
            LabelType::Enum => "enum",
            LabelType::Regex => "regex",
        }
    }
}

/// Facts a caller knows at build time, from which labels are generated.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// The build time.
    Created,
    /// The source-control revision (git commit id).
    Revision,
    /// The source repository URL.
    Source,
    /// The version of the packaged software.
    Version,
    /// The SPDX license expression.
    Licenses,
    /// The project's home page.
    Url,
    /// The documentation URL.
    Documentation,
    /// The title.
    Title,
    /// The description.
    Description,
    /// The distributing entity.
    Vendor,
    /// The authors' contact details.
    Authors,
    /// The base image reference.
    BaseName,
    /// The base image digest.
    BaseDigest,
}

/// What a schema says about one label.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    /// The value's type (`text` when left out).
    #[serde(default, rename = "type")]
    pub kind: LabelType,
    /// Whether the label must be present.
    #[serde(default)]
    pub required: bool,
    /// The allowed values, for `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The regular expression the whole value must match, for `regex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The fact label generation fills it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Fact>,
    /// The value label generation uses when no fact is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// What the label records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A label schema.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSchema {
    /// Flag every label the schema does not list (except `allow_prefixes`).
    #[serde(default)]
    pub strict: bool,
    /// Merge the built-in schema of the OCI annotation keys (`org.opencontainers.image.*`,
    /// none required) under the labels listed here.
    #[serde(default)]
    pub include_oci: bool,
    /// Key prefixes strict mode accepts without listing them (`com.docker.compose.`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_prefixes: Vec<String>,
    /// The labels, by key.
    #[serde(default)]
    pub labels: BTreeMap<String, LabelSpec>,
}

/// The OCI annotation keys and the type of each value.
const OCI_KEYS: &[(&str, LabelType, Fact, &str)] = &[
    (
        "created",
        LabelType::Rfc3339,
        Fact::Created,
        "date and time the image was built",
    ),
    (
        "authors",
        LabelType::Text,
        Fact::Authors,
        "contact details of the people or organisation responsible",
    ),
    (
        "url",
        LabelType::Url,
        Fact::Url,
        "URL to find more information on the image",
    ),
    (
        "documentation",
        LabelType::Url,
        Fact::Documentation,
        "URL to the image's documentation",
    ),
    (
        "source",
        LabelType::Url,
        Fact::Source,
        "URL of the source code the image was built from",
    ),
    (
        "version",
        LabelType::Text,
        Fact::Version,
        "version of the packaged software",
    ),
    (
        "revision",
        LabelType::GitHash,
        Fact::Revision,
        "source-control revision the image was built from",
    ),
    (
        "vendor",
        LabelType::Text,
        Fact::Vendor,
        "name of the distributing entity",
    ),
    (
        "licenses",
        LabelType::Spdx,
        Fact::Licenses,
        "licenses of the contained software, as an SPDX expression",
    ),
    (
        "title",
        LabelType::Text,
        Fact::Title,
        "human-readable title",
    ),
    (
        "description",
        LabelType::Text,
        Fact::Description,
        "human-readable description",
    ),
    (
        "base.name",
        LabelType::Text,
        Fact::BaseName,
        "reference of the immediate base image",
    ),
    (
        "base.digest",
        LabelType::Digest,
        Fact::BaseDigest,
        "digest of the immediate base image",
    ),
];

/// What is wrong with a subject's labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelProblem {
    /// The label key.
    pub key: String,
    /// What is wrong.
    pub kind: LabelProblemKind,
    /// A description.
    pub message: String,
}

/// The kinds of label problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelProblemKind {
    /// A required label is absent.
    Missing,
    /// The value does not have the label's type.
    Invalid,
    /// Strict mode: the schema does not list the label.
    Unlisted,
}

/// Labels generated from facts, in the three forms a build applies them. Serialises as the
/// bindings return it: `labels`, `label_lines`, `args`, `problems` (`key`, `kind`, `message`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GeneratedLabels {
    /// Key to value.
    pub labels: BTreeMap<String, String>,
    /// One Dockerfile `LABEL key="value"` line per label.
    pub label_lines: Vec<String>,
    /// `docker build` arguments: `--label`, `key=value`, ... (one element each, no shell quoting).
    pub args: Vec<String>,
    /// Required labels no fact was given for, and generated values that do not fit the schema.
    pub problems: Vec<LabelProblem>,
}

impl LabelSchema {
    /// The built-in schema of the OCI annotation keys: every `org.opencontainers.image.*` key
    /// with its value type, none required, not strict.
    #[must_use]
    pub fn oci() -> Self {
        let labels = OCI_KEYS
            .iter()
            .map(|(key, kind, fact, description)| {
                (
                    format!("org.opencontainers.image.{key}"),
                    LabelSpec {
                        kind: *kind,
                        fact: Some(*fact),
                        description: Some((*description).to_owned()),
                        ..LabelSpec::default()
                    },
                )
            })
            .collect();
        LabelSchema {
            labels,
            ..LabelSchema::default()
        }
    }

    /// Reads a schema from JSON or YAML text: text whose first non-blank character is `{` is
    /// read as JSON, anything else as YAML.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_yaml(text)
        }
    }

    /// Reads a schema from JSON text. Text past [`Limits::POLICY`] is a `limit_exceeded` error.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Limits::check_policy_text(json, true, "label schema")?;
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| Error::policy(format!("label schema: {e}")))?;
        Self::from_value(&value)
    }

    /// Reads a schema from YAML text (the same shape as the JSON form).
    #[cfg(feature = "yaml")]
    pub fn from_yaml(yaml: &str) -> Result<Self, Error> {
        Limits::check_policy_text(yaml, false, "label schema")?;
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_depth: crate::limits::MAX_NESTING,
                max_nodes: 100_000,
                max_total_scalar_bytes: 4 * 1024 * 1024,
            },
        };
        let value: serde_json::Value = serde_saphyr::from_str_with_options(yaml, options)
            .map_err(|e| Error::policy(format!("label schema: {e}")))?;
        Self::from_value(&value)
    }

    /// Reads a schema from YAML text: this build has no YAML support (the `yaml` feature is
    /// off).
    #[cfg(not(feature = "yaml"))]
    pub fn from_yaml(_yaml: &str) -> Result<Self, Error> {
        Err(Error::policy(
            "YAML label schemas need the `yaml` feature of hullcheck; write the schema \
                      as JSON"
                .to_owned(),
        ))
    }

    /// Reads a schema from a JSON value and checks it: `enum` labels list values, `regex`
    /// labels have a pattern that compiles, keys are valid label keys. With `include_oci`,
    /// the OCI keys it does not list are merged in.
    pub fn from_value(value: &serde_json::Value) -> Result<Self, Error> {
        let mut schema: LabelSchema = serde_json::from_value(value.clone())
            .map_err(|e| Error::policy(format!("label schema: {e}")))?;
        for (key, spec) in &schema.labels {
            let fail = |why: String| Error::policy(format!("label schema: label `{key}`: {why}"));
            if let Some(why) = key_problem(key) {
                return Err(fail(why));
            }
            match spec.kind {
                LabelType::Enum if spec.values.is_empty() => {
                    return Err(fail("an enum needs a non-empty `values` list".to_owned()));
                }
                LabelType::Regex => {
                    let pattern = spec
                        .pattern
                        .as_deref()
                        .ok_or_else(|| fail("a regex needs a `pattern`".to_owned()))?;
                    compile(pattern).map_err(fail)?;
                }
                _ => {}
            }
        }
        if schema.include_oci {
            for (key, spec) in LabelSchema::oci().labels {
                schema.labels.entry(key).or_insert(spec);
            }
        }
        Ok(schema)
    }

    /// Checks `labels` (key, value, and whether the value is known: a Dockerfile value with
    /// an unresolved `$VAR` is present but not checked against its type).
    #[must_use]
    pub fn check<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
    ) -> Vec<LabelProblem> {
        let labels: Vec<(&str, &str, bool)> = labels.into_iter().collect();
        let mut out = Vec::new();
        for (key, spec) in &self.labels {
            if spec.required && !labels.iter().any(|(k, _, _)| k == key) {
                out.push(LabelProblem {
                    key: key.clone(),
                    kind: LabelProblemKind::Missing,
                    message: format!("required label `{key}` is missing"),
                });
            }
        }
        for (key, value, known) in labels {
            if let Some(spec) = self.labels.get(key) {
                if known && let Err(why) = validate(spec, value) {
                    out.push(LabelProblem {
                        key: key.to_owned(),
                        kind: LabelProblemKind::Invalid,
                        message: format!("label `{key}`: {why}"),
                    });
                }
            } else if self.strict
                && !self
                    .allow_prefixes
                    .iter()
                    .any(|p| key.starts_with(p.as_str()))
            {
                out.push(LabelProblem {
                    key: key.to_owned(),
                    kind: LabelProblemKind::Unlisted,
                    message: format!("label `{key}` is not in the schema (strict mode)"),
                });
            }
        }
        out
    }

    /// Generates the labels the schema knows a fact (or a default) for, from `facts`. Values are checked
    /// against the schema; a required label without a fact (or with an invalid value) is
    /// reported in `problems` and left out.
    #[must_use]
    pub fn generate(&self, facts: &BTreeMap<Fact, String>) -> GeneratedLabels {
        let mut out = GeneratedLabels::default();
        for (key, spec) in &self.labels {
            let value = spec
                .fact
                .and_then(|f| facts.get(&f))
                .or(spec.default.as_ref());
            match value {
                Some(value) => match validate(spec, value) {
                    Ok(()) => {
                        out.labels.insert(key.clone(), value.clone());
                    }
                    Err(why) => out.problems.push(LabelProblem {
                        key: key.clone(),
                        kind: LabelProblemKind::Invalid,
                        message: format!("label `{key}`: {why}"),
                    }),
                },
                None if spec.required => out.problems.push(LabelProblem {
                    key: key.clone(),
                    kind: LabelProblemKind::Missing,
                    message: format!("required label `{key}` has no fact to generate it from"),
                }),
                None => {}
            }
        }
        for (key, value) in &out.labels {
            out.label_lines
                .push(format!("LABEL {key}=\"{}\"", dockerfile_escape(value)));
            out.args.push("--label".to_owned());
            out.args.push(format!("{key}={value}"));
        }
        out
    }
}

/// Escapes a value for a double-quoted Dockerfile word.
fn dockerfile_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' | '\\' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("the pattern does not compile: {e}"))
}

/// Checks `value` against `spec`'s type.
pub fn validate(spec: &LabelSpec, value: &str) -> Result<(), String> {
    let v = value.trim();
    match spec.kind {
        LabelType::Text => non_empty(v),
        LabelType::Url => url(v),
        LabelType::Email => v.split(',').try_for_each(|e| email(e.trim())),
        LabelType::Semver => semver(v),
        LabelType::Rfc3339 => {
            if v.len() > 10 && Timestamp::parse(v).is_ok() {
                Ok(())
            } else {
                Err(format!(
                    "`{v}` is not an RFC 3339 date-time (2024-05-01T12:00:00Z)"
                ))
            }
        }
        LabelType::Spdx => parse_spdx(v).map_err(|e| e.to_string()),
        LabelType::GitHash => {
            if matches!(v.len(), 40 | 64)
                && v.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                Ok(())
            } else {
                Err(format!(
                    "`{v}` is not a git commit id (40 or 64 lowercase hex digits)"
                ))
            }
        }
        LabelType::Digest => digest(v),
        LabelType::Enum => {
            if spec.values.iter().any(|allowed| allowed == v) {
                Ok(())
            } else {
                Err(format!("`{v}` is not one of: {}", spec.values.join(", ")))
            }
        }
        LabelType::Regex => {
            let pattern = spec.pattern.as_deref().unwrap_or("");
            let re = compile(pattern)?;
            if re.is_match(value) {
                Ok(())
            } else {
                Err(format!("`{value}` does not match `{pattern}`"))
            }
        }
    }
}

fn non_empty(v: &str) -> Result<(), String> {
    if v.is_empty() {
        Err("the value is empty".to_owned())
    } else {
        Ok(())
    }
}

fn url(v: &str) -> Result<(), String> {
    let bad = || format!("`{v}` is not an absolute URL (scheme://host/path)");
    let (scheme, rest) = v.split_once("://").ok_or_else(bad)?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !scheme_ok || host.is_empty() || v.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(())
}

fn email(v: &str) -> Result<(), String> {
    let address = match (v.find('<'), v.strip_suffix('>')) {
        (Some(open), Some(inner)) => inner.get(open + 1..).unwrap_or(""),
        _ => v,
    };
    let ok = address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !address
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ','))
            && !domain.contains('@')
    });
    if ok {
        Ok(())
    } else {
        Err(format!("`{v}` is not an e-mail address"))
    }
}

fn semver(v: &str) -> Result<(), String> {
    let bad = || format!("`{v}` is not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH[-pre][+build])");
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| numeric(p)) {
        return Err(bad());
    }
    if let Some(pre) = pre
        && !pre
            .split('.')
            .all(|p| ident(p) && (!p.bytes().all(|b| b.is_ascii_digit()) || numeric(p)))
    {
        return Err(bad());
    }
    if let Some(build) = build
        && !build.split('.').all(ident)
    {
        return Err(bad());
    }
    Ok(())
}

fn digest(v: &str) -> Result<(), String> {
    let bad = |why: &str| format!("`{v}` is not a digest ({why})");
    let (algorithm, encoded) = v
        .split_once(':')
        .ok_or_else(|| bad("expected algorithm:encoded"))?;
    let component_ok = algorithm.split(['+', '.', '_', '-']).all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !component_ok
        || encoded.is_empty()
        || !encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
    {
        return Err(bad("expected algorithm:encoded"));
    }
    let hex = |n: usize| {
        encoded.len() == n
            && encoded
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    match algorithm {
        "sha256" if !hex(64) => Err(bad("sha256 needs 64 lowercase hex digits")),
        "sha512" if !hex(128) => Err(bad("sha512 needs 128 lowercase hex digits")),
        _ => Ok(()),
    }
}

/// Namespaces Docker reserves for its own labels.
pub const RESERVED_PREFIXES: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];

/// What is wrong with a label key's syntax (Docker's guideline: lowercase alphanumerics, `.`
/// and `-`, starting with a letter, no consecutive separators), if anything. The guideline
/// also asks for a letter at the end; a final digit (`com.example.v2`) is common and accepted.
/// Reserved namespaces are checked separately ([`reserved_namespace`]).
#[must_use]
pub fn key_problem(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("the key is empty".to_owned());
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')))
    {
        return Some(format!(
            "`{key}` contains `{c}`: keys use lowercase letters, digits, `.` and `-`"
        ));
    }
    if !key.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        return Some(format!("`{key}` must start with a lowercase letter"));
    }
    if !key
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return Some(format!("`{key}` must end with a letter or digit"));
    }
    for pair in ["..", "--", ".-", "-."] {
        if key.contains(pair) {
            return Some(format!("`{key}` has consecutive separators `{pair}`"));
        }
    }
    None
}

/// The reserved namespace `key` is in, if any.
#[must_use]
pub fn reserved_namespace(key: &str) -> Option<&'static str> {
    RESERVED_PREFIXES
        .iter()
        .copied()
        .find(|p| key.starts_with(p))
}

/// Writes a human list of problems (for messages).
#[must_use]
pub fn summarize(problems: &[LabelProblem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let _ = write!(out, "{}", p.message);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failing test should stop loudly")]
mod tests {
    use super::*;

    fn spec(kind: LabelType) -> LabelSpec {
        LabelSpec {
            kind,
            ..LabelSpec::default()
        }
    }

    #[test]
    fn value_types() {
        let ok = |k, v: &str| validate(&spec(k), v).is_ok();
        assert!(ok(LabelType::Url, "https://github.com/acme/app"));
        assert!(ok(LabelType::Url, "git+ssh://git@github.com/acme/app.git"));
        assert!(!ok(LabelType::Url, "github.com/acme/app"));
        assert!(!ok(LabelType::Url, "https:///path"));
        assert!(ok(
            LabelType::Email,
            "Ops <ops@example.com>, dev@example.com"
        ));
        assert!(!ok(LabelType::Email, "ops at example.com"));
        assert!(ok(LabelType::Semver, "1.2.3-rc.1+build.5"));
        assert!(!ok(LabelType::Semver, "v1.2.3"));
        assert!(!ok(LabelType::Semver, "1.02.3"));
        assert!(!ok(LabelType::Semver, "1.2.3-01"));
        assert!(ok(LabelType::Rfc3339, "2024-05-01T12:00:00Z"));
        assert!(ok(LabelType::Rfc3339, "2024-05-01T12:00:00.123+02:00"));
        assert!(!ok(LabelType::Rfc3339, "2024-05-01"));
        assert!(!ok(LabelType::Rfc3339, "May 1st"));
        assert!(ok(LabelType::GitHash, &"a".repeat(40)));
        assert!(ok(LabelType::GitHash, &"0".repeat(64)));
        assert!(!ok(LabelType::GitHash, "abc1234"));
        assert!(!ok(LabelType::GitHash, &"A".repeat(40)));
        assert!(ok(LabelType::Digest, &format!("sha256:{}", "b".repeat(64))));
        assert!(!ok(
            LabelType::Digest,
            &format!("sha256:{}", "b".repeat(63))
        ));
        assert!(ok(
            LabelType::Digest,
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"
        ));
        assert!(!ok(LabelType::Digest, "sha256"));
        assert!(!ok(LabelType::Text, "  "));
    }

    #[test]
    fn enum_and_regex() {
        let e = LabelSpec {
            kind: LabelType::Enum,
            values: vec!["public".into(), "internal".into()],
            ..LabelSpec::default()
        };
        assert!(validate(&e, "internal").is_ok());
        assert!(validate(&e, "secret").is_err());
        let r = LabelSpec {
            kind: LabelType::Regex,
            pattern: Some("[a-z]+-[0-9]+".into()),
            ..LabelSpec::default()
        };
        assert!(validate(&r, "team-42").is_ok());
        // The pattern must match the whole value.
        assert!(validate(&r, "xteam-42!").is_err());
    }

    #[test]
    fn keys() {
        assert!(key_problem("org.opencontainers.image.title").is_none());
        assert!(key_problem("com.example.data-classification").is_none());
        assert!(key_problem("Com.Example").is_some());
        assert!(key_problem("com..example").is_some());
        assert!(key_problem("com.example-").is_some());
        assert!(key_problem("com_example").is_some());
        assert_eq!(
            reserved_namespace("com.docker.compose.project"),
            Some("com.docker.")
        );
        assert_eq!(reserved_namespace("com.example"), None);
    }

    #[test]
    fn schema_checks_and_strict_mode() {
        let schema = LabelSchema::from_value(&serde_json::json!({
            "strict": true,
            "include_oci": true,
            "allow_prefixes": ["com.docker.compose."],
            "labels": {
                "com.example.tier": {"type": "enum", "values": ["web", "db"], "required": true}
            }
        }))
        .unwrap();
        let problems = schema.check([
            ("org.opencontainers.image.licenses", "MIT OR", true),
            ("com.docker.compose.project", "x", true),
            ("com.example.other", "x", true),
            ("org.opencontainers.image.created", "$BUILD_DATE", false),
        ]);
        let kinds: Vec<(&str, LabelProblemKind)> =
            problems.iter().map(|p| (p.key.as_str(), p.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("com.example.tier", LabelProblemKind::Missing),
                (
                    "org.opencontainers.image.licenses",
                    LabelProblemKind::Invalid
                ),
                ("com.example.other", LabelProblemKind::Unlisted),
            ]
        );
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_reads_like_json() {
        let yaml = "strict: true\nlabels:\n  com.example.tier:\n    type: enum\n    values: [web, db]\n    required: true\n";
        let json = serde_json::json!({
            "strict": true,
            "labels": {"com.example.tier": {"type": "enum", "values": ["web", "db"], "required": true}}
        });
        assert_eq!(
            LabelSchema::from_yaml(yaml).unwrap(),
            LabelSchema::from_value(&json).unwrap()
        );
        assert!(LabelSchema::from_yaml("labels: [").is_err());
        assert!(LabelSchema::from_yaml("labels:\n  A.b: {}\n").is_err());
    }

    #[test]
    fn bad_schemas_are_policy_errors() {
        for bad in [
            serde_json::json!({"labels": {"a.b": {"type": "enum"}}}),
            serde_json::json!({"labels": {"a.b": {"type": "regex", "pattern": "("}}}),
            serde_json::json!({"labels": {"a.b": {"type": "regex"}}}),
            serde_json::json!({"labels": {"A.b": {}}}),
            serde_json::json!({"labels": {"a.b": {"type": "colour"}}}),
            serde_json::json!({"strictt": true}),
        ] {
            assert!(LabelSchema::from_value(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn generation_escapes_and_reports_missing_facts() {
        let mut schema = LabelSchema::oci();
        if let Some(spec) = schema.labels.get_mut("org.opencontainers.image.vendor") {
            spec.required = true;
        }
        let facts = BTreeMap::from([
            (Fact::Title, "say \"hi\" $HOME".to_owned()),
            (Fact::Revision, "not-a-hash".to_owned()),
        ]);
        let out = schema.generate(&facts);
        assert_eq!(
            out.label_lines,
            vec![r#"LABEL org.opencontainers.image.title="say \"hi\" \$HOME""#.to_owned()]
        );
        assert_eq!(
            out.args,
            vec!["--label", "org.opencontainers.image.title=say \"hi\" $HOME"]
        );
        let keys: Vec<&str> = out.problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "org.opencontainers.image.revision",
                "org.opencontainers.image.vendor"
            ]
        );
    }
}
