use crate::document::{normalize_host_path, path_is_within};
use crate::rules::prelude::*;

/// Runtime sockets relative to a runtime directory (`/run`, `/var/run`, and a rootless user's
/// `/run/user/<uid>`), so that a bind of any directory on their way is caught.
const SOCKETS_UNDER_RUNTIME_DIR: &[&str] = &[
    "docker.sock",
    "containerd/containerd.sock",
    "docker/containerd/containerd.sock",
    "docker/containerd/docker-containerd.sock",
    "podman/podman.sock",
    "crio/crio.sock",
    "cri-dockerd.sock",
    "buildkit/buildkitd.sock",
    "dockershim.sock",
];

/// File names of runtime API sockets (the default of `socket_names`).
const DEFAULT_SOCKET_NAMES: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "docker-containerd.sock",
    "podman.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "buildkitd.sock",
    "dockershim.sock",
];

/// Whether a normalised host path names a runtime socket by its default file name; CFG005
/// leaves those binds to this rule.
pub(crate) fn is_runtime_socket_file(source: &str) -> bool {
    let file_name = source.rsplit('/').next().unwrap_or_default();
    DEFAULT_SOCKET_NAMES.contains(&file_name)
}

const SOCKET_NAMES: Parameter = Parameter {
    name: "socket_names",
    description: "File names of container runtime API sockets; a bind of a file with one of these names is reported wherever it lives.",
    default: ParameterDefault::List(DEFAULT_SOCKET_NAMES),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG007",
    name: "runtime-socket-mounted",
    summary: "Container runtime socket is mounted into the container",
    severity: Severity::Critical,
    parameters: &[SOCKET_NAMES],
    references: References {
        cis: &[CisRef::new(
            "5.32",
            "Ensure that the Docker socket is not mounted inside any containers",
        )],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "Fails once for each bind mount (top-level `Mounts[]`, or `HostConfig.Binds` and `HostConfig.Mounts` when a document has no `Mounts[]`) that exposes a container runtime API: a source, normalised lexically, whose file name is in `socket_names` (`/home/ci/docker.sock` counts), or a directory that holds a runtime socket at its usual place. The directories are `/run` and `/var/run` and a rootless user's runtime directory `/run/user/<uid>` (and `/run/user` itself), with their sub-directories on the way to `docker.sock`, `containerd/containerd.sock`, `docker/containerd/containerd.sock`, `podman/podman.sock`, `crio/crio.sock`, `cri-dockerd.sock`, `buildkit/buildkitd.sock` and `dockershim.sock`; `/` and `/var` contain them too. The Windows named pipe `\\\\.\\pipe\\docker_engine` is reported as well. Read-only binds are reported at the same severity: `ro` does not stop a client from connecting to a socket.",
        why: "Whoever can talk to the runtime API can start a privileged container with the host's root file system mounted: a mounted runtime socket is root on the host for every process in the container, and any code injected into it.",
        remediation: Remediation {
            docker_run: "Remove `-v /var/run/docker.sock:...` (and binds of `/run` or `/var/run`); give tools that need the API a restricted proxy that allows only the calls they make, or run them outside containers.",
            compose: "Remove the socket (or its directory) from `volumes:`; use an API proxy service with an allow-list of endpoints instead.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let names = ctx.list(&SOCKET_NAMES);
    for mount in container.all_mounts() {
        let exposed = if is_docker_pipe(mount.source) {
            Some(mount.source.to_owned())
        } else if mount.is_bind() {
            normalize_host_path(mount.source).and_then(|source| exposed_socket(&source, &names))
        } else {
            None
        };
        let Some(socket) = exposed else {
            continue;
        };
        let message = if normalize_host_path(mount.source).as_deref() == Some(socket.as_str())
            || socket == mount.source
        {
            format!(
                "runtime socket {socket} is bind-mounted at {}",
                mount.destination
            )
        } else {
            format!(
                "bind of {} at {} exposes runtime socket {socket}",
                mount.source, mount.destination
            )
        };
        ctx.fail(mount.source_field(), message).evidence(format!(
            "{} Source={} Destination={}",
            mount.origin_label(),
            mount.source,
            mount.destination
        ));
    }
}

/// The runtime socket a bind of `source` (normalised) exposes, if any.
fn exposed_socket(source: &str, names: &[&str]) -> Option<String> {
    let file_name = source.rsplit('/').next().unwrap_or_default();
    if names.contains(&file_name) {
        return Some(source.to_owned());
    }
    let mut runtime_dirs = vec!["/run".to_owned(), "/var/run".to_owned()];
    for users in ["/run/user", "/var/run/user"] {
        if source == users {
            return Some(format!("{users}/<uid>/docker.sock"));
        }
        if let Some(rest) = source.strip_prefix(users).and_then(|r| r.strip_prefix('/')) {
            let uid = rest.split('/').next().unwrap_or_default();
            runtime_dirs.push(format!("{users}/{uid}"));
        }
    }
    runtime_dirs.iter().find_map(|dir| {
        SOCKETS_UNDER_RUNTIME_DIR
            .iter()
            .map(|socket| format!("{dir}/{socket}"))
            .find(|full| path_is_within(full, source))
    })
}

/// Docker Desktop's Windows named pipe (`\\.\pipe\docker_engine`, any case and slash style).
fn is_docker_pipe(source: &str) -> bool {
    let lower = source.to_ascii_lowercase().replace('\\', "/");
    lower.ends_with("/pipe/docker_engine")
}
