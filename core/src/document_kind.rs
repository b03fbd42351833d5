//! The kinds of document hullcheck reads: a base type, named by errors, diagnostics, outcomes
//! (`missing_input`) and the bundle. Telling a document's kind from its text is
//! `document::detect_kind`.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kinds of document hullcheck reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// `docker inspect`, `podman inspect` or Engine API `GET /containers/{id}/json`.
    Container,
    /// `docker image inspect`, `podman image inspect` or an OCI image config blob.
    Image,
    /// `docker history --no-trunc --format '{{json .}}'` (one JSON object per line, newest
    /// first) or Engine API `GET /images/{name}/history` (an array, newest first). It joins the
    /// bundle's image document with the same id; alone, it is an image subject whose config is
    /// unknown.
    ImageHistory,
    /// `docker info --format '{{json .}}'` or Engine API `GET /info`.
    DaemonInfo,
    /// `docker version --format '{{json .}}'`.
    DaemonVersion,
    /// The daemon's `daemon.json`.
    DaemonConfig,
    /// A compose file.
    Compose,
    /// An OCI runtime `config.json`.
    OciRuntime,
    /// A Dockerfile.
    Dockerfile,
    /// A vulnerability scanner report (Trivy, Grype, Snyk, SARIF).
    VulnerabilityReport,
    /// A seccomp profile.
    SeccompProfile,
    /// Caller-collected host facts (file modes and owners, audit rules).
    HostFacts,
    /// `docker network inspect` or Engine API `GET /networks/{id}`.
    Network,
    /// An exec session: Engine API `GET /exec/{id}/json`.
    Exec,
    /// A container's process list: the Engine API `GET /containers/{id}/top` body with the
    /// container's id as `ContainerID`.
    ContainerProcesses,
}

impl DocumentKind {
    /// Every kind, in declaration order.
    pub const ALL: [DocumentKind; 15] = [
        DocumentKind::Container,
        DocumentKind::Image,
        DocumentKind::ImageHistory,
        DocumentKind::DaemonInfo,
        DocumentKind::DaemonVersion,
        DocumentKind::DaemonConfig,
        DocumentKind::Compose,
        DocumentKind::OciRuntime,
        DocumentKind::Dockerfile,
        DocumentKind::VulnerabilityReport,
        DocumentKind::SeccompProfile,
        DocumentKind::HostFacts,
        DocumentKind::Network,
        DocumentKind::Exec,
        DocumentKind::ContainerProcesses,
    ];

    /// The snake_case name used in JSON and by the bindings.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Container => "container",
            DocumentKind::Image => "image",
            DocumentKind::ImageHistory => "image_history",
            DocumentKind::DaemonInfo => "daemon_info",
            DocumentKind::DaemonVersion => "daemon_version",
            DocumentKind::DaemonConfig => "daemon_config",
            DocumentKind::Compose => "compose",
            DocumentKind::OciRuntime => "oci_runtime",
            DocumentKind::Dockerfile => "dockerfile",
            DocumentKind::VulnerabilityReport => "vulnerability_report",
            DocumentKind::SeccompProfile => "seccomp_profile",
            DocumentKind::HostFacts => "host_facts",
            DocumentKind::Network => "network",
            DocumentKind::Exec => "exec",
            DocumentKind::ContainerProcesses => "container_processes",
        }
    }

    /// Whether an array of documents of this kind is one document: a legacy Trivy report (an
    /// array of results) and an Engine API image history (an array of entries).
    #[must_use]
    pub const fn is_one_array(self) -> bool {
        matches!(
            self,
            DocumentKind::VulnerabilityReport | DocumentKind::ImageHistory
        )
    }

    /// Whether a bundle holds at most one document of this kind: the host's daemon documents and
    /// host facts describe one host.
    #[must_use]
    pub const fn is_per_host(self) -> bool {
        matches!(
            self,
            DocumentKind::DaemonInfo
                | DocumentKind::DaemonVersion
                | DocumentKind::DaemonConfig
                | DocumentKind::HostFacts
        )
    }

    /// Looks a kind up by its snake_case name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
