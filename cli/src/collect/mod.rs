//! Collection from a live Docker (or Podman) engine and the host it runs on.
//!
//! This is the IO side of hullcheck: it reads the engine through its API and, when the engine
//! runs on this host, a few host files; it returns a [`Collection`] of plain documents that the
//! pure core evaluates like any others.
//!
//! # Where it connects
//!
//! [`CollectOptions::endpoint`], else `DOCKER_HOST`, else `/var/run/docker.sock` (or Podman's
//! Docker-compatible socket, `/run/podman/podman.sock` or `$XDG_RUNTIME_DIR/podman/podman.sock`,
//! when only that exists). `unix:///path` and bare paths are unix sockets; `tcp://host:port`
//! is HTTPS with the client certificates `ca.pem`, `cert.pem` and `key.pem` from
//! `DOCKER_CERT_PATH` (default `~/.docker`) when `DOCKER_TLS_VERIFY` is set, plain HTTP
//! otherwise; `http://` and `https://` say so explicitly. The API version is negotiated.
//!
//! # What a collection holds
//!
//! In this order, each with its source:
//!
//! | kind | source | what |
//! | --- | --- | --- |
//! | `daemon_version` | `docker:/version` | `GET /version` |
//! | `daemon_info` | `docker:/info` | `GET /info` |
//! | `container` | `docker:/containers/<id>/json` | every container (running only unless [`CollectOptions::all`]) |
//! | `container_processes` | `docker:/containers/<id>/top` | each running container's processes, `{"ContainerID", "Titles", "Processes"}` (`ps_args=-ef` where the engine takes it) |
//! | `exec` | `docker:/exec/<id>/json` | each exec session in a container's `ExecIDs` |
//! | `image` | `docker:/images/<id>/json` | each distinct image the containers run |
//! | `image` | `docker:/images/<tag>/json` | a tag a container was created from that names another image now (CIS 5.28) |
//! | `network` | `docker:/networks/<id>` | every network |
//! | `daemon_config` | the file's path | the local dockerd's `--config-file` (default `/etc/docker/daemon.json`); `{}` with source `<path> (absent: dockerd defaults)` when there is no such file |
//! | `host_facts` | `host:<hostname>` | files, audit rules, mounts, the `docker` group, `DOCKER_CONTENT_TRUST` (see below) |
//!
//! The container, image, exec, network, version and info documents are bollard's typed
//! models serialised back to JSON: **fields that bollard's models do not know are dropped**
//! (an engine newer than the models, or a Podman extension), and fields the models know but
//! the engine did not send are absent.
//!
//! Image history (`GET /images/{id}/history`) is not collected: the Engine API lists it newest
//! first without `empty_layer`, while the core's image model reads `History` oldest first
//! with `empty_layer` (the OCI config's shape) to tell an image's own layers from its base
//! image's. Attaching the API array would make the core misread it.
//!
//! Kinds this version of the core does not read (`container_processes`, `exec` and `network`
//! arrive with a later core) are left out with one note each; so are host facts fields the
//! core's model does not take yet (`mounts`, `groups`, `environment`), since the host facts
//! model refuses unknown fields.
//!
//! # The host
//!
//! Only when the engine is on this host (a unix socket that exists here): the daemon
//! configuration file and the host facts of CIS sections 1 and 3 (a port of
//! `examples/collect_host_facts.py`, the same file list plus dockerd's own containerd under
//! `/run/docker/containerd/`, the TLS files daemon.json names and `/etc/docker/certs.d/*/*`), with
//! `audit_rules` from `auditctl -l`, else the rules files, else `""` (none loaded), the
//! mounts of `/proc/self/mountinfo`, the `docker` group of `/etc/group` and
//! `DOCKER_CONTENT_TRUST` when it is set.
//!
//! # Failures
//!
//! Not reaching the engine is a [`CollectError`] naming the endpoint (no such socket or
//! connection refused: the daemon is not running; permission denied: run as root or join the
//! socket's group). Anything that disappears during the pass (404) or cannot be read is left
//! out with a note naming it.

mod daemon_config;
mod endpoint;
mod engine;
mod host;

use hullcheck::{Bundle, Collection, DocumentKind};
use serde_json::Value;

pub use endpoint::{Endpoint, EngineEnvironment, resolve};

use engine::{Entry, Kind, Progress};

/// What to collect, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectOptions {
    /// The engine endpoint (`unix:///var/run/docker.sock`, `tcp://host:2376`); `None` uses
    /// `DOCKER_HOST`, then the default socket.
    pub endpoint: Option<String>,
    /// Stopped containers too (`docker ps -a`); by default only running ones.
    pub all: bool,
    /// Show progress on standard error (the command sets it when standard error is a terminal).
    pub progress: bool,
}

/// Why a collection could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectError {
    /// A sentence for people, naming the endpoint and the usual fix.
    pub message: String,
}

impl std::fmt::Display for CollectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CollectError {}

/// Collects every document hullcheck reads from the engine at `options.endpoint` and, when the
/// engine is on this host, from the host.
///
/// Synchronous: it drives its own single-thread tokio runtime, on the calling thread, or on a
/// thread of its own when the caller is already inside a tokio runtime (where starting
/// another would panic).
pub fn collect_docker(options: &CollectOptions) -> Result<Collection, CollectError> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return std::thread::scope(|scope| {
            scope
                .spawn(|| collect_on_this_thread(options))
                .join()
                .unwrap_or_else(|_| {
                    Err(CollectError {
                        message: "the collector's thread stopped unexpectedly".to_owned(),
                    })
                })
        });
    }
    collect_on_this_thread(options)
}

fn collect_on_this_thread(options: &CollectOptions) -> Result<Collection, CollectError> {
    let endpoint = resolve(
        options.endpoint.as_deref(),
        &EngineEnvironment::from_process(),
    )?;
    let mut collection = Collection::new();
    collection.collected_at = Some(now_rfc3339());
    collection.collector = Some(format!("hullcheck {}", env!("CARGO_PKG_VERSION")));
    collection.endpoint = Some(endpoint.url());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| CollectError {
            message: format!("cannot start the runtime that talks to the engine: {e}"),
        })?;
    let progress = Progress::new(options.progress);
    let docker = endpoint::connect(&endpoint)?;
    let read = runtime.block_on(engine::read_engine(
        docker,
        &endpoint,
        options.all,
        &progress,
    ))?;
    let mut assembly = Assembly::new(collection);
    for entry in read.entries {
        assembly.add(entry);
    }
    if endpoint.is_local() {
        collect_host(&mut assembly, read.is_podman);
    }
    Ok(assembly.finish())
}

/// The current time as RFC 3339 UTC (`2026-12-02T06:00:00Z`), from the system clock.
fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    hullcheck::Timestamp::from_unix_seconds(seconds).to_rfc3339()
}

/// Builds the collection: documents of kinds the core reads, one note for each kind it
/// does not.
struct Assembly {
    collection: Collection,
    unknown_kinds: Vec<&'static str>,
}

impl Assembly {
    fn new(collection: Collection) -> Self {
        Assembly {
            collection,
            unknown_kinds: Vec::new(),
        }
    }

    fn add(&mut self, entry: Entry) {
        match entry {
            Entry::Document {
                source,
                kind,
                document,
            } => self.push(source, kind, document),
            Entry::Note { source, message } => self.collection.note(Some(&source), message),
        }
    }

    fn push(&mut self, source: String, kind: Kind, document: Value) {
        let resolved = match kind {
            Kind::Known(kind) => Some(kind),
            Kind::Named(name) => DocumentKind::from_name(name),
        };
        match (resolved, kind) {
            (Some(kind), _) => self.collection.push(source, kind, document),
            (None, Kind::Named(name)) => {
                if !self.unknown_kinds.contains(&name) {
                    self.unknown_kinds.push(name);
                }
            }
            (None, Kind::Known(_)) => {}
        }
    }

    fn finish(mut self) -> Collection {
        for name in self.unknown_kinds {
            self.collection.note(
                None,
                format!(
                    "this version of the core does not read {name} documents; they are left out"
                ),
            );
        }
        self.collection
    }
}

/// The daemon configuration and the host facts, for an engine on this host.
fn collect_host(assembly: &mut Assembly, is_podman: bool) {
    let location = daemon_config::locate(std::path::Path::new("/proc"));
    let mut tls_files = Vec::new();
    if is_podman {
        assembly.collection.note(
            None,
            "the engine is Podman, which has no daemon.json; no daemon configuration is collected",
        );
    } else {
        if !location.process_found {
            assembly.collection.note(
                Some(&location.path),
                format!(
                    "no dockerd process was found in /proc (is hullcheck in a container without the host's process namespace?); the daemon configuration is read from the default {}",
                    location.path
                ),
            );
        }
        match daemon_config::read(&location.path) {
            daemon_config::ConfigRead::Present(config) => {
                tls_files = daemon_config::tls_files(&config);
                assembly.push(
                    location.path.clone(),
                    Kind::Known(DocumentKind::DaemonConfig),
                    config,
                );
            }
            daemon_config::ConfigRead::Absent => assembly.push(
                format!("{} (absent: dockerd defaults)", location.path),
                Kind::Known(DocumentKind::DaemonConfig),
                Value::Object(serde_json::Map::new()),
            ),
            daemon_config::ConfigRead::Unusable(message) => {
                assembly.collection.note(Some(&location.path), message);
            }
        }
    }

    let read = host::collect(&location.path, &tls_files);
    let hostname = read
        .facts
        .get("hostname")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    let source = format!("host:{hostname}");
    for message in read.notes {
        assembly.collection.note(Some(&source), message);
    }
    let mut facts = read.facts;
    for field in unread_host_fields(&facts) {
        if let Some(map) = facts.as_object_mut() {
            map.remove(&field);
        }
        assembly.collection.note(
            Some(&source),
            format!(
                "this version of the core does not read the host facts field `{field}`; it is left out"
            ),
        );
    }
    assembly.push(source, Kind::Known(DocumentKind::HostFacts), facts);
}

/// The top-level fields of `facts` that this version of the core's host facts model refuses
/// (it refuses unknown fields, so a field added to the collector before the core would make
/// the whole document unreadable).
fn unread_host_fields(facts: &Value) -> Vec<String> {
    let Some(map) = facts.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(field, value)| {
            // Each field alone, with its real value (an empty list would say nothing about
            // the shape of its members).
            let mut probe = serde_json::Map::new();
            probe.insert(field.clone(), value.clone());
            let accepted = Bundle::new()
                .add_value_as("probe", DocumentKind::HostFacts, &Value::Object(probe))
                .is_ok();
            (!accepted).then(|| field.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_rfc3339_utc() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z') && now.get(10..11) == Some("T"), "{now}");
        assert!(now.as_str() > "2024-01-01T00:00:00Z");
    }

    #[test]
    fn unknown_kinds_become_one_note_each() {
        let mut assembly = Assembly::new(Collection::new());
        for source in ["a", "b"] {
            assembly.push(
                source.to_owned(),
                Kind::Named("no_such_kind"),
                serde_json::json!({}),
            );
        }
        assembly.push(
            "c".to_owned(),
            Kind::Named("container"),
            serde_json::json!({"Id": "c"}),
        );
        let collection = assembly.finish();
        assert_eq!(collection.documents.len(), 1);
        assert_eq!(collection.notes.len(), 1);
        assert!(
            collection
                .notes
                .iter()
                .all(|n| n.message.contains("no_such_kind"))
        );
    }

    #[test]
    fn host_fields_the_core_refuses_are_found() {
        let facts = serde_json::json!({
            "hostname": "h",
            "files": [{"path": "/x", "exists": false}],
            "audit_rules": "",
            "surely_not_a_field": 1
        });
        assert_eq!(
            unread_host_fields(&facts),
            vec!["surely_not_a_field".to_owned()]
        );
    }
}
