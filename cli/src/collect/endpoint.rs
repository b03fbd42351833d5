//! Which engine to talk to, and how: the endpoint from the caller, `DOCKER_HOST`, or the
//! default socket (Docker's, else Podman's Docker-compatible one), and the connection to it.

use std::path::{Path, PathBuf};

use bollard::Docker;

use super::CollectError;

/// Docker's default socket.
pub(crate) const DOCKER_SOCKET: &str = "/var/run/docker.sock";

/// Podman's rootful Docker-compatible socket (`systemctl enable --now podman.socket`).
const PODMAN_ROOT_SOCKET: &str = "/run/podman/podman.sock";

/// Seconds a single Engine API request may take before it fails.
const REQUEST_TIMEOUT_SECONDS: u64 = 120;

/// The environment variables that choose an engine, read once so resolution is testable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineEnvironment {
    /// `DOCKER_HOST`.
    pub docker_host: Option<String>,
    /// `DOCKER_TLS_VERIFY` (TLS for `tcp://` when set and not empty).
    pub tls_verify: Option<String>,
    /// `DOCKER_CERT_PATH` (where `ca.pem`, `cert.pem` and `key.pem` are).
    pub cert_path: Option<String>,
    /// `HOME` (the certificates default to `~/.docker`).
    pub home: Option<String>,
    /// `XDG_RUNTIME_DIR` (where a rootless Podman keeps its socket).
    pub xdg_runtime_dir: Option<String>,
}

impl EngineEnvironment {
    /// The variables of this process.
    #[must_use]
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        EngineEnvironment {
            docker_host: var("DOCKER_HOST"),
            tls_verify: var("DOCKER_TLS_VERIFY"),
            cert_path: var("DOCKER_CERT_PATH"),
            home: var("HOME"),
            xdg_runtime_dir: var("XDG_RUNTIME_DIR"),
        }
    }
}

/// A resolved engine endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A unix socket (`unix:///var/run/docker.sock`, or a bare path).
    Unix {
        /// The socket's path.
        path: PathBuf,
        /// Whether the endpoint was chosen by default (neither stated nor in `DOCKER_HOST`).
        by_default: bool,
    },
    /// Plain HTTP over TCP (`tcp://host:2375` without `DOCKER_TLS_VERIFY`, `http://`).
    Http {
        /// `host:port`.
        address: String,
    },
    /// HTTPS with client certificates (`tcp://host:2376` with `DOCKER_TLS_VERIFY`, `https://`).
    Tls {
        /// `host:port`.
        address: String,
        /// The directory holding `ca.pem`, `cert.pem` and `key.pem`.
        cert_dir: PathBuf,
    },
}

impl Endpoint {
    /// The endpoint as a URL, as the collection records it.
    #[must_use]
    pub fn url(&self) -> String {
        match self {
            Endpoint::Unix { path, .. } => format!("unix://{}", path.display()),
            Endpoint::Http { address } | Endpoint::Tls { address, .. } => {
                format!("tcp://{address}")
            }
        }
    }

    /// Whether the engine runs on this host: a unix socket that exists here. Only then are
    /// the daemon's configuration file and the host facts read.
    #[must_use]
    pub fn is_local(&self) -> bool {
        match self {
            Endpoint::Unix { path, .. } => path.exists(),
            Endpoint::Http { .. } | Endpoint::Tls { .. } => false,
        }
    }
}

/// Resolves the endpoint: `explicit`, else `DOCKER_HOST`, else Docker's default socket (or
/// Podman's when only that exists).
pub fn resolve(explicit: Option<&str>, env: &EngineEnvironment) -> Result<Endpoint, CollectError> {
    let stated = explicit
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .or(env.docker_host.as_deref());
    let Some(text) = stated else {
        return Ok(default_socket(env));
    };
    let tls_verify = env.tls_verify.as_deref().is_some_and(|v| !v.is_empty());
    let cert_dir = || match (&env.cert_path, &env.home) {
        (Some(dir), _) => PathBuf::from(dir),
        (None, Some(home)) => Path::new(home).join(".docker"),
        (None, None) => PathBuf::from(".docker"),
    };
    if let Some(path) = text.strip_prefix("unix://") {
        return unix(text, path);
    }
    if text.starts_with('/') {
        return unix(text, text);
    }
    if let Some(rest) = text.strip_prefix("tcp://") {
        let address = host_port(text, rest)?;
        return Ok(if tls_verify {
            Endpoint::Tls {
                address,
                cert_dir: cert_dir(),
            }
        } else {
            Endpoint::Http { address }
        });
    }
    if let Some(rest) = text.strip_prefix("http://") {
        return Ok(Endpoint::Http {
            address: host_port(text, rest)?,
        });
    }
    if let Some(rest) = text.strip_prefix("https://") {
        return Ok(Endpoint::Tls {
            address: host_port(text, rest)?,
            cert_dir: cert_dir(),
        });
    }
    let scheme = text.split_once("://").map_or(text, |(s, _)| s);
    Err(CollectError {
        message: format!(
            "the engine endpoint `{text}` is not supported (scheme `{scheme}`): use unix:///path/to/docker.sock, tcp://host:port (TLS with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or for ssh:// forward the socket first (ssh -L /tmp/docker.sock:/var/run/docker.sock host) and use unix:///tmp/docker.sock"
        ),
    })
}

fn unix(text: &str, path: &str) -> Result<Endpoint, CollectError> {
    if path.is_empty() {
        return Err(CollectError {
            message: format!("the engine endpoint `{text}` names no socket path"),
        });
    }
    Ok(Endpoint::Unix {
        path: PathBuf::from(path),
        by_default: false,
    })
}

fn host_port(text: &str, rest: &str) -> Result<String, CollectError> {
    let address = rest.trim_end_matches('/');
    if address.is_empty() || address.contains('/') {
        return Err(CollectError {
            message: format!("the engine endpoint `{text}` is not host:port"),
        });
    }
    Ok(address.to_owned())
}

/// Docker's socket; Podman's rootful then rootless socket when only one of those exists.
fn default_socket(env: &EngineEnvironment) -> Endpoint {
    let docker = PathBuf::from(DOCKER_SOCKET);
    let mut candidates = vec![PathBuf::from(PODMAN_ROOT_SOCKET)];
    if let Some(dir) = &env.xdg_runtime_dir {
        candidates.push(Path::new(dir).join("podman/podman.sock"));
    }
    let path = if docker.exists() {
        docker
    } else {
        candidates
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or(docker)
    };
    Endpoint::Unix {
        path,
        by_default: true,
    }
}

/// Connects to the endpoint (no request is made yet). A unix socket is tried once first, so
/// a missing socket, a stopped daemon and a permission problem each get their own message.
pub(crate) fn connect(endpoint: &Endpoint) -> Result<Docker, CollectError> {
    let url = endpoint.url();
    let connected = match endpoint {
        Endpoint::Unix { path, by_default } => {
            probe_socket(path, *by_default, &url)?;
            Docker::connect_with_unix(
                &path.to_string_lossy(),
                REQUEST_TIMEOUT_SECONDS,
                bollard::API_DEFAULT_VERSION,
            )
        }
        Endpoint::Http { address } => Docker::connect_with_http(
            address,
            REQUEST_TIMEOUT_SECONDS,
            bollard::API_DEFAULT_VERSION,
        ),
        Endpoint::Tls { address, cert_dir } => {
            for name in ["ca.pem", "cert.pem", "key.pem"] {
                let file = cert_dir.join(name);
                if !file.is_file() {
                    return Err(CollectError {
                        message: format!(
                            "cannot connect to the Docker engine at {url} with TLS: {} does not exist (set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY for plain HTTP)",
                            file.display()
                        ),
                    });
                }
            }
            Docker::connect_with_ssl(
                address,
                &cert_dir.join("key.pem"),
                &cert_dir.join("cert.pem"),
                &cert_dir.join("ca.pem"),
                REQUEST_TIMEOUT_SECONDS,
                bollard::API_DEFAULT_VERSION,
            )
        }
    };
    connected.map_err(|e| connection_error(endpoint, &e))
}

fn probe_socket(path: &Path, by_default: bool, url: &str) -> Result<(), CollectError> {
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Ok(()),
        Err(e) => Err(CollectError {
            message: io_message(&e, url, Some(path), by_default),
        }),
    }
}

/// The message for a failure to reach or talk to the engine.
pub(crate) fn connection_error(
    endpoint: &Endpoint,
    error: &bollard::errors::Error,
) -> CollectError {
    let url = endpoint.url();
    let (path, by_default) = match endpoint {
        Endpoint::Unix { path, by_default } => (Some(path.as_path()), *by_default),
        Endpoint::Http { .. } | Endpoint::Tls { .. } => (None, false),
    };
    if let bollard::errors::Error::SocketNotFoundError(_) = error {
        return CollectError {
            message: not_running(&url, "no such socket", by_default),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return CollectError {
                message: io_message(io, &url, path, by_default),
            };
        }
        source = current.source();
    }
    CollectError {
        message: format!("cannot talk to the Docker engine at {url}: {error}"),
    }
}

fn not_running(url: &str, what: &str, by_default: bool) -> String {
    let hint = if by_default {
        " (no endpoint was given and DOCKER_HOST is not set; set DOCKER_HOST or pass the endpoint)"
    } else {
        ""
    };
    format!(
        "cannot connect to the Docker engine at {url}: {what}; the daemon is not running there{hint}"
    )
}

fn io_message(error: &std::io::Error, url: &str, path: Option<&Path>, by_default: bool) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => not_running(url, "no such socket", by_default),
        std::io::ErrorKind::ConnectionRefused => not_running(url, "connection refused", by_default),
        std::io::ErrorKind::PermissionDenied => match path {
            Some(path) => format!(
                "permission denied on the Docker socket {}: run hullcheck as root, or add your user to the socket's group (usually `docker`; membership is equivalent to root on this host)",
                path.display()
            ),
            None => format!("cannot connect to the Docker engine at {url}: permission denied"),
        },
        _ => format!("cannot connect to the Docker engine at {url}: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(host: Option<&str>, tls: Option<&str>) -> EngineEnvironment {
        EngineEnvironment {
            docker_host: host.map(str::to_owned),
            tls_verify: tls.map(str::to_owned),
            cert_path: None,
            home: Some("/home/me".to_owned()),
            xdg_runtime_dir: None,
        }
    }

    #[test]
    fn explicit_endpoint_wins_over_docker_host() {
        let resolved = resolve(Some("unix:///tmp/x.sock"), &env(Some("tcp://h:2375"), None));
        assert_eq!(
            resolved,
            Ok(Endpoint::Unix {
                path: PathBuf::from("/tmp/x.sock"),
                by_default: false
            })
        );
    }

    #[test]
    fn docker_host_forms() {
        assert_eq!(
            resolve(None, &env(Some("/run/podman/podman.sock"), None)).map(|e| e.url()),
            Ok("unix:///run/podman/podman.sock".to_owned())
        );
        assert_eq!(
            resolve(None, &env(Some("tcp://10.0.0.1:2375"), None)),
            Ok(Endpoint::Http {
                address: "10.0.0.1:2375".to_owned()
            })
        );
        assert_eq!(
            resolve(None, &env(Some("tcp://10.0.0.1:2376/"), Some("1"))),
            Ok(Endpoint::Tls {
                address: "10.0.0.1:2376".to_owned(),
                cert_dir: PathBuf::from("/home/me/.docker")
            })
        );
        let mut with_certs = env(Some("tcp://h:2376"), Some("1"));
        with_certs.cert_path = Some("/certs".to_owned());
        assert_eq!(
            resolve(None, &with_certs),
            Ok(Endpoint::Tls {
                address: "h:2376".to_owned(),
                cert_dir: PathBuf::from("/certs")
            })
        );
        // An empty DOCKER_TLS_VERIFY is unset, as for the docker CLI.
        assert!(matches!(
            resolve(None, &env(Some("tcp://h:2375"), Some(""))),
            Ok(Endpoint::Http { .. })
        ));
    }

    #[test]
    fn unsupported_schemes_say_what_to_do() {
        let err = resolve(Some("ssh://me@host"), &env(None, None)).err();
        assert!(err.is_some_and(
            |e| e.message.contains("ssh://me@host") && e.message.contains("forward the socket")
        ));
        assert!(resolve(Some("unix://"), &env(None, None)).is_err());
        assert!(resolve(Some("tcp://"), &env(None, None)).is_err());
    }

    #[test]
    fn default_is_a_socket_chosen_by_default() {
        assert!(matches!(
            resolve(None, &env(None, None)),
            Ok(Endpoint::Unix {
                by_default: true,
                ..
            })
        ));
    }
}
