//! Collection from a live Docker (or Podman) engine and the host it runs on.
//!
//! This is the IO side of hullcheck: it reads the engine through its API and, when the engine
//! runs on this host, a few host files; it returns a [`Collection`] of plain documents that the
//! pure core evaluates like any others.

use hullcheck::Collection;

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
pub fn collect_docker(options: &CollectOptions) -> Result<Collection, CollectError> {
    let _ = options;
    Err(CollectError {
        message: "collection is not built yet".to_owned(),
    })
}
