use crate::document::{DaemonConfig, FileFact};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG071",
    name: "daemon-file-ownership-wrong",
    summary: "Docker configuration files, certificates or sockets have the wrong owner",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[
            CisRef::new(
                "3.1",
                "Ensure that the docker.service file ownership is set to root:root",
            ),
            CisRef::new(
                "3.3",
                "Ensure that docker.socket file ownership is set to root:root",
            ),
            CisRef::new(
                "3.5",
                "Ensure that the /etc/docker directory ownership is set to root:root",
            ),
            CisRef::new(
                "3.7",
                "Ensure that registry certificate file ownership is set to root:root",
            ),
            CisRef::new(
                "3.9",
                "Ensure that TLS CA certificate file ownership is set to root:root",
            ),
            CisRef::new(
                "3.11",
                "Ensure that Docker server certificate file ownership is set to root:root",
            ),
            CisRef::new(
                "3.13",
                "Ensure that the Docker server certificate key file ownership is set to root:root",
            ),
            CisRef::new(
                "3.15",
                "Ensure that the Docker socket file ownership is set to root:docker",
            ),
            CisRef::new(
                "3.17",
                "Ensure that the daemon.json file ownership is set to root:root",
            ),
            CisRef::new(
                "3.19",
                "Ensure that the /etc/default/docker file ownership is set to root:root",
            ),
            CisRef::new(
                "3.22",
                "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
            ),
            CisRef::new(
                "3.23",
                "Ensure that the Containerd socket file ownership is set to root:root",
            ),
        ],
        nist: &["4.5.4"],
    },
    docs: Docs {
        what: "For each file of CIS 3.1-3.24 that the host facts list (docker.service and docker.socket units wherever they live, `/etc/docker`, registry certificates under `/etc/docker/certs.d`, the TLS CA, certificate and key named by daemon.json `tlscacert`/`tlscert`/`tlskey`, the Docker socket, `/etc/docker/daemon.json`, `/etc/default/docker`, `/etc/sysconfig/docker`, the containerd socket at `/run/containerd/containerd.sock` or, for the containerd dockerd starts itself, `/run/docker/containerd/containerd.sock`), fails when the owner is not root (uid 0) or the group is not root (gid 0), or, for the Docker socket, not `docker` (checked by name, since its gid differs per host). Not applicable when the facts list none of these files; the TLS files are checked only when the bundle has a daemon.json that names them.",
        why: "Whoever owns these files can change how the daemon runs (add a TCP listener, turn off TLS), replace the certificates clients trust, or talk to the daemon directly: all of that is root on the host.",
        remediation: Remediation {
            docker_run: "Not a container setting: `chown root:root <file>` (the Docker socket: `chown root:docker /var/run/docker.sock`).",
            compose: "Not a compose setting: fix the owners on the host.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: `chown root:root /etc/docker /etc/docker/daemon.json` and the certificate files; the socket's group comes from daemon.json `\"group\": \"docker\"` (or `dockerd --group`).",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

/// A file of CIS section 3 with its ownership and permission recommendations.
pub(super) struct DaemonFile {
    pub(super) what: &'static str,
    pub(super) owner_cis: &'static str,
    pub(super) mode_cis: &'static str,
    /// Group name the file should have (`root` or `docker`).
    pub(super) group: &'static str,
    /// The most permissive mode allowed.
    pub(super) mode: u32,
    pub(super) severity: Severity,
}

const SERVICE: DaemonFile = DaemonFile {
    what: "docker.service unit",
    owner_cis: "3.1",
    mode_cis: "3.2",
    group: "root",
    mode: 0o644,
    severity: Severity::Medium,
};
const SOCKET_UNIT: DaemonFile = DaemonFile {
    what: "docker.socket unit",
    owner_cis: "3.3",
    mode_cis: "3.4",
    group: "root",
    mode: 0o644,
    severity: Severity::Medium,
};
const ETC_DOCKER: DaemonFile = DaemonFile {
    what: "/etc/docker directory",
    owner_cis: "3.5",
    mode_cis: "3.6",
    group: "root",
    mode: 0o755,
    severity: Severity::Medium,
};
const REGISTRY_CERT: DaemonFile = DaemonFile {
    what: "registry certificate",
    owner_cis: "3.7",
    mode_cis: "3.8",
    group: "root",
    mode: 0o444,
    severity: Severity::Medium,
};
const TLS_CA: DaemonFile = DaemonFile {
    what: "TLS CA certificate",
    owner_cis: "3.9",
    mode_cis: "3.10",
    group: "root",
    mode: 0o444,
    severity: Severity::Medium,
};
const TLS_CERT: DaemonFile = DaemonFile {
    what: "Docker server certificate",
    owner_cis: "3.11",
    mode_cis: "3.12",
    group: "root",
    mode: 0o444,
    severity: Severity::Medium,
};
const TLS_KEY: DaemonFile = DaemonFile {
    what: "Docker server certificate key",
    owner_cis: "3.13",
    mode_cis: "3.14",
    group: "root",
    mode: 0o400,
    severity: Severity::High,
};
const DOCKER_SOCK: DaemonFile = DaemonFile {
    what: "Docker socket",
    owner_cis: "3.15",
    mode_cis: "3.16",
    group: "docker",
    mode: 0o660,
    severity: Severity::High,
};
const DAEMON_JSON: DaemonFile = DaemonFile {
    what: "daemon.json",
    owner_cis: "3.17",
    mode_cis: "3.18",
    group: "root",
    mode: 0o644,
    severity: Severity::Medium,
};
const DEFAULT_DOCKER: DaemonFile = DaemonFile {
    what: "/etc/default/docker",
    owner_cis: "3.19",
    mode_cis: "3.20",
    group: "root",
    mode: 0o644,
    severity: Severity::Medium,
};
const SYSCONFIG_DOCKER: DaemonFile = DaemonFile {
    what: "/etc/sysconfig/docker",
    owner_cis: "3.22",
    mode_cis: "3.21",
    group: "root",
    mode: 0o644,
    severity: Severity::Medium,
};
const CONTAINERD_SOCK: DaemonFile = DaemonFile {
    what: "containerd socket",
    owner_cis: "3.23",
    mode_cis: "3.24",
    group: "root",
    mode: 0o660,
    severity: Severity::High,
};

impl DaemonFile {
    /// The file as messages name it: "the docker.service unit /lib/systemd/...", or the path
    /// alone when the kind is named by its path (`/etc/default/docker`).
    pub(super) fn describe(&self, path: &str) -> String {
        if self.what == path.trim_end_matches('/') {
            path.to_owned()
        } else {
            format!("the {} {path}", self.what)
        }
    }
}

/// Which CIS section 3 file `path` is, if any. `config` names the TLS files.
pub(super) fn classify(path: &str, config: Option<&DaemonConfig>) -> Option<&'static DaemonFile> {
    let path = path.trim_end_matches('/');
    let named =
        |value: Option<&String>| value.is_some_and(|v| !v.trim().is_empty() && v.trim() == path);
    if let Some(c) = config {
        if named(c.tlscacert.as_ref()) {
            return Some(&TLS_CA);
        }
        if named(c.tlscert.as_ref()) {
            return Some(&TLS_CERT);
        }
        if named(c.tlskey.as_ref()) {
            return Some(&TLS_KEY);
        }
    }
    let file = match path {
        "/etc/docker" => &ETC_DOCKER,
        "/etc/docker/daemon.json" => &DAEMON_JSON,
        "/etc/default/docker" => &DEFAULT_DOCKER,
        "/etc/sysconfig/docker" => &SYSCONFIG_DOCKER,
        "/var/run/docker.sock" | "/run/docker.sock" => &DOCKER_SOCK,
        // dockerd starts a containerd of its own under /run/docker when no system containerd
        // is configured; its socket is the same control point.
        "/run/containerd/containerd.sock"
        | "/var/run/containerd/containerd.sock"
        | "/run/docker/containerd/containerd.sock"
        | "/var/run/docker/containerd/containerd.sock" => &CONTAINERD_SOCK,
        p if p.ends_with("/systemd/system/docker.service") => &SERVICE,
        p if p.ends_with("/systemd/system/docker.socket") => &SOCKET_UNIT,
        p if p.starts_with("/etc/docker/certs.d/")
            && p.rsplit_once('.').is_some_and(|(_, ext)| {
                ext.eq_ignore_ascii_case("crt") || ext.eq_ignore_ascii_case("cert")
            }) =>
        {
            &REGISTRY_CERT
        }
        _ => return None,
    };
    Some(file)
}

/// The daemon files the host facts list, with their index.
pub(super) fn daemon_files<'a>(
    facts: &'a HostFacts,
    config: Option<&DaemonConfig>,
) -> Vec<(usize, &'a FileFact, &'static DaemonFile)> {
    facts
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.exists)
        .filter_map(|(i, f)| classify(&f.path, config).map(|d| (i, f, d)))
        .collect()
}

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    let config = ctx.bundle().daemon().and_then(|d| d.config.as_ref());
    let files = daemon_files(facts, config);
    if files.is_empty() {
        ctx.not_applicable("the host facts list none of the Docker files of CIS section 3");
        return;
    }
    for (index, file, kind) in files {
        let user_ok = match (file.uid, file.user.as_deref()) {
            (Some(uid), _) => Some(uid == 0),
            (None, Some(user)) => Some(user == "root"),
            (None, None) => None,
        };
        let group_ok = if kind.group == "root" {
            match (file.gid, file.group.as_deref()) {
                (Some(gid), _) => Some(gid == 0),
                (None, Some(group)) => Some(group == "root"),
                (None, None) => None,
            }
        } else {
            file.group.as_deref().map(|g| g == kind.group)
        };
        if user_ok == Some(false) || group_ok == Some(false) {
            let shown = |name: Option<&str>, id: Option<u32>| match (name, id) {
                (Some(n), Some(i)) => format!("{n}({i})"),
                (Some(n), None) => n.to_owned(),
                (None, Some(i)) => i.to_string(),
                (None, None) => "?".to_owned(),
            };
            let owner = format!(
                "{}:{}",
                shown(file.user.as_deref(), file.uid),
                shown(file.group.as_deref(), file.gid)
            );
            ctx.fail(
                format!("/files/{index}"),
                format!(
                    "CIS {}: {} is owned by {owner}, not root:{}",
                    kind.owner_cis,
                    kind.describe(&file.path),
                    kind.group
                ),
            )
            .evidence(format!("{} owner={owner}", file.path))
            .severity(kind.severity)
            .controls(std::slice::from_ref(&kind.owner_cis));
        }
    }
}
