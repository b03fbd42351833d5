//! What a check sees and how it reports.

use std::borrow::Cow;

use super::{Parameter, ParameterDefault, ParameterValue, ParameterValues, Rule};
use crate::Severity;
use crate::document::{
    Bundle, Daemon, DaemonConfig, DocumentKind, Image, ImageConfig, Origin, SwarmCluster, SwarmInfo,
};
use crate::labels::LabelSchema;
use crate::location::Location;

/// A finding as a check reports it, before the engine adds the subject and location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingDraft {
    pub(crate) field: String,
    pub(crate) message: String,
    pub(crate) evidence: Option<String>,
    pub(crate) severity: Option<Severity>,
    pub(crate) package: Option<String>,
    pub(crate) cve: Option<String>,
    /// Where the finding is, when it is in another document than the subject's (set by
    /// [`CheckContext::fail_in`]).
    pub(crate) location: Option<Location>,
    pub(crate) remediation: Option<String>,
    /// The CIS recommendations of the rule this finding is evidence for (set by
    /// [`FindingDraft::controls`]); `None`: all of them.
    pub(crate) controls: Option<&'static [&'static str]>,
}

impl FindingDraft {
    /// The observed value that decided the finding. Never pass a secret value here: use
    /// [`crate::secrets::redact_assignment`] or name the field instead.
    pub fn evidence(&mut self, evidence: impl Into<String>) -> &mut Self {
        self.evidence = Some(evidence.into());
        self
    }

    /// Overrides the rule's severity for this finding (a read-write sensitive mount is worse
    /// than a read-only one).
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }

    /// The package the finding is about (waivers can scope to it).
    pub fn package(&mut self, name: impl Into<String>) -> &mut Self {
        self.package = Some(name.into());
        self
    }

    /// The CIS recommendations (of the rule's own) this finding is evidence for, when the rule
    /// covers several and the finding concerns some: a file of CIS 3.20 among the twelve
    /// files of section 3, or none of them (`&[]`: a network namespace join under a rule about
    /// PID and IPC joins). The finding then references those only, and the compliance view
    /// counts it under those controls alone.
    pub fn controls(&mut self, cis_ids: &'static [&'static str]) -> &mut Self {
        self.controls = Some(cis_ids);
        self
    }

    /// The vulnerability id the finding is about (`CVE-2024-3094`; waivers can scope to it).
    pub fn cve(&mut self, id: impl Into<String>) -> &mut Self {
        self.cve = Some(id.into());
        self
    }

    /// This finding's own remediation, naming its values (`docker run
    /// local/bb:1.0@sha256:<digest>`), in place of the rule's generic one for the subject kind.
    pub fn remediation(&mut self, text: impl Into<String>) -> &mut Self {
        self.remediation = Some(text.into());
        self
    }
}

/// Why a rule reached no verdict on a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoVerdict {
    NotApplicable(Cow<'static, str>),
    MissingInput(DocumentKind, Cow<'static, str>),
}

/// What a check function sees: the rule's parameters, the bundle (for rules that read two
/// documents), and the place to report to.
#[derive(Debug)]
pub struct CheckContext<'a> {
    rule: &'static Rule,
    params: &'a ParameterValues,
    bundle: &'a Bundle,
    pub(crate) drafts: Vec<FindingDraft>,
    pub(crate) no_verdict: Option<NoVerdict>,
    /// The evaluation time the caller gave, if any.
    pub(crate) now: Option<crate::Timestamp>,
}

impl<'a> CheckContext<'a> {
    pub(crate) fn new(
        rule: &'static Rule,
        params: &'a ParameterValues,
        bundle: &'a Bundle,
    ) -> Self {
        CheckContext {
            rule,
            params,
            bundle,
            drafts: Vec::new(),
            no_verdict: None,
            now: None,
        }
    }

    /// Reports a finding about the value at `field` (an Engine API path relative to the
    /// subject, such as `/HostConfig/Privileged`).
    pub fn fail(
        &mut self,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut FindingDraft {
        self.drafts.push(FindingDraft {
            field: field.into(),
            message: message.into(),
            evidence: None,
            severity: None,
            package: None,
            cve: None,
            location: None,
            remediation: None,
            controls: None,
        });
        let last = self.drafts.len() - 1;
        &mut self.drafts[last]
    }

    /// Reports a finding about the subject whose evidence is the value at `field` of another
    /// document (`origin`): an exec session or process list of a container. The finding's
    /// location is in that document.
    pub fn fail_in(
        &mut self,
        origin: &Origin,
        field: &str,
        message: impl Into<String>,
    ) -> &mut FindingDraft {
        let location = origin.locate(field);
        let draft = self.fail(field, message);
        draft.location = Some(location);
        draft
    }

    /// The rule does not apply to this subject, for `reason`.
    pub fn not_applicable(&mut self, reason: impl Into<Cow<'static, str>>) {
        self.no_verdict = Some(NoVerdict::NotApplicable(reason.into()));
    }

    /// The rule cannot decide without a document of `kind`, for `reason`.
    pub fn missing_input(&mut self, kind: DocumentKind, reason: impl Into<Cow<'static, str>>) {
        self.no_verdict = Some(NoVerdict::MissingInput(kind, reason.into()));
    }

    /// The image's config, or `None` after recording that the rule cannot decide without it:
    /// an image read from a `docker history` document alone has no config, and what the config
    /// decides (user, environment, health check, labels, ...) needs its `docker image inspect`.
    pub fn image_config<'i>(&mut self, image: &'i Image) -> Option<&'i ImageConfig> {
        if image.config_known() {
            return Some(&image.config);
        }
        self.missing_input(
            DocumentKind::Image,
            "the image is known from its history only; its config (`docker image inspect`) decides this",
        );
        None
    }

    /// The image's tags, or `None` after recording that the rule cannot decide without them: a
    /// `docker history` line names no tag (the Engine API's history does), so an image read from
    /// one alone has tags that are unknown rather than none.
    pub fn image_tags<'i>(&mut self, image: &'i Image) -> Option<&'i [String]> {
        if image.config_known() || !image.repo_tags.is_empty() {
            return Some(&image.repo_tags);
        }
        self.missing_input(
            DocumentKind::Image,
            "the image's history names no tag; its `docker image inspect` does",
        );
        None
    }

    /// The bundle's daemon.json, or `None` after recording that the rule needs it (`reason`
    /// says which setting).
    pub fn daemon_config<'d>(
        &mut self,
        daemon: &'d Daemon,
        reason: &'static str,
    ) -> Option<&'d DaemonConfig> {
        if daemon.config.is_none() {
            self.missing_input(DocumentKind::DaemonConfig, reason);
        }
        daemon.config.as_ref()
    }

    /// The node's swarm state when swarm mode is active, or `None` after recording why the rule
    /// cannot judge it: no `docker info` (missing input, for `reason`) or no active swarm (does
    /// not apply).
    pub fn active_swarm<'d>(
        &mut self,
        daemon: &'d Daemon,
        reason: &'static str,
    ) -> Option<&'d SwarmInfo> {
        let Some(info) = &daemon.info else {
            self.missing_input(DocumentKind::DaemonInfo, reason);
            return None;
        };
        let swarm = info.swarm.as_ref().filter(|s| s.is_active());
        if swarm.is_none() {
            self.not_applicable("swarm mode is not active");
        }
        swarm
    }

    /// The cluster a swarm manager reports, or `None` after recording why the rule cannot
    /// judge it (see [`CheckContext::active_swarm`]; on a worker it does not apply).
    pub fn swarm_manager<'d>(
        &mut self,
        daemon: &'d Daemon,
        reason: &'static str,
    ) -> Option<&'d SwarmCluster> {
        let cluster = self.active_swarm(daemon, reason)?.manager_cluster();
        if cluster.is_none() {
            self.not_applicable("this node is not a swarm manager");
        }
        cluster
    }

    /// The evaluation time the caller gave (the core never reads a clock).
    #[must_use]
    pub fn now(&self) -> Option<crate::Timestamp> {
        self.now
    }

    /// The whole bundle, for rules that read a second document.
    #[must_use]
    pub fn bundle(&self) -> &'a Bundle {
        self.bundle
    }

    /// The policy's value of `parameter` (one of the rule's declared parameters), if the
    /// policy sets it.
    fn set(&self, parameter: &Parameter) -> Option<&'a ParameterValue> {
        debug_assert!(
            self.rule.parameter(parameter.name).is_some(),
            "{} reads a parameter it does not declare: {}",
            self.rule.code,
            parameter.name
        );
        self.params.get(parameter.name)
    }

    /// An integer parameter (its default when the policy does not set it).
    #[must_use]
    pub fn integer(&self, parameter: &Parameter) -> i64 {
        match (self.set(parameter), parameter.default) {
            (Some(ParameterValue::Integer(i)), _) => *i,
            (_, ParameterDefault::Integer(i)) => i,
            _ => 0,
        }
    }

    /// A boolean parameter.
    #[must_use]
    pub fn flag(&self, parameter: &Parameter) -> bool {
        match (self.set(parameter), parameter.default) {
            (Some(ParameterValue::Bool(b)), _) => *b,
            (_, ParameterDefault::Bool(b)) => b,
            _ => false,
        }
    }

    /// A list-of-strings parameter, borrowed from the policy or the rule's default.
    #[must_use]
    pub fn list(&self, parameter: &Parameter) -> Vec<&'a str> {
        match (self.set(parameter), parameter.default) {
            (Some(ParameterValue::List(items)), _) => items.iter().map(String::as_str).collect(),
            (_, ParameterDefault::List(items)) => items.to_vec(),
            _ => Vec::new(),
        }
    }

    /// A string parameter.
    #[must_use]
    pub fn text(&self, parameter: &Parameter) -> &'a str {
        match (self.set(parameter), parameter.default) {
            (Some(ParameterValue::Text(t)), _) => t,
            (_, ParameterDefault::Text(t)) => t,
            _ => "",
        }
    }

    /// The label schema the policy gives as `parameter`, parsed when the policy was resolved;
    /// `None` when it gives none (or `null`): the rule's built-in schema applies.
    #[must_use]
    pub fn label_schema(&self, parameter: &Parameter) -> Option<&'a LabelSchema> {
        match self.set(parameter) {
            Some(ParameterValue::LabelSchema(Some(schema))) => Some(schema),
            _ => None,
        }
    }
}

/// Runs `rule`'s container check on one container document with default parameters, for the
/// unit tests of inputs the fixture harness cannot express (a field that is absent, whose
/// pointer names where the value belongs rather than a value in the document).
#[cfg(test)]
#[allow(
    clippy::expect_used,
    reason = "a test document that does not parse should stop loudly"
)]
pub(crate) fn run_container_check(rule: &'static Rule, json: &str) -> Vec<FindingDraft> {
    let container: crate::document::Container =
        serde_json::from_str(json).expect("test document parses as a container");
    let params = ParameterValues::new();
    let bundle = Bundle::new();
    let mut ctx = CheckContext::new(rule, &params, &bundle);
    if let Some(check) = rule.checks.container {
        check(&container, &mut ctx);
    }
    ctx.drafts
}
