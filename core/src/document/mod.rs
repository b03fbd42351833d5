//! Input documents: kind detection, parsing into subjects, and bundles of documents from one
//! place.

mod collection;
mod compose;
mod container;
mod daemon;
mod dockerfile;
mod exec;
mod history;
mod host;
mod image;
mod kind;
mod lenient;
mod network;
#[cfg(feature = "oci")]
mod oci;
mod origin;
mod processes;
mod seccomp;
mod variables;
mod vulnerability;
mod yaml;

use serde::Deserialize;
use serde_json::value::RawValue;

pub use crate::document_kind::DocumentKind;
pub use collection::{
    COLLECTION_KEY, COLLECTION_VERSION, CollectedDocument, Collection, CollectionNote,
};
pub use compose::{
    ComposeBuild, ComposeOptions, ComposeService, MAX_PORT_BINDINGS, UnresolvedVariable,
    compose_containers,
};
pub use container::{
    BindOptions, Config, Container, DOCKER_DEFAULT_CAPABILITIES, Device, DeviceRequest, Health,
    Healthcheck, HostConfig, LogConfig, Mount, MountPoint, MountRequest, MountSource,
    NetworkSettings, PortBinding, PortGroup, PublishedPort, RestartPolicy, SecurityOpt, State,
    Ulimit, normalize_capability, normalize_host_path, parse_bool, path_is_within,
};
pub use daemon::{
    CgroupnsDefault, Component, Daemon, DaemonConfig, DaemonInfo, DaemonSecurityOption,
    DaemonVersion, IndexConfig, Known, Plugins, Product, RegistryConfig, SwarmCaConfig,
    SwarmCluster, SwarmEncryption, SwarmInfo, SwarmSpec, Version,
};
pub use dockerfile::{Dockerfile, Heredoc, Instruction, Stage, parse_dockerfile, split_words};
pub use exec::{ExecSession, ProcessConfig};
pub use host::{FileFact, GroupFact, HostFacts, MountFact, excess_mode_bits};
pub use image::{HistoryEntry, HistoryInstruction, Image, ImageConfig};
pub use kind::{detect_kind, detect_value_kind};
pub use network::Network;
pub use origin::Origin;
pub use processes::{ContainerProcesses, ProcessEntry};
pub use seccomp::{ArchMap, Filter, SeccompProfile, SyscallArg, SyscallRule, action_allows};
pub use variables::{MAX_EXPANSION, VariableWalk, Variables, expand};
pub use vulnerability::{
    FixState, OsInfo, ScannerFormat, VulnSeverity, Vulnerability, VulnerabilityReport,
};

use container::ContainerCandidate;

use crate::diagnostic::{Diagnostic, DiagnosticCode, DiagnosticOrigin};
use crate::limits::Limits;
use crate::{Error, InputProblem, pointer};

/// Tokenised shell commands of a subject's instructions, computed once on first use and
/// shared by every rule (indexed like the instructions or history entries they come from).
/// Ignored by equality: it is derived from the subject, not part of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShellCache(pub(crate) std::sync::OnceLock<Vec<ParsedShell>>);

/// One instruction's shell text as pipelines of commands of words.
pub(crate) type ParsedShell = std::sync::Arc<Vec<Vec<Vec<String>>>>;

impl PartialEq for ShellCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ShellCache {}

/// A document the caller handed over, as recorded in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    /// The caller's name for it.
    pub name: String,
    /// The kind it was read as.
    pub kind: DocumentKind,
    /// How many subjects it held (an array of containers holds several).
    pub subjects: usize,
}

/// All documents from one place (a host, or a build), parsed into subjects.
///
/// Rules that need two documents (a container and its daemon's settings) read both from the
/// bundle. A single document is a bundle of one.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    sources: Vec<SourceDocument>,
    containers: Vec<Container>,
    /// The daemon documents of the host, once one was added.
    daemon: Option<Daemon>,
    /// At most one: the caller's host facts.
    hosts: Vec<HostFacts>,
    seccomp_profiles: Vec<SeccompProfile>,
    images: Vec<Image>,
    dockerfiles: Vec<Dockerfile>,
    reports: Vec<VulnerabilityReport>,
    networks: Vec<Network>,
    /// Exec sessions; not subjects, they belong to the containers they name.
    exec_sessions: Vec<ExecSession>,
    /// Process lists; not subjects, they belong to the containers they name.
    process_lists: Vec<ContainerProcesses>,
    /// What the bundle accepts; checked before a document is parsed.
    limits: Limits,
    /// How many documents were added (each array element and compose service counts).
    documents: usize,
    /// Input diagnostics the caller or a collection recorded (an input left out, a container
    /// that disappeared during collection); the report lists them.
    notes: Vec<Diagnostic>,
}

/// The containers of a bundle seen together, for rules about the whole host (is a runtime
/// security agent among them?). A bundle with containers has exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fleet {
    /// How many containers the bundle holds.
    pub containers: usize,
    /// The origin of the first container (a fleet finding points at the first container
    /// document).
    pub origin: Origin,
}

impl Bundle {
    /// An empty bundle.
    #[must_use]
    pub fn new() -> Self {
        Bundle::default()
    }

    /// The same bundle, enforcing `limits` on the documents added from now on.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits this bundle enforces.
    #[must_use]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A bundle of one JSON text named `input`.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let mut bundle = Bundle::new();
        bundle.add_json("input", json)?;
        Ok(bundle)
    }

    /// Adds a JSON text (one document, or an array of documents such as `docker inspect`
    /// prints), detecting each document's kind. Returns the number of subjects added.
    ///
    /// On error the bundle is unchanged.
    pub fn add_json(&mut self, source: &str, json: &str) -> Result<usize, Error> {
        self.add_text(source, None, json)
    }

    /// Adds a JSON text whose kind the caller states instead of having it detected.
    pub fn add_json_as(
        &mut self,
        source: &str,
        kind: DocumentKind,
        json: &str,
    ) -> Result<usize, Error> {
        self.add_text(source, Some(kind), json)
    }

    /// Adds an already-parsed JSON value (a document or an array of documents).
    pub fn add_value(&mut self, source: &str, value: &serde_json::Value) -> Result<usize, Error> {
        self.add_value_inner(source, None, value)
    }

    /// Adds an already-parsed JSON value of a stated kind.
    pub fn add_value_as(
        &mut self,
        source: &str,
        kind: DocumentKind,
        value: &serde_json::Value,
    ) -> Result<usize, Error> {
        self.add_value_inner(source, Some(kind), value)
    }

    /// Adds every document of a saved collection under its own source and stated kind, and
    /// its notes as input diagnostics. Returns the number of subjects added.
    ///
    /// On error the bundle is unchanged; the error names the document's source.
    pub fn add_collection(&mut self, collection: &Collection) -> Result<usize, Error> {
        if collection.hullcheck_collection != COLLECTION_VERSION {
            return Err(Error::input(
                InputProblem::UnsupportedKind,
                format!(
                    "collection format version {} is not supported (this version of hullcheck reads version {COLLECTION_VERSION})",
                    collection.hullcheck_collection
                ),
            )
            .under("/hullcheck_collection"));
        }
        let mut staged = self.clone();
        let mut added = 0;
        for document in &collection.documents {
            added += staged.add_value_inner(
                &document.source,
                Some(document.kind),
                &document.document,
            )?;
        }
        for note in &collection.notes {
            staged.note(DiagnosticCode::CollectionNote, note.message.clone());
        }
        *self = staged;
        Ok(added)
    }

    /// Records an input diagnostic the report will list: an input the caller left out
    /// because it could not be read, say.
    pub fn note(&mut self, code: DiagnosticCode, message: impl Into<String>) {
        self.notes.push(Diagnostic {
            code,
            origin: DiagnosticOrigin::Input,
            message: message.into(),
            rule: None,
            waiver: None,
            suggestion: None,
        });
    }

    /// The input diagnostics recorded with [`Bundle::note`] or read from a collection.
    #[must_use]
    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    /// Adds a container built by a caller or a converter (compose, OCI runtime config).
    pub fn add_container(&mut self, container: Container) {
        self.sources.push(SourceDocument {
            name: container.origin.source.clone(),
            kind: DocumentKind::Container,
            subjects: 1,
        });
        self.documents = self.documents.saturating_add(1);
        self.push_container(container);
    }

    fn push_container(&mut self, container: Container) {
        self.seccomp_profiles.extend(inline_profiles(&container));
        self.containers.push(container);
    }

    /// Adds a compose file (YAML or JSON text): one container subject per service, with
    /// `${VAR}` references resolved from `options.variables`. Returns the number of services.
    ///
    /// On error the bundle is unchanged.
    pub fn add_compose(
        &mut self,
        source: &str,
        text: &str,
        options: &ComposeOptions,
    ) -> Result<usize, Error> {
        self.limits
            .check_text_size(text)
            .map_err(|e| e.into_error().in_source(source))?;
        let containers = compose_containers(source, text, options)
            .map_err(|e| e.of_kind(DocumentKind::Compose).in_source(source))?;
        let parsed = containers
            .into_iter()
            .map(|c| Parsed::Container(Box::new(c), DocumentKind::Compose))
            .collect();
        self.commit_kind(source, DocumentKind::Compose, parsed)
    }

    /// Adds a Dockerfile text named `source`. Returns the number of subjects added (one).
    ///
    /// On error (text that is not a Dockerfile) the bundle is unchanged; the error names the
    /// line.
    pub fn add_dockerfile(&mut self, source: &str, text: &str) -> Result<usize, Error> {
        self.limits
            .check_text_size(text)
            .map_err(|e| e.into_error().in_source(source))?;
        let parsed = parse_text(DocumentKind::Dockerfile, text, source, String::new())?;
        self.commit(source, parsed)
    }

    /// The image subjects, in the order they were added.
    #[must_use]
    pub fn images(&self) -> &[Image] {
        &self.images
    }

    /// The Dockerfile subjects, in the order they were added.
    #[must_use]
    pub fn dockerfiles(&self) -> &[Dockerfile] {
        &self.dockerfiles
    }

    /// The vulnerability report subjects, in the order they were added.
    #[must_use]
    pub fn vulnerability_reports(&self) -> &[VulnerabilityReport] {
        &self.reports
    }

    /// The network subjects, in the order they were added.
    #[must_use]
    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    /// The exec session documents, in the order they were added.
    #[must_use]
    pub fn exec_sessions(&self) -> &[ExecSession] {
        &self.exec_sessions
    }

    /// The exec sessions that belong to `container`: those whose `ContainerID` is its id or a
    /// prefix of it.
    pub fn exec_sessions_of<'a>(
        &'a self,
        container: &'a Container,
    ) -> impl Iterator<Item = &'a ExecSession> + 'a {
        self.exec_sessions
            .iter()
            .filter(move |e| container.is_identified_by(&e.container_id))
    }

    /// The ids in `container`'s `ExecIDs` that no exec document of the bundle describes.
    #[must_use]
    pub fn exec_ids_without_document<'a>(&'a self, container: &'a Container) -> Vec<&'a str> {
        container
            .exec_ids
            .iter()
            .map(|id| id.trim())
            .filter(|id| {
                !id.is_empty()
                    && !self.exec_sessions_of(container).any(|e| {
                        e.is_identified_by(id)
                            || (!e.id.is_empty() && id.starts_with(e.id.as_str()))
                    })
            })
            .collect()
    }

    /// The process list documents, in the order they were added.
    #[must_use]
    pub fn process_lists(&self) -> &[ContainerProcesses] {
        &self.process_lists
    }

    /// The process lists taken from `container`: those whose `ContainerID` is its id or a
    /// prefix of it.
    pub fn process_lists_of<'a>(
        &'a self,
        container: &'a Container,
    ) -> impl Iterator<Item = &'a ContainerProcesses> + 'a {
        self.process_lists
            .iter()
            .filter(move |p| container.is_identified_by(&p.container_id))
    }

    /// The documents added so far, in order.
    #[must_use]
    pub fn sources(&self) -> &[SourceDocument] {
        &self.sources
    }

    /// The container subjects, in the order they were added.
    #[must_use]
    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    /// The daemon subject (from docker info, docker version and daemon.json): an empty slice
    /// or one daemon.
    #[must_use]
    pub fn daemons(&self) -> &[Daemon] {
        self.daemon.as_slice()
    }

    /// The daemon documents, when the bundle holds any.
    #[must_use]
    pub fn daemon(&self) -> Option<&Daemon> {
        self.daemon.as_ref()
    }

    /// The host facts subject: an empty slice or one.
    #[must_use]
    pub fn host_facts(&self) -> &[HostFacts] {
        &self.hosts
    }

    /// The bundle's containers as one fleet subject; empty when there are no containers.
    #[must_use]
    pub fn fleet(&self) -> Vec<Fleet> {
        self.containers
            .first()
            .map(|first| Fleet {
                containers: self.containers.len(),
                origin: Origin::json(&first.origin.source, first.origin.base_pointer.clone()),
            })
            .into_iter()
            .collect()
    }

    /// The seccomp profile subjects: profile documents, and the profiles containers carry
    /// inline in their `seccomp=` security option, in the order they were added.
    #[must_use]
    pub fn seccomp_profiles(&self) -> &[SeccompProfile] {
        &self.seccomp_profiles
    }

    /// How many subjects (of every kind) the bundle holds.
    #[must_use]
    pub fn subject_count(&self) -> usize {
        self.containers.len()
            + self.images.len()
            + self.dockerfiles.len()
            + self.reports.len()
            + usize::from(self.daemon.is_some())
            + self.hosts.len()
            + self.seccomp_profiles.len()
            + self.networks.len()
    }

    /// Whether the bundle holds no subject at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.subject_count() == 0
    }

    /// Whether the bundle holds a document of `kind`.
    #[must_use]
    pub fn has(&self, kind: DocumentKind) -> bool {
        self.sources.iter().any(|s| s.kind == kind)
    }

    fn add_text(
        &mut self,
        source: &str,
        stated: Option<DocumentKind>,
        json: &str,
    ) -> Result<usize, Error> {
        let body = kind::strip_bom(json).trim_start();
        let checked = if body.starts_with(['{', '[', '"']) {
            self.limits.check_json_text(body, self.documents)
        } else {
            // Text kinds (Dockerfile, compose YAML): their parsers bound nesting themselves.
            self.limits.check_text_size(json)
        };
        checked.map_err(|e| e.into_error().in_source(source))?;
        let parsed = match parse_all_text(source, stated, json) {
            Ok(parsed) => parsed,
            Err(error) => {
                // A saved collection has no document kind's shape: it is looked for only when
                // detection found none, so other documents never pay for it.
                let unknown = matches!(
                    error,
                    Error::InvalidInput {
                        problem: InputProblem::UnknownKind,
                        ..
                    }
                );
                if unknown && stated.is_none() && body.starts_with('{') {
                    let value: serde_json::Value = serde_json::from_str(body)
                        .map_err(|e| Error::from_json(&e).in_source(source))?;
                    if collection::is_collection_value(&value) {
                        let collection = Collection::deserialize(&value)
                            .map_err(|e| Error::from_json(&e).in_source(source))?;
                        return self.add_collection(&collection);
                    }
                }
                return Err(error.in_source(source));
            }
        };
        self.commit(source, parsed)
    }

    fn add_value_inner(
        &mut self,
        source: &str,
        stated: Option<DocumentKind>,
        value: &serde_json::Value,
    ) -> Result<usize, Error> {
        self.limits
            .check_value(value, self.documents)
            .map_err(|e| e.into_error().in_source(source))?;
        if stated.is_none() && collection::is_collection_value(value) {
            let collection = Collection::deserialize(value)
                .map_err(|e| Error::from_json(&e).in_source(source))?;
            return self.add_collection(&collection);
        }
        let whole = match (value, stated) {
            (serde_json::Value::Array(_), Some(kind)) => Some(kind).filter(|k| k.is_one_array()),
            (serde_json::Value::Array(items), None) => items
                .first()
                .and_then(|first| detect_value_kind(first).ok())
                .filter(|k| k.is_one_array()),
            _ => None,
        };
        let parsed = if let Some(kind) = whole {
            parse_value(kind, value, source, String::new())?
        } else if let serde_json::Value::Array(items) = value {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let mut base = String::new();
                pointer::push_index(&mut base, index);
                let kind = match stated {
                    Some(kind) => kind,
                    None => detect_value_kind(item).map_err(|e| e.under(&base))?,
                };
                out.extend(parse_value(kind, item, source, base)?);
            }
            out
        } else {
            let kind = match stated {
                Some(kind) => kind,
                None => detect_value_kind(value).map_err(|e| e.in_source(source))?,
            };
            parse_value(kind, value, source, String::new())?
        };
        self.commit(source, parsed)
    }

    fn commit(&mut self, source: &str, parsed: Vec<Parsed>) -> Result<usize, Error> {
        self.commit_kind(source, DocumentKind::Container, parsed)
    }

    /// Adds parsed documents; `empty_kind` is the kind recorded when there are none (an empty
    /// `docker inspect` array, a compose file without services).
    fn commit_kind(
        &mut self,
        source: &str,
        empty_kind: DocumentKind,
        parsed: Vec<Parsed>,
    ) -> Result<usize, Error> {
        // A bundle is one host: a second document of a per-host kind is refused before anything
        // is added, so the bundle stays unchanged on error.
        let mut seen: Vec<DocumentKind> = Vec::new();
        for doc in &parsed {
            let kind = doc.kind();
            if !kind.is_per_host() {
                continue;
            }
            if seen.contains(&kind) || self.has(kind) {
                let earlier = self
                    .sources
                    .iter()
                    .find(|s| s.kind == kind)
                    .map_or(source, |s| s.name.as_str());
                return Err(Error::input(
                    InputProblem::Duplicate,
                    format!("the bundle already holds a {kind} document (`{earlier}`); a bundle describes one host, so evaluate each host in its own bundle"),
                )
                .of_kind(kind)
                .in_source(source));
            }
            seen.push(kind);
        }
        let count = parsed.len();
        self.limits
            .check_documents(self.documents, count)
            .map_err(|e| e.into_error().in_source(source))?;
        self.documents += count;
        let mut kinds: Vec<DocumentKind> = Vec::new();
        for doc in parsed {
            kinds.push(doc.kind());
            match doc {
                Parsed::Container(container, _) => self.push_container(*container),
                Parsed::Seccomp(profile) => self.seccomp_profiles.push(*profile),
                Parsed::DaemonInfo(info) => self.daemon_mut().info = Some(*info),
                Parsed::DaemonVersion(version) => self.daemon_mut().version = Some(*version),
                Parsed::DaemonConfig(config) => self.daemon_mut().config = Some(*config),
                Parsed::HostFacts(facts) => self.hosts.push(*facts),
                Parsed::Image(image) => self.push_image(*image),
                Parsed::History(history) => self.push_history(*history),
                Parsed::Dockerfile(file) => self.dockerfiles.push(*file),
                Parsed::Report(report) => self.reports.push(*report),
                Parsed::Network(network) => self.networks.push(*network),
                Parsed::Exec(exec) => self.exec_sessions.push(*exec),
                Parsed::Processes(list) => self.process_lists.push(*list),
            }
        }
        kinds.dedup();
        if kinds.is_empty() {
            kinds.push(empty_kind);
        }
        for kind in kinds {
            self.sources.push(SourceDocument {
                name: source.to_owned(),
                kind,
                subjects: count,
            });
        }
        Ok(count)
    }

    /// Adds an image document; a `docker history` document of the same image that came first
    /// gives it its history (when the image document has none of its own).
    fn push_image(&mut self, mut image: Image) {
        let waiting = self
            .images
            .iter()
            .position(|h| !h.config_known() && image.is_history_of(h));
        match waiting {
            Some(index) => {
                let history = self.images.remove(index);
                if image.history.is_empty() {
                    image.join_history(history);
                } else {
                    self.note_second_history(&image, &history);
                }
                self.images.insert(index, image);
            }
            None => self.images.push(image),
        }
    }

    /// Adds a `docker history` document: it joins the image document with the same id, or
    /// waits as an image subject of its own (config unknown) until one comes.
    fn push_history(&mut self, history: Image) {
        let target = self
            .images
            .iter()
            .position(|i| i.config_known() && i.is_history_of(&history));
        match target.and_then(|index| self.images.get_mut(index)) {
            Some(image) if image.history.is_empty() => image.join_history(history),
            Some(image) => {
                let image = image.clone();
                self.note_second_history(&image, &history);
            }
            None => self.images.push(history),
        }
    }

    /// An image document that holds a history of its own keeps it; the `docker history`
    /// document of the same image is not read twice.
    fn note_second_history(&mut self, image: &Image, history: &Image) {
        self.note(
            DiagnosticCode::HistoryUnused,
            format!(
                "`{}` is the history of image {}, whose document `{}` holds its history already; that one is used",
                history.origin.source,
                image.display_name(),
                image.origin.source
            ),
        );
    }

    fn daemon_mut(&mut self) -> &mut Daemon {
        self.daemon.get_or_insert_with(Daemon::default)
    }
}

/// Parses a JSON text: one document, or an array of documents each with its own kind.
fn parse_all_text(
    source: &str,
    stated: Option<DocumentKind>,
    json: &str,
) -> Result<Vec<Parsed>, Error> {
    let body = kind::strip_bom(json).trim_start();
    if body.is_empty() {
        let err = empty_at_end(json);
        return Err(match stated {
            Some(kind) => err.of_kind(kind),
            None => err,
        });
    }
    if matches!(stated, None | Some(DocumentKind::Container))
        && let Some(parsed) = containers_in_one_pass(source, stated.is_some(), body)
    {
        return Ok(parsed);
    }
    if body.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(body).map_err(|e| Error::from_json(&e))?;
        // A legacy Trivy report (or a multi-target Snyk report) is an array of results: one
        // report, not one document per element.
        // So is a history from the Engine API: an array of entries.
        let whole = match (stated, items.first()) {
            (Some(kind), _) => Some(kind).filter(|k| k.is_one_array()),
            (None, Some(first)) => detect_kind(first.get()).ok().filter(|k| k.is_one_array()),
            (None, None) => None,
        };
        if let Some(kind) = whole {
            return parse_text(kind, body, source, String::new());
        }
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let mut base = String::new();
            pointer::push_index(&mut base, index);
            let kind = match stated {
                Some(kind) => kind,
                None => detect_kind(item.get()).map_err(|e| e.under(&base))?,
            };
            out.extend(parse_text(kind, item.get(), source, base)?);
        }
        Ok(out)
    } else {
        let kind = match stated {
            Some(kind) => kind,
            None => detect_kind(body)?,
        };
        // Text formats keep their leading blank lines: they count for line numbers.
        let text = if matches!(kind, DocumentKind::Compose | DocumentKind::Dockerfile) {
            kind::strip_bom(json)
        } else {
            body
        };
        parse_text(kind, text, source, String::new())
    }
}

/// The fast path for the commonest input: reads `body` as a container (or an array of
/// containers, as `docker inspect` prints) in a single pass. Returns `None` when the text is
/// anything else, or is malformed, so the general path can detect its kind and produce the
/// precise error.
fn containers_in_one_pass(source: &str, stated: bool, body: &str) -> Option<Vec<Parsed>> {
    let wrap = |index: Option<usize>, candidate: ContainerCandidate| {
        let mut container = candidate.container;
        let mut base = String::new();
        if let Some(index) = index {
            pointer::push_index(&mut base, index);
        }
        container.origin = Origin::json(source, base);
        Parsed::Container(Box::new(container), DocumentKind::Container)
    };
    if body.starts_with('[') {
        let items: Vec<ContainerCandidate> = serde_json::from_str(body).ok()?;
        if !stated && !items.iter().all(|c| c.is_container) {
            return None;
        }
        Some(
            items
                .into_iter()
                .enumerate()
                .map(|(i, c)| wrap(Some(i), c))
                .collect(),
        )
    } else {
        let candidate: ContainerCandidate = serde_json::from_str(body).ok()?;
        (stated || candidate.is_container).then(|| vec![wrap(None, candidate)])
    }
}

/// One parsed document.
enum Parsed {
    /// A container subject and the kind of document it was read from.
    Container(Box<Container>, DocumentKind),
    /// A seccomp profile document.
    Seccomp(Box<SeccompProfile>),
    DaemonInfo(Box<DaemonInfo>),
    DaemonVersion(Box<DaemonVersion>),
    DaemonConfig(Box<DaemonConfig>),
    HostFacts(Box<HostFacts>),
    Image(Box<Image>),
    /// An image known from a `docker history` document.
    History(Box<Image>),
    Dockerfile(Box<Dockerfile>),
    Report(Box<VulnerabilityReport>),
    Network(Box<Network>),
    Exec(Box<ExecSession>),
    Processes(Box<ContainerProcesses>),
}

impl Parsed {
    fn kind(&self) -> DocumentKind {
        match self {
            Parsed::Container(_, kind) => *kind,
            Parsed::Seccomp(_) => DocumentKind::SeccompProfile,
            Parsed::DaemonInfo(_) => DocumentKind::DaemonInfo,
            Parsed::DaemonVersion(_) => DocumentKind::DaemonVersion,
            Parsed::DaemonConfig(_) => DocumentKind::DaemonConfig,
            Parsed::HostFacts(_) => DocumentKind::HostFacts,
            Parsed::Image(_) => DocumentKind::Image,
            Parsed::History(_) => DocumentKind::ImageHistory,
            Parsed::Dockerfile(_) => DocumentKind::Dockerfile,
            Parsed::Report(_) => DocumentKind::VulnerabilityReport,
            Parsed::Network(_) => DocumentKind::Network,
            Parsed::Exec(_) => DocumentKind::Exec,
            Parsed::Processes(_) => DocumentKind::ContainerProcesses,
        }
    }
}

/// An `empty` error that says where the (blank) text ends.
fn empty_at_end(text: &str) -> Error {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    match Error::input(InputProblem::Empty, "the document is empty") {
        Error::InvalidInput {
            problem,
            source_name,
            kind,
            pointer,
            message,
            ..
        } => Error::InvalidInput {
            problem,
            source_name,
            kind,
            pointer,
            line: Some(line),
            column: Some(column),
            message,
        },
        other => other,
    }
}

/// The profiles a container carries inline (`seccomp=<JSON>`), as subjects whose findings point
/// at that security option. An inline text that is not a profile is left to the container
/// rules (the engine would refuse it).
fn inline_profiles(container: &Container) -> Vec<SeccompProfile> {
    let mut out = Vec::new();
    for opt in container.security_options() {
        let Some(value) = opt.value else { continue };
        if !opt.key.eq_ignore_ascii_case("seccomp") || !value.starts_with('{') {
            continue;
        }
        let Ok(mut profile) = SeccompProfile::from_json(value) else {
            continue;
        };
        let mut field = String::from("/HostConfig/SecurityOpt");
        pointer::push_index(&mut field, opt.index);
        let at = container.origin.locate(&field);
        let mut origin = Origin::json(&container.origin.source, String::new());
        match (at.pointer, at.line, at.column) {
            (Some(ptr), _, _) => origin.base_pointer = ptr,
            (None, Some(line), Some(column)) => {
                origin.positions.insert(String::new(), (line, column));
            }
            _ => origin
                .base_pointer
                .clone_from(&container.origin.base_pointer),
        }
        profile.origin = origin;
        profile.inline = true;
        profile.name = format!("{} (inline seccomp)", container.display_name());
        out.push(profile);
    }
    out
}

fn seccomp_document(source: &str, base: String, mut profile: SeccompProfile) -> Parsed {
    profile.name = if base.is_empty() {
        source.to_owned()
    } else {
        format!("{source}{base}")
    };
    profile.origin = Origin::json(source, base);
    Parsed::Seccomp(Box::new(profile))
}

fn parse_text(
    kind: DocumentKind,
    text: &str,
    source: &str,
    base: String,
) -> Result<Vec<Parsed>, Error> {
    let fail = |e: Error| e.of_kind(kind).in_source(source);
    match kind {
        DocumentKind::Container => {
            let mut container: Container =
                typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            container.origin = Origin::json(source, base);
            Ok(vec![Parsed::Container(Box::new(container), kind)])
        }
        DocumentKind::SeccompProfile => {
            let profile: SeccompProfile = typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            Ok(vec![seccomp_document(source, base, profile)])
        }
        DocumentKind::Compose => {
            let containers =
                compose_containers(source, text, &ComposeOptions::default()).map_err(fail)?;
            Ok(containers
                .into_iter()
                .map(|c| Parsed::Container(Box::new(c), kind))
                .collect())
        }
        #[cfg(feature = "oci")]
        DocumentKind::OciRuntime => {
            let mut container = if base.is_empty() {
                oci::oci_container(source, text)
            } else {
                // An element of an array: parse it as a value, pointers relative to the array.
                serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|e| Error::from_json(&e))
                    .and_then(|v| oci::oci_container_from_value(source, base.clone(), &v))
            }
            .map_err(|e| fail(e.under(&base)))?;
            if container.origin.base_pointer.is_empty() {
                container.origin.base_pointer = base;
            }
            Ok(vec![Parsed::Container(Box::new(container), kind)])
        }
        DocumentKind::DaemonConfig => {
            if !kind::strip_bom(text).trim_start().starts_with('{') {
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| fail(Error::from_json(&e).under(&base)))?;
                return Err(fail(wrong_shape(&value).under(&base)));
            }
            let mut config: DaemonConfig =
                typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            config.origin = Origin::json(source, base);
            Ok(vec![Parsed::DaemonConfig(Box::new(config))])
        }
        DocumentKind::HostFacts => {
            if !kind::strip_bom(text).trim_start().starts_with('{') {
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| fail(Error::from_json(&e).under(&base)))?;
                return Err(fail(wrong_shape(&value).under(&base)));
            }
            let mut facts: HostFacts = typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            facts.origin = Origin::json(source, base);
            Ok(vec![Parsed::HostFacts(Box::new(facts))])
        }
        DocumentKind::DaemonInfo
        | DocumentKind::DaemonVersion
        | DocumentKind::Network
        | DocumentKind::Exec
        | DocumentKind::ContainerProcesses => {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| fail(Error::from_json(&e).under(&base)))?;
            parse_value(kind, &value, source, base)
        }
        DocumentKind::Image => {
            let mut image: Image = typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            image.origin = Origin::json(source, base);
            Ok(vec![Parsed::Image(Box::new(image))])
        }
        DocumentKind::ImageHistory => {
            let image = history::history_from_text(source, text, base).map_err(fail)?;
            Ok(vec![Parsed::History(Box::new(image))])
        }
        DocumentKind::Dockerfile => {
            let file = parse_dockerfile(text, source).map_err(fail)?;
            Ok(vec![Parsed::Dockerfile(Box::new(file))])
        }
        DocumentKind::VulnerabilityReport => {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| fail(Error::from_json(&e).under(&base)))?;
            parse_value(kind, &value, source, base)
        }
        #[cfg(not(feature = "oci"))]
        other @ DocumentKind::OciRuntime => Err(fail(unsupported(other))),
    }
}

fn parse_value(
    kind: DocumentKind,
    value: &serde_json::Value,
    source: &str,
    base: String,
) -> Result<Vec<Parsed>, Error> {
    let fail = |e: Error| e.of_kind(kind).in_source(source);
    match kind {
        DocumentKind::Container => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut container: Container =
                typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            container.origin = Origin::json(source, base);
            Ok(vec![Parsed::Container(Box::new(container), kind)])
        }
        DocumentKind::SeccompProfile => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let profile: SeccompProfile =
                typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            Ok(vec![seccomp_document(source, base, profile)])
        }
        DocumentKind::Compose => {
            // Compose text handed over as a JSON string, or a compose file in JSON form.
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            parse_text(kind, &text, source, base)
        }
        #[cfg(feature = "oci")]
        DocumentKind::OciRuntime => {
            let container = oci::oci_container_from_value(source, base.clone(), value)
                .map_err(|e| fail(e.under(&base)))?;
            Ok(vec![Parsed::Container(Box::new(container), kind)])
        }
        DocumentKind::DaemonInfo => {
            let mut info = daemon::parse_info(value).map_err(|e| fail(e.under(&base)))?;
            info.origin = Origin::json(source, base);
            Ok(vec![Parsed::DaemonInfo(Box::new(info))])
        }
        DocumentKind::DaemonVersion => {
            let version = daemon::parse_version(value, source, base.clone())
                .map_err(|e| fail(e.under(&base)))?;
            Ok(vec![Parsed::DaemonVersion(Box::new(version))])
        }
        DocumentKind::DaemonConfig | DocumentKind::HostFacts => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let parsed = if kind == DocumentKind::DaemonConfig {
                let mut config: DaemonConfig =
                    typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
                config.origin = Origin::json(source, base);
                Parsed::DaemonConfig(Box::new(config))
            } else {
                let mut facts: HostFacts =
                    typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
                facts.origin = Origin::json(source, base);
                Parsed::HostFacts(Box::new(facts))
            };
            Ok(vec![parsed])
        }
        DocumentKind::Image => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut image: Image = typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            image.origin = Origin::json(source, base);
            Ok(vec![Parsed::Image(Box::new(image))])
        }
        DocumentKind::ImageHistory => {
            let image = history::history_from_value(source, value, base).map_err(fail)?;
            Ok(vec![Parsed::History(Box::new(image))])
        }
        DocumentKind::Network => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut network: Network = typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            network.origin = Origin::json(source, base);
            Ok(vec![Parsed::Network(Box::new(network))])
        }
        DocumentKind::Exec => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut exec: ExecSession =
                typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            exec.origin = Origin::json(source, base);
            Ok(vec![Parsed::Exec(Box::new(exec))])
        }
        DocumentKind::ContainerProcesses => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut list: ContainerProcesses =
                typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            list.origin = Origin::json(source, base);
            Ok(vec![Parsed::Processes(Box::new(list))])
        }
        DocumentKind::Dockerfile => match value {
            serde_json::Value::String(text) => {
                let file = parse_dockerfile(text, source).map_err(fail)?;
                Ok(vec![Parsed::Dockerfile(Box::new(file))])
            }
            other => Err(fail(Error::input(
                InputProblem::Type,
                format!(
                    "a Dockerfile is text, found {}",
                    kind::json_type_name(other)
                ),
            ))),
        },
        DocumentKind::VulnerabilityReport => {
            let mut report =
                VulnerabilityReport::from_value(value).map_err(|e| fail(e.under(&base)))?;
            report.origin = Origin::json(source, base);
            Ok(vec![Parsed::Report(Box::new(report))])
        }
        #[cfg(not(feature = "oci"))]
        other @ DocumentKind::OciRuntime => Err(fail(unsupported(other))),
    }
}

#[cfg(not(feature = "oci"))]
fn unsupported(kind: DocumentKind) -> Error {
    Error::input(
        InputProblem::UnsupportedKind,
        format!("{kind} documents are recognised but not evaluated by this version of hullcheck"),
    )
}

fn wrong_shape(value: &serde_json::Value) -> Error {
    Error::input(
        InputProblem::Type,
        format!("expected an object, found {}", kind::json_type_name(value)),
    )
}

/// Parses `text` into `T`. On a type error, parses again while tracking the path, so the error
/// names the JSON pointer of the offending value; the happy path pays nothing for that.
pub(crate) fn typed_from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    match serde_json::from_str::<T>(text) {
        Ok(value) => Ok(value),
        Err(err) if err.classify() == serde_json::error::Category::Data => {
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(_) => Err(Error::from_json(&err)),
                Err(tracked) => {
                    let ptr = path_to_pointer(tracked.path());
                    Err(Error::from_json(tracked.inner()).under(&ptr))
                }
            }
        }
        Err(err) => Err(Error::from_json(&err)),
    }
}

/// Deserializes an already-parsed value into `T`, naming the pointer of a mistyped value.
pub(crate) fn typed_from_value<'de, T: Deserialize<'de>>(
    value: &'de serde_json::Value,
) -> Result<T, Error> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|tracked| {
        let ptr = path_to_pointer(tracked.path());
        Error::from_json(tracked.inner()).under(&ptr)
    })
}

/// The RFC 6901 pointer of a serde path.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer::push_index(&mut out, *index),
            serde_path_to_error::Segment::Map { key } => pointer::push_token(&mut out, key),
            serde_path_to_error::Segment::Enum { variant } => {
                pointer::push_token(&mut out, variant);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}
