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
//! Image history (`GET /images/{id}/history`, which `docker image inspect` lacks) is attached
//! to each image's inspect as `History`, in the shape the core reads from OCI configs: oldest
//! first, `created_by`, `comment`, and `empty_layer` for an entry of size 0 (the engine lists
//! it newest first with a layer size). The image rules that read the build's instructions then
//! decide on a live host.
//!
//! # The host
//!
//! Only when the engine is on this host (a unix socket that exists here): the daemon
//! configuration file and the host facts of CIS sections 1 and 3 (the file list of CIS
//! sections 1 and 3, plus dockerd's own containerd under
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

use hullcheck::{Collection, DocumentKind};
use serde_json::Value;

pub use endpoint::{Endpoint, EngineEnvironment, resolve};

use engine::{Entry, Progress};

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

/// Builds the collection from the entries of the pass, in order.
struct Assembly {
    collection: Collection,
}

impl Assembly {
    fn new(collection: Collection) -> Self {
        Assembly { collection }
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

    fn push(&mut self, source: String, kind: DocumentKind, document: Value) {
        self.collection.push(source, kind, document);
    }

    fn finish(self) -> Collection {
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
                assembly.push(location.path.clone(), DocumentKind::DaemonConfig, config);
            }
            daemon_config::ConfigRead::Absent => assembly.push(
                format!("{} (absent: dockerd defaults)", location.path),
                DocumentKind::DaemonConfig,
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
    assembly.push(source, DocumentKind::HostFacts, read.facts);
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
}
