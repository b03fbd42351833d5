//! The engine: a resolved policy applied to a bundle.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use crate::document::{
    Bundle, Container, Daemon, Dockerfile, Fleet, HostFacts, Image, Network, VulnerabilityReport,
};
use crate::policy::waiver::Standing;
use crate::policy::{
    Diagnostic, DiagnosticCode, DiagnosticOrigin, Policy, ResolvedPolicy, SubjectFacts,
};
use crate::report::{
    Finding, Location, Outcome, OutcomeStatus, Report, SubjectRef, Summary, Suppressed, fingerprint,
};
use crate::rules::context::NoVerdict;
use crate::rules::{CheckContext, ParameterValues, Rule, SubjectKind, catalog};
use crate::seccomp::SeccompProfile;
use crate::{DocumentKind, Error, Severity, Timestamp};

/// A policy resolved against the catalog, ready to evaluate bundles. Cheap to share across
/// threads; evaluation does not mutate it.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    policy: ResolvedPolicy,
}

impl Engine {
    /// Resolves `policy` against the catalog (see [`Policy::resolve`] for what is an error and
    /// what becomes a diagnostic in every report).
    pub fn new(policy: &Policy) -> Result<Self, Error> {
        Ok(Engine::from_resolved(policy.resolve()?))
    }

    /// An engine for an already resolved policy.
    #[must_use]
    pub fn from_resolved(policy: ResolvedPolicy) -> Self {
        Engine { policy }
    }

    /// The resolved policy.
    #[must_use]
    pub fn policy(&self) -> &ResolvedPolicy {
        &self.policy
    }

    /// What resolving the policy found wrong without stopping; every report repeats them.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.policy.diagnostics
    }

    /// The rules this engine runs, ordered by code.
    #[must_use]
    pub fn rules(&self) -> &[&'static Rule] {
        &self.policy.rules
    }

    /// Evaluates every selected rule on every subject of `bundle`. `now` is the evaluation
    /// time (the core never reads a clock); it is recorded in the report.
    #[must_use]
    pub fn evaluate(&self, bundle: &Bundle, now: Option<Timestamp>) -> Report {
        let no_params = ParameterValues::new();
        let fleet = bundle.fleet();
        let mut run = Run {
            bundle,
            subjects: Vec::new(),
            offsets: BTreeMap::new(),
            findings: Vec::new(),
            outcomes: Vec::new(),
            facts: BTreeMap::new(),
            now,
        };
        // Subjects are registered once, in report order; outcomes refer to them by index.
        run.register(bundle.containers());
        run.register(bundle.daemons());
        run.register(bundle.host_facts());
        run.register(bundle.networks());
        run.register(&fleet);
        run.register(bundle.images());
        run.register(bundle.dockerfiles());
        run.register(bundle.seccomp_profiles());
        run.register(bundle.vulnerability_reports());
        for rule in &self.policy.rules {
            let params = self.policy.parameters.get(rule.code).unwrap_or(&no_params);
            let before = run.outcomes.len();
            run.rule(rule, params, rule.checks.container, bundle.containers());
            run.rule(rule, params, rule.checks.image, bundle.images());
            run.rule(rule, params, rule.checks.dockerfile, bundle.dockerfiles());
            run.rule(rule, params, rule.checks.network, bundle.networks());
            run.rule(rule, params, rule.checks.daemon, bundle.daemons());
            run.rule(rule, params, rule.checks.host, bundle.host_facts());
            run.rule(rule, params, rule.checks.fleet, &fleet);
            run.rule(
                rule,
                params,
                rule.checks.seccomp_profile,
                bundle.seccomp_profiles(),
            );
            run.rule(
                rule,
                params,
                rule.checks.vulnerability_report,
                bundle.vulnerability_reports(),
            );
            if run.outcomes.len() == before {
                run.outcomes.push(without_subjects(rule, bundle));
            }
        }
        let Run {
            subjects,
            mut findings,
            outcomes,
            facts,
            ..
        } = run;
        // Subject order first, then rule code; the sort is stable, so a rule's findings keep
        // the order its check reported them in.
        findings.sort_by(|(a, fa), (b, fb)| a.cmp(b).then_with(|| fa.code.cmp(&fb.code)));
        let post = self.post_process(findings, &facts, now);
        let mut diagnostics = self.policy.diagnostics.clone();
        if bundle.subject_count() == 0 {
            diagnostics.push(Diagnostic {
                code: DiagnosticCode::EmptyInput,
                origin: DiagnosticOrigin::Input,
                message: "the input holds no subject to evaluate".to_owned(),
                rule: None,
                waiver: None,
                suggestion: None,
            });
        }
        diagnostics.extend(post.diagnostics);
        diagnostics.extend(bundle.notes().iter().cloned());
        let passed = !post
            .findings
            .iter()
            .any(|f| f.severity >= self.policy.fail_on);
        let (findings, hidden): (Vec<Finding>, Vec<Finding>) = post
            .findings
            .into_iter()
            .partition(|f| f.severity >= self.policy.report_on);
        let mut summary = summarize(
            bundle.subject_count(),
            self.policy.rules.len(),
            &findings,
            &outcomes,
        );
        summary.suppressed = post.suppressed.len();
        summary.below_report_threshold = hidden.len();
        Report {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            evaluated_at: now,
            subjects,
            findings,
            suppressed: post.suppressed,
            outcomes,
            diagnostics,
            summary,
            report_on: self.policy.report_on,
            fail_on: self.policy.fail_on,
            passed,
        }
    }

    /// Applies severity overrides and waivers to the findings of one evaluation.
    fn post_process(
        &self,
        findings: Vec<(usize, Finding)>,
        facts: &BTreeMap<usize, SubjectFacts<'_>>,
        now: Option<Timestamp>,
    ) -> PostProcessed {
        let waivers = &self.policy.waivers;
        let standings: Vec<Standing> = waivers.iter().map(|w| w.standing(now)).collect();
        let mut used = vec![false; waivers.len()];
        let mut out = PostProcessed::default();
        for (position, mut finding) in findings {
            if let Some(severity) = self.policy.severity_override(&finding.code) {
                finding.severity = severity;
            }
            let subject_facts = facts.get(&position).copied().unwrap_or_default();
            let waiver = waivers.iter().zip(&standings).position(|(w, standing)| {
                *standing == Standing::Active && w.matches(&finding.waiver_target(subject_facts))
            });
            match waiver.and_then(|i| waivers.get(i).map(|w| (i, w))) {
                Some((i, w)) => {
                    if let Some(flag) = used.get_mut(i) {
                        *flag = true;
                    }
                    out.suppressed.push(Suppressed {
                        finding,
                        waiver_index: w.index,
                        waiver: w.waiver.clone(),
                    });
                }
                None => out.findings.push(finding),
            }
        }
        for ((w, standing), used) in waivers.iter().zip(&standings).zip(&used) {
            let (code, message) = match standing {
                Standing::Expired => (
                    DiagnosticCode::ExpiredWaiver,
                    format!(
                        "waiver {} (rule `{}`) expired on {} and no longer suppresses",
                        w.index,
                        w.waiver.rule,
                        w.waiver.expires.as_deref().unwrap_or_default()
                    ),
                ),
                Standing::Unchecked => (
                    DiagnosticCode::UncheckedExpiry,
                    format!(
                        "waiver {} (rule `{}`) expires on {}, but the evaluation was given no time, so it does not suppress",
                        w.index,
                        w.waiver.rule,
                        w.waiver.expires.as_deref().unwrap_or_default()
                    ),
                ),
                Standing::Active if !*used && !w.rules.is_empty() => (
                    DiagnosticCode::UnusedWaiver,
                    format!(
                        "waiver {} (rule `{}`) matched no finding",
                        w.index, w.waiver.rule
                    ),
                ),
                Standing::Active => continue,
            };
            let mut d = Diagnostic::policy(code, message);
            d.rule = Some(w.waiver.rule.clone());
            d.waiver = Some(w.index);
            out.diagnostics.push(d);
        }
        out
    }
}

/// Findings after severity overrides and waivers.
#[derive(Default)]
struct PostProcessed {
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    diagnostics: Vec<Diagnostic>,
}

/// The findings and outcomes of one evaluation, as they accumulate.
struct Run<'a> {
    bundle: &'a Bundle,
    /// Every subject, in report order.
    subjects: Vec<SubjectRef>,
    /// Index in `subjects` of the first subject of each kind.
    offsets: BTreeMap<SubjectKind, usize>,
    /// What waiver scopes match, per subject index.
    facts: BTreeMap<usize, SubjectFacts<'a>>,
    /// Findings with the index of their subject.
    findings: Vec<(usize, Finding)>,
    outcomes: Vec<Outcome>,
    /// The evaluation time, for rules about ages.
    now: Option<Timestamp>,
}

impl<'a> Run<'a> {
    /// Adds the subjects of one kind to the report's subject list.
    fn register<T: Subject>(&mut self, subjects: &[T]) {
        self.offsets.insert(T::KIND, self.subjects.len());
        self.subjects
            .extend(subjects.iter().map(Subject::subject_ref));
    }

    /// Runs `check` (when the rule has one for this subject kind) on every subject of the kind.
    fn rule<T: Subject>(
        &mut self,
        rule: &'static Rule,
        params: &ParameterValues,
        check: Option<fn(&T, &mut CheckContext<'_>)>,
        subjects: &'a [T],
    ) {
        let Some(check) = check else {
            return;
        };
        let offset = self.offsets.get(&T::KIND).copied().unwrap_or(0);
        for (index, item) in subjects.iter().enumerate() {
            let position = offset + index;
            let mut ctx = CheckContext::new(rule, params, self.bundle);
            ctx.now = self.now;
            check(item, &mut ctx);
            let Some(subject) = self.subjects.get(position) else {
                continue;
            };
            let (outcome, produced) = settle(rule, item, position, subject, ctx);
            self.outcomes.push(outcome);
            if !produced.is_empty() {
                self.facts.entry(position).or_insert_with(|| SubjectFacts {
                    image: item.image(),
                    labels: item.labels(),
                });
            }
            self.findings
                .extend(produced.into_iter().map(|f| (position, f)));
        }
    }
}

/// The outcome of a rule when the bundle holds no subject of any kind it reads.
/// The outcome of a rule none of whose subjects the input holds. When the deciding document was
/// given but lists nothing (`docker inspect` of no containers prints `[]`), the input shows the
/// rule has nothing to apply to: `not_applicable`. When it was not given at all, the rule is
/// undecided: `missing_input`, naming the document. An auditor reads `not_applicable` as "the
/// input shows this does not apply"; an input without a daemon document shows nothing about
/// the daemon.
fn without_subjects(rule: &'static Rule, bundle: &Bundle) -> Outcome {
    let (reason, kinds) = match derived(rule) {
        Some(derived) => (
            Cow::Borrowed(derived.absent.as_str()),
            Cow::Borrowed(derived.deciding.as_slice()),
        ),
        None => (
            Cow::Owned(absent_reason(rule)),
            Cow::Owned(deciding_kinds(rule)),
        ),
    };
    let given_empty = bundle.sources().iter().any(|s| kinds.contains(&s.kind));
    Outcome {
        code: Cow::Borrowed(rule.code),
        subject: None,
        status: if given_empty {
            OutcomeStatus::NotApplicable
        } else {
            OutcomeStatus::MissingInput
        },
        reason: Some(reason),
        missing: if given_empty {
            None
        } else {
            kinds.first().copied()
        },
        findings: 0,
    }
}

/// The documents that bring subjects of any kind `rule` reads into a bundle, the one to name
/// first.
fn deciding_kinds(rule: &Rule) -> Vec<DocumentKind> {
    rule.subjects()
        .iter()
        .flat_map(|kind| deciding_documents(*kind).iter().copied())
        .collect()
}

/// The documents that bring subjects of `kind` into a bundle, the one to name first. Seccomp
/// profiles also come inline from containers: a container document that names none shows
/// there is no profile to judge.
fn deciding_documents(kind: SubjectKind) -> &'static [DocumentKind] {
    match kind {
        SubjectKind::Container | SubjectKind::Fleet => &[
            DocumentKind::Container,
            DocumentKind::Compose,
            DocumentKind::OciRuntime,
        ],
        SubjectKind::Daemon => &[DocumentKind::DaemonInfo],
        SubjectKind::Host => &[DocumentKind::HostFacts],
        SubjectKind::SeccompProfile => &[
            DocumentKind::SeccompProfile,
            DocumentKind::Container,
            DocumentKind::Compose,
            DocumentKind::OciRuntime,
        ],
        SubjectKind::Image => &[DocumentKind::Image, DocumentKind::ImageHistory],
        SubjectKind::Dockerfile => &[DocumentKind::Dockerfile],
        SubjectKind::VulnerabilityReport => &[DocumentKind::VulnerabilityReport],
        SubjectKind::Network => &[DocumentKind::Network],
    }
}

/// Why `rule` does not apply to an input without any subject of the kinds it reads.
fn absent_reason(rule: &Rule) -> String {
    let kinds = rule.subjects();
    match kinds.as_slice() {
        [SubjectKind::Container] => Container::ABSENT.to_owned(),
        [SubjectKind::Daemon] => Daemon::ABSENT.to_owned(),
        [SubjectKind::Host] => HostFacts::ABSENT.to_owned(),
        [SubjectKind::Fleet] => Fleet::ABSENT.to_owned(),
        [SubjectKind::SeccompProfile] => SeccompProfile::ABSENT.to_owned(),
        [SubjectKind::VulnerabilityReport] => VulnerabilityReport::ABSENT.to_owned(),
        [SubjectKind::Network] => Network::ABSENT.to_owned(),
        _ => {
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            format!("the input holds no {}", names.join(" or "))
        }
    }
}

/// What the engine derives from a catalog rule's static description, once per process, so
/// reports borrow it instead of formatting it per evaluation.
struct Derived {
    /// The rule it was derived from.
    rule: &'static Rule,
    /// The reference labels every finding carries.
    references: Vec<String>,
    /// Why the rule is undecided on an input without its subjects.
    absent: String,
    /// The documents that would bring its subjects ([`deciding_kinds`]).
    deciding: Vec<DocumentKind>,
}

/// The derived text of `rule`, or `None` for a rule outside the catalog (only tests build
/// those, and may reuse a catalog code).
fn derived(rule: &'static Rule) -> Option<&'static Derived> {
    static DERIVED: LazyLock<HashMap<&'static str, Derived>> = LazyLock::new(|| {
        catalog()
            .iter()
            .map(|rule| {
                let derived = Derived {
                    rule,
                    references: rule.reference_labels(),
                    absent: absent_reason(rule),
                    deciding: deciding_kinds(rule),
                };
                (rule.code, derived)
            })
            .collect()
    });
    let all: &'static HashMap<&'static str, Derived> = LazyLock::force(&DERIVED);
    all.get(rule.code).filter(|d| std::ptr::eq(d.rule, rule))
}

/// A kind of subject rules can read.
pub(crate) trait Subject {
    /// The kind.
    const KIND: SubjectKind;
    /// Why a rule reading only this kind does not apply to an input without such subjects.
    const ABSENT: &'static str;
    /// How reports name the subject.
    fn subject_ref(&self) -> SubjectRef;
    /// Where the value at `field` (a path relative to the subject) is.
    fn locate(&self, field: &str) -> Location;
    /// The image reference it runs or is, for waiver scopes.
    fn image(&self) -> Option<&str> {
        None
    }
    /// Its labels, for waiver scopes.
    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        None
    }
    /// The remediation a finding on this subject shows: the `docker run` form for containers,
    /// the Dockerfile change for images and Dockerfiles, the daemon change for the daemon and
    /// the host (where the rule has one).
    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.docker_run
    }
    /// The message of a finding about the value at `field`, told what it is about where the
    /// rule's message cannot know it (an `ONBUILD` trigger runs in another build).
    fn qualify(&self, _field: &str, message: String) -> String {
        message
    }
}

impl Subject for Image {
    const KIND: SubjectKind = SubjectKind::Image;
    const ABSENT: &'static str = "the input holds no image";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::Image,
            name: self.display_name(),
            id: (!self.id.is_empty()).then(|| self.id.clone()),
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        Image::locate(self, field)
    }

    fn image(&self) -> Option<&str> {
        self.repo_tags
            .iter()
            .chain(&self.repo_digests)
            .map(String::as_str)
            .find(|t| !t.contains("<none>"))
    }

    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.config.labels)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.in_image()
    }
}

impl Subject for Dockerfile {
    const KIND: SubjectKind = SubjectKind::Dockerfile;
    const ABSENT: &'static str = "the input holds no Dockerfile";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::Dockerfile,
            name: self.origin.source.clone(),
            id: None,
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.in_image()
    }

    fn qualify(&self, field: &str, message: String) -> String {
        let onbuild = field
            .strip_prefix("/instructions/")
            .and_then(|rest| rest.split('/').next()?.parse::<usize>().ok())
            .and_then(|index| self.instructions.get(index))
            .is_some_and(|ins| ins.keyword == "ONBUILD");
        if onbuild {
            format!("ONBUILD trigger, run by every build FROM this image: {message}")
        } else {
            message
        }
    }
}

impl Subject for Container {
    const KIND: SubjectKind = SubjectKind::Container;
    const ABSENT: &'static str = "the input holds no container";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: self.display_name(),
            id: (!self.id.is_empty()).then(|| self.id.clone()),
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }

    fn image(&self) -> Option<&str> {
        [self.config.image.as_str(), self.image.as_str()]
            .into_iter()
            .find(|s| !s.is_empty())
    }

    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.config.labels)
    }
}

impl Subject for Daemon {
    const KIND: SubjectKind = SubjectKind::Daemon;
    const ABSENT: &'static str =
        "the input holds no daemon document (docker info, docker version or daemon.json)";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: self.display_name(),
            id: self.id().map(str::to_owned),
            source: self.source().to_owned(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        Daemon::locate(self, field)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.on_host()
    }
}

impl Subject for HostFacts {
    const KIND: SubjectKind = SubjectKind::Host;
    const ABSENT: &'static str = "the input holds no host facts";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: self.display_name(),
            id: None,
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.on_host()
    }
}

impl Subject for Network {
    const KIND: SubjectKind = SubjectKind::Network;
    const ABSENT: &'static str = "the input holds no network document";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: self.display_name(),
            id: (!self.id.is_empty()).then(|| self.id.clone()),
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }

    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.labels)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.on_host()
    }
}

impl Subject for Fleet {
    const KIND: SubjectKind = SubjectKind::Fleet;
    const ABSENT: &'static str = "the input holds no container";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: match self.containers {
                1 => "1 container".to_owned(),
                n => format!("{n} containers"),
            },
            id: None,
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }
}

impl Subject for SeccompProfile {
    const KIND: SubjectKind = SubjectKind::SeccompProfile;
    const ABSENT: &'static str = "the input holds no seccomp profile";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: SubjectKind::SeccompProfile,
            name: if self.name.is_empty() {
                "seccomp profile".to_owned()
            } else {
                self.name.clone()
            },
            id: None,
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }
}

impl Subject for VulnerabilityReport {
    const KIND: SubjectKind = SubjectKind::VulnerabilityReport;
    const ABSENT: &'static str = "the input holds no vulnerability scanner report";

    fn subject_ref(&self) -> SubjectRef {
        SubjectRef {
            kind: Self::KIND,
            name: self.display_name(),
            id: self.image_id.clone(),
            source: self.origin.source.clone(),
        }
    }

    fn locate(&self, field: &str) -> Location {
        self.origin.locate(field)
    }

    fn image(&self) -> Option<&str> {
        (!self.artifact.is_empty()).then_some(self.artifact.as_str())
    }

    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.labels)
    }

    fn remediation(rule: &Rule) -> &'static str {
        rule.docs.remediation.in_image()
    }
}

fn settle<T: Subject>(
    rule: &'static Rule,
    item: &T,
    position: usize,
    subject: &SubjectRef,
    ctx: CheckContext<'_>,
) -> (Outcome, Vec<Finding>) {
    let mut outcome = Outcome {
        code: Cow::Borrowed(rule.code),
        subject: Some(position),
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
    if ctx.drafts.is_empty() {
        return (outcome, Vec::new());
    }
    let references = shared_reference_labels(rule);
    // Places already used by this rule on this subject: findings that share a value (every
    // unwatched audit target points at `/audit_rules`) still get fingerprints of their own.
    let mut places: HashMap<String, usize> = HashMap::new();
    let findings = ctx
        .drafts
        .into_iter()
        .map(|draft| {
            // A finding about a companion document (an exec session of a container) carries
            // its own location; its document's name joins the fingerprint, as two such
            // documents may hold the same pointer.
            let relocated = draft.location.is_some();
            let location = draft.location.unwrap_or_else(|| item.locate(&draft.field));
            let mut place = location.pointer.clone().unwrap_or_else(|| {
                format!(
                    "{}:{}",
                    location.line.unwrap_or(0),
                    location.column.unwrap_or(0)
                )
            });
            if relocated {
                place = format!("{}#{place}", location.source);
            }
            // What tells apart findings on one value: the controls, package or vulnerability
            // they concern, else their order.
            for part in [
                draft.controls.map(|ids| ids.join(",")),
                draft.package.clone(),
                draft.cve.clone(),
            ]
            .into_iter()
            .flatten()
            {
                place = format!("{place}#{part}");
            }
            let seen = places.entry(place.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                place = format!("{place}#{seen}");
            }
            let identity = subject.id.as_deref().unwrap_or(&subject.name);
            Finding {
                code: Cow::Borrowed(rule.code),
                name: Cow::Borrowed(rule.name),
                severity: draft.severity.unwrap_or(rule.severity),
                fingerprint: fingerprint(&[rule.code, &subject.source, identity, &place]),
                subject: subject.clone(),
                message: if relocated {
                    draft.message
                } else {
                    item.qualify(&draft.field, draft.message)
                },
                location,
                evidence: draft.evidence,
                package: draft.package,
                cve: draft.cve,
                remediation: draft
                    .remediation
                    .map_or(Cow::Borrowed(T::remediation(rule)), Cow::Owned),
                references: match draft.controls {
                    Some(ids) => only_controls(rule, &references, ids),
                    None => references.clone(),
                },
            }
        })
        .collect();
    (outcome, findings)
}

/// The labels of a finding that is evidence for the rule's CIS recommendations `ids` alone:
/// theirs, and every reference that is not one of the rule's CIS recommendations.
fn only_controls(
    rule: &Rule,
    labels: &[Cow<'static, str>],
    ids: &[&str],
) -> Vec<Cow<'static, str>> {
    labels
        .iter()
        .filter(|l| {
            rule.references
                .cis
                .iter()
                .all(|c| !c.is_label(l) || ids.contains(&c.id))
        })
        .cloned()
        .collect()
}

/// A rule's reference labels, formatted once per process and borrowed by every finding.
fn shared_reference_labels(rule: &'static Rule) -> Vec<Cow<'static, str>> {
    match derived(rule) {
        Some(derived) => derived
            .references
            .iter()
            .map(|l| Cow::Borrowed(l.as_str()))
            .collect(),
        None => rule
            .reference_labels()
            .into_iter()
            .map(Cow::Owned)
            .collect(),
    }
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
        suppressed: 0,
        below_report_threshold: 0,
    }
}
