//! The rule catalog.
//!
//! A rule is declared once, as a `static` [`Rule`] in its own file under the directory of its
//! family (`config/`, `images/`, `monitoring/`), and registered by one line in that family's
//! `mod.rs`. Everything else (the JSON catalog, the rule reference, SARIF rule metadata) is
//! generated from the declaration.

/// Declares a family's rules once: each name is a module `<name>.rs` holding one `RULE`, and
/// the family's `RULES` lists them all (the catalog sorts them by code).
macro_rules! family_rules {
    ($($rule:ident),* $(,)?) => {
        $(mod $rule;)*

        /// The family's rules.
        pub(super) static RULES: &[&super::Rule] = &[$(&$rule::RULE),*];
    };
}

mod config;
pub(crate) mod context;
mod images;
mod monitoring;

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use context::{CheckContext, FindingDraft};

use crate::Severity;
use crate::document::{
    Container, Daemon, Dockerfile, Fleet, HostFacts, Image, Network, VulnerabilityReport,
};
use crate::seccomp::SeccompProfile;

/// The three families of the hardening guidance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// `CFG`: host, daemon and container runtime configuration.
    Configuration,
    /// `IMG`: what ships inside images and how they are referenced.
    Images,
    /// `MON`: monitoring and metadata (logs, health, agents, labels).
    Monitoring,
}

impl Family {
    /// The three-letter code prefix of the family.
    #[must_use]
    pub const fn prefix(self) -> &'static str {
        match self {
            Family::Configuration => "CFG",
            Family::Images => "IMG",
            Family::Monitoring => "MON",
        }
    }

    /// The lowercase family name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Configuration => "configuration",
            Family::Images => "images",
            Family::Monitoring => "monitoring",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of subject a rule can read.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SubjectKind {
    /// A container (from inspect output, a compose service or an OCI runtime config).
    Container,
    /// The Docker daemon of the bundle's host (docker info, docker version, daemon.json).
    Daemon,
    /// Caller-collected host facts (file owners and modes, audit rules).
    Host,
    /// The bundle's containers seen together (one subject per bundle with containers).
    Fleet,
    /// A seccomp profile (a profile document, or one inlined in a container's security options).
    SeccompProfile,
    /// An image (`docker image inspect`, `podman image inspect`, an OCI image config).
    Image,
    /// A Dockerfile.
    Dockerfile,
    /// A vulnerability scanner report (Trivy, Grype, Snyk, SARIF).
    VulnerabilityReport,
    /// A Docker network (`docker network inspect`), one subject per network.
    Network,
}

impl SubjectKind {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Container => "container",
            SubjectKind::Daemon => "daemon",
            SubjectKind::Host => "host",
            SubjectKind::Fleet => "fleet",
            SubjectKind::SeccompProfile => "seccomp_profile",
            SubjectKind::Image => "image",
            SubjectKind::Dockerfile => "dockerfile",
            SubjectKind::VulnerabilityReport => "vulnerability_report",
            SubjectKind::Network => "network",
        }
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CIS Docker Benchmark recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CisRef {
    /// The id in v1.6.0 and v1.7.0 numbering (`5.5`).
    pub id: &'static str,
    /// The id in v1.8.0 where it differs (section 2 shifts by one after 2.6).
    pub v1_8: Option<&'static str>,
    /// The recommendation's title.
    pub title: &'static str,
    /// Whether the rule decides the recommendation (its outcome sets the control's status in
    /// the compliance view), or only relates to it (a hint whose findings carry the reference
    /// but never fail or pass the control).
    pub decides: bool,
}

impl CisRef {
    /// A recommendation whose id is the same in every version.
    #[must_use]
    pub const fn new(id: &'static str, title: &'static str) -> Self {
        CisRef {
            id,
            v1_8: None,
            title,
            decides: true,
        }
    }

    /// A recommendation the rule relates to without deciding it.
    #[must_use]
    pub const fn related(id: &'static str, title: &'static str) -> Self {
        CisRef {
            id,
            v1_8: None,
            title,
            decides: false,
        }
    }

    /// The label findings carry for it (`CIS Docker Benchmark 2.14 (v1.8: 2.15)`).
    #[must_use]
    pub fn label(&self) -> String {
        match self.v1_8 {
            Some(v18) => format!("CIS Docker Benchmark {} (v1.8: {v18})", self.id),
            None => format!("CIS Docker Benchmark {}", self.id),
        }
    }

    /// Whether `label` is this recommendation's label.
    #[must_use]
    pub fn is_label(&self, label: &str) -> bool {
        label
            .strip_prefix("CIS Docker Benchmark ")
            .and_then(|rest| rest.strip_prefix(self.id))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(" (v1.8:"))
    }
}

/// External references of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct References {
    /// CIS Docker Benchmark recommendations.
    pub cis: &'static [CisRef],
    /// NIST SP 800-190 countermeasure sections (`4.4.3`).
    pub nist: &'static [&'static str],
}

/// How to fix a finding, in the forms users apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remediation {
    /// The `docker run` flag (or its removal).
    pub docker_run: &'static str,
    /// The compose key.
    pub compose: &'static str,
    /// The Dockerfile change, where the fix belongs in the image.
    pub dockerfile: Option<&'static str>,
    /// The `daemon.json` change, where the fix belongs on the daemon.
    pub daemon: Option<&'static str>,
}

impl Remediation {
    /// The fix for an image or a Dockerfile: the Dockerfile change, else the `docker run` form.
    #[must_use]
    pub fn in_image(&self) -> &'static str {
        self.dockerfile.unwrap_or(self.docker_run)
    }

    /// The fix for the daemon or the host: the `daemon.json` change, else the `docker run`
    /// form.
    #[must_use]
    pub fn on_host(&self) -> &'static str {
        self.daemon.unwrap_or(self.docker_run)
    }
}

/// The documentation of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Docs {
    /// What the rule checks, precisely.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it.
    pub remediation: Remediation,
}

/// The default value of a rule parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterDefault {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A string.
    Text(&'static str),
    /// A list of strings.
    List(&'static [&'static str]),
    /// A label schema object (see [`crate::labels::LabelSchema`]); `null` by default, which
    /// means the rule's built-in schema.
    LabelSchema,
}

impl ParameterDefault {
    /// The default as a JSON value.
    #[must_use]
    pub fn to_json(self) -> serde_json::Value {
        match self {
            ParameterDefault::Bool(b) => serde_json::Value::Bool(b),
            ParameterDefault::Integer(i) => serde_json::Value::from(i),
            ParameterDefault::Text(s) => serde_json::Value::from(s),
            ParameterDefault::List(items) => serde_json::Value::from(items.to_vec()),
            ParameterDefault::LabelSchema => serde_json::Value::Null,
        }
    }
}

/// A parameter's value as the policy sets it, checked against the parameter's declaration and
/// parsed once when the policy is resolved.
#[derive(Debug, Clone)]
pub(crate) enum ParameterValue {
    Bool(bool),
    Integer(i64),
    Text(String),
    List(Vec<String>),
    /// A label schema object; `None` for `null` (the rule's built-in schema).
    LabelSchema(Option<std::sync::Arc<crate::labels::LabelSchema>>),
}

/// The parameters a policy sets for one rule, by declared name.
pub(crate) type ParameterValues = BTreeMap<&'static str, ParameterValue>;

/// A setting of a rule that a policy may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// snake_case name.
    pub name: &'static str,
    /// What it controls.
    pub description: &'static str,
    /// The value used when the policy does not set one.
    pub default: ParameterDefault,
}

/// The check functions of a rule, one per subject kind it reads.
#[derive(Debug, Clone, Copy)]
pub struct Checks {
    /// Runs once per container subject.
    pub container: Option<fn(&Container, &mut CheckContext<'_>)>,
    /// Runs once on the bundle's daemon (when it holds any daemon document).
    pub daemon: Option<fn(&Daemon, &mut CheckContext<'_>)>,
    /// Runs once on the bundle's host facts.
    pub host: Option<fn(&HostFacts, &mut CheckContext<'_>)>,
    /// Runs once on the bundle's containers together.
    pub fleet: Option<fn(&Fleet, &mut CheckContext<'_>)>,
    /// Runs once per seccomp profile subject.
    pub seccomp_profile: Option<fn(&SeccompProfile, &mut CheckContext<'_>)>,
    /// Runs once per image subject (config and history).
    pub image: Option<fn(&Image, &mut CheckContext<'_>)>,
    /// Runs once per Dockerfile subject.
    pub dockerfile: Option<fn(&Dockerfile, &mut CheckContext<'_>)>,
    /// Runs once per vulnerability scanner report.
    pub vulnerability_report: Option<fn(&VulnerabilityReport, &mut CheckContext<'_>)>,
    /// Runs once per network subject.
    pub network: Option<fn(&Network, &mut CheckContext<'_>)>,
}

impl Checks {
    /// No checks; rules fill in the kinds they read with `..Checks::NONE`.
    pub const NONE: Checks = Checks {
        container: None,
        daemon: None,
        host: None,
        fleet: None,
        seccomp_profile: None,
        image: None,
        dockerfile: None,
        vulnerability_report: None,
        network: None,
    };
}

/// A rule: everything about one concern, declared in one place.
#[derive(Debug)]
pub struct Rule {
    /// Family prefix and three digits (`CFG001`); never reused.
    pub code: &'static str,
    /// kebab-case name of the problem (`privileged-container`).
    pub name: &'static str,
    /// One sentence, no final period.
    pub summary: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Settings a policy may change.
    pub parameters: &'static [Parameter],
    /// CIS and NIST references.
    pub references: References,
    /// Documentation.
    pub docs: Docs,
    /// The checks, per subject kind.
    pub checks: Checks,
}

impl Rule {
    /// The rule's family, from its code prefix.
    #[must_use]
    pub fn family(&self) -> Family {
        match self.code.get(..3) {
            Some("IMG") => Family::Images,
            Some("MON") => Family::Monitoring,
            _ => Family::Configuration,
        }
    }

    /// The subject kinds the rule reads.
    #[must_use]
    pub fn subjects(&self) -> Vec<SubjectKind> {
        let mut out = Vec::new();
        if self.checks.container.is_some() {
            out.push(SubjectKind::Container);
        }
        if self.checks.daemon.is_some() {
            out.push(SubjectKind::Daemon);
        }
        if self.checks.host.is_some() {
            out.push(SubjectKind::Host);
        }
        if self.checks.fleet.is_some() {
            out.push(SubjectKind::Fleet);
        }
        if self.checks.seccomp_profile.is_some() {
            out.push(SubjectKind::SeccompProfile);
        }
        if self.checks.image.is_some() {
            out.push(SubjectKind::Image);
        }
        if self.checks.dockerfile.is_some() {
            out.push(SubjectKind::Dockerfile);
        }
        if self.checks.vulnerability_report.is_some() {
            out.push(SubjectKind::VulnerabilityReport);
        }
        if self.checks.network.is_some() {
            out.push(SubjectKind::Network);
        }
        out
    }

    /// References as display strings (`CIS Docker Benchmark 5.5`, `NIST SP 800-190 4.4.3`).
    #[must_use]
    pub fn reference_labels(&self) -> Vec<String> {
        let mut out: Vec<String> = self.references.cis.iter().map(CisRef::label).collect();
        out.extend(
            self.references
                .nist
                .iter()
                .map(|n| format!("NIST SP 800-190 {n}")),
        );
        out
    }

    /// The default of parameter `name`.
    #[must_use]
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// Every rule, ordered by code.
#[must_use]
pub fn catalog() -> &'static [&'static Rule] {
    static CATALOG: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut all: Vec<&'static Rule> = config::RULES
            .iter()
            .chain(images::RULES)
            .chain(monitoring::RULES)
            .copied()
            .collect();
        all.sort_by_key(|r| r.code);
        all
    })
}

/// Looks a rule up by code (`CFG001`, any case) or name (`privileged-container`).
#[must_use]
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    catalog()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// What rule files share.
#[allow(unused_imports, reason = "each rule file uses a different subset")]
mod prelude {
    pub(crate) use super::{
        CheckContext, Checks, CisRef, Docs, Parameter, ParameterDefault, References, Remediation,
        Rule,
    };
    pub(crate) use crate::Severity;
    pub(crate) use crate::document::Container;
    pub(crate) use crate::document::DocumentKind;
    pub(crate) use crate::document::{ContainerProcesses, ExecSession, Network};
    pub(crate) use crate::document::{Daemon, Fleet, HostFacts, Known, Product, Version};
    pub(crate) use crate::document::{Dockerfile, Image};
    pub(crate) use crate::document::{FixState, VulnSeverity, Vulnerability, VulnerabilityReport};
    pub(crate) use crate::seccomp::SeccompProfile;
}
