use std::borrow::Cow;

use crate::document::{Mount, normalize_host_path, path_is_within};
use crate::rules::prelude::*;

const PATHS: Parameter = Parameter {
    name: "paths",
    description: "Sensitive host directories. A bind source that is one of them, lies under one, or contains one is reported; `/` matches only the root itself (everything lies under it).",
    default: ParameterDefault::List(&[
        "/",
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/lib32",
        "/lib64",
        "/proc",
        "/root",
        "/run",
        "/sbin",
        "/sys",
        "/usr",
        "/var/lib/containerd",
        "/var/lib/docker",
        "/var/run",
    ]),
};

const READ_ONLY_EXCEPTIONS: Parameter = Parameter {
    name: "read_only_exceptions",
    description: "Exact host paths that are not reported when mounted read-only (the time zone files many images bind).",
    default: ParameterDefault::List(&["/etc/localtime", "/etc/timezone"]),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG005",
    name: "sensitive-host-mount",
    summary: "Container bind-mounts a sensitive host directory",
    severity: Severity::High,
    parameters: &[PATHS, READ_ONLY_EXCEPTIONS],
    references: References {
        cis: &[CisRef::new(
            "5.6",
            "Ensure sensitive host system directories are not mounted on containers",
        )],
        nist: &["4.5.5"],
    },
    docs: Docs {
        what: "Fails once for each bind mount whose host source, normalised (`//`, `/./`, `..` and trailing slashes resolved lexically), is a directory of the `paths` parameter, lies under one (`/etc/ssl` is under `/etc`, `/etc-backup` is not), or contains one (`/var` contains `/var/lib/docker`). Mounts are read from the resolved top-level `Mounts[]` (entries of `Type` `bind`); when a document has none, from `HostConfig.Binds` (`src:dst[:opts]`, absolute sources only) and `HostConfig.Mounts` (`Type` `bind`). Only the host source matters: a named volume mounted at `/etc` in the container is not reported. Read-only mounts are reported at medium severity, writable ones at high; the exact paths in `read_only_exceptions` are skipped when read-only. A bind of a runtime socket file itself (`/var/run/docker.sock`, `/run/containerd/containerd.sock`, ...) is left to CFG007, which reports it as critical; a bind of the directory around it is reported by both rules. Beyond the CIS list (`/ /boot /dev /etc /lib /proc /sys /usr`) the default adds `/root` (root's keys and shell history), `/bin`, `/sbin`, `/lib32`, `/lib64` (host executables on distributions without merged `/usr`), `/run` and `/var/run` (daemon sockets and runtime state) and the engines' data roots `/var/lib/docker` and `/var/lib/containerd`. Host symbolic links cannot be seen in a document and are not followed.",
        why: "A writable bind of a host system directory lets the container change the host's configuration, binaries or kernel interfaces (a cron entry under `/etc`, a binary under `/usr`, a tunable under `/sys`): root in the container becomes root on the host. Even read-only, such mounts disclose credentials, keys and other containers' data.",
        remediation: Remediation {
            docker_run: "Remove the `-v /host/path:...` or `--mount type=bind,source=/host/path,...` flag; mount only the specific file the workload needs, read-only (`:ro`), or use a named volume.",
            compose: "Remove the bind from `volumes:`; bind a narrower path with `:ro` (or `read_only: true` in the long form), or use a named volume.",
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
    let mounts = container.all_mounts();
    if !mounts.iter().any(Mount::is_bind) {
        return;
    }
    let sensitive: Vec<Cow<str>> = ctx
        .list(&PATHS)
        .iter()
        .filter_map(|p| normalize_host_path(p))
        .collect();
    let exceptions: Vec<Cow<str>> = ctx
        .list(&READ_ONLY_EXCEPTIONS)
        .iter()
        .filter_map(|p| normalize_host_path(p))
        .collect();
    for mount in mounts {
        if !mount.is_bind() {
            continue;
        }
        let Some(source) = normalize_host_path(mount.source) else {
            continue;
        };
        if (!mount.writable && exceptions.contains(&source))
            || super::runtime_socket_mounted::is_runtime_socket_file(&source)
        {
            continue;
        }
        let Some(relation) = relation(&source, &sensitive) else {
            continue;
        };
        let access = if mount.writable {
            "read-write"
        } else {
            "read-only"
        };
        let finding = ctx
            .fail(
                mount.source_field(),
                format!(
                    "host path {source} ({relation}) is bind-mounted {access} at {}",
                    mount.destination
                ),
            )
            .evidence(evidence(&mount));
        if !mount.writable {
            finding.severity(Severity::Medium);
        }
    }
}

/// How `source` relates to the first sensitive directory it touches.
fn relation(source: &str, sensitive: &[Cow<str>]) -> Option<String> {
    let within = sensitive.iter().find(|dir| {
        if dir.as_ref() == "/" {
            source == "/"
        } else {
            path_is_within(source, dir)
        }
    });
    if let Some(dir) = within {
        return Some(if dir == source {
            "a sensitive directory".to_owned()
        } else {
            format!("under {dir}")
        });
    }
    sensitive
        .iter()
        .find(|dir| path_is_within(dir, source))
        .map(|dir| format!("contains {dir}"))
}

fn evidence(mount: &Mount<'_>) -> String {
    format!(
        "{} Source={} Destination={} RW={}",
        mount.origin_label(),
        mount.source,
        mount.destination,
        mount.writable
    )
}
