use crate::document::MountFact;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG073",
    name: "data-root-on-shared-partition",
    summary: "Docker's data root is not on a partition of its own",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "1.1.1",
            "Ensure a separate partition for containers has been created",
        )],
        nist: &["4.5.5"],
    },
    docs: Docs {
        what: "Finds the daemon's data root: docker info `DockerRootDir` (what the running daemon uses) when the bundle has docker info, else daemon.json `data-root`, else dockerd's default `/var/lib/docker`. With user namespace remapping, docker info reports the `<uid>.<gid>` directory below the data root, so its parent is checked. Passes when the host facts' `mounts` hold a mount whose mount point is exactly that path (trailing slashes ignored) and whose source is not the device of the filesystem it is mounted on (a bind mount of `/dev/vda1` onto `/var/lib/docker` from the `/dev/vda1` root filesystem is the same partition). Fails otherwise, naming the mount that holds the data root (the longest listed mount point above it). `missing_input` (host_facts) when the host facts hold no `mounts`; a bundle without host facts runs no host rule.",
        why: "Images, container layers, volumes and json-file logs all grow under the data root. On the root filesystem, one container writing without bound (or a pull of large images) fills `/` and takes down the daemon, journald and sshd with it; on its own partition the damage stops at Docker.",
        remediation: Remediation {
            docker_run: "Not a container setting: create a partition or logical volume, mount it at the data root (an `/etc/fstab` line such as `/dev/vdb1 /var/lib/docker ext4 defaults 0 2`) with the daemon stopped, and move the old contents onto it.",
            compose: "Not a compose setting: give the daemon's data root a partition of its own on the host.",
            dockerfile: None,
            daemon: Some(
                "Mount the new partition at the data root, or point `\"data-root\": \"/srv/docker\"` in daemon.json at a directory that is the mount point of one, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

/// dockerd's data root when neither docker info nor daemon.json names one.
const DEFAULT_DATA_ROOT: &str = "/var/lib/docker";

/// `path` without trailing slashes (`/` stays `/`).
fn normalized(path: &str) -> &str {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() { "/" } else { trimmed }
}

/// Whether the directory `outer` holds `path` (or is it).
fn holds(outer: &str, path: &str) -> bool {
    outer == "/"
        || outer == path
        || path
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The data root and where it was read from. docker info reports the `<uid>.<gid>`
/// directory of a remapped root; the partition question is about the data root above it.
fn data_root(daemon: Option<&Daemon>) -> (String, &'static str) {
    let from_info = daemon.and_then(|d| d.info.as_ref()).and_then(|info| {
        let dir = normalized(&info.docker_root_dir);
        if info.docker_root_dir.trim().is_empty() {
            return None;
        }
        let remapped = matches!(info.security_option("userns"), Some(Some(_)));
        let parent = dir.rsplit_once('/').and_then(|(parent, last)| {
            let ids = last.split_once('.')?;
            let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            (numeric(ids.0) && numeric(ids.1)).then_some(normalized(parent))
        });
        Some(match parent {
            Some(parent) if remapped => (parent.to_owned(), "docker info DockerRootDir"),
            _ => (dir.to_owned(), "docker info DockerRootDir"),
        })
    });
    let from_config = || {
        daemon
            .and_then(|d| d.config.as_ref())
            .and_then(|c| c.data_root.as_deref())
            .filter(|p| !p.trim().is_empty())
            .map(|p| (normalized(p).to_owned(), "daemon.json data-root"))
    };
    from_info
        .or_else(from_config)
        .unwrap_or_else(|| (DEFAULT_DATA_ROOT.to_owned(), "dockerd's default"))
}

/// The mount that holds `path`: the last-listed (topmost) mount with the longest mount point
/// at or above it, with its index, excluding the mount at index `skip`.
fn holding_mount<'a>(
    mounts: &'a [MountFact],
    path: &str,
    skip: Option<usize>,
) -> Option<(usize, &'a MountFact)> {
    mounts
        .iter()
        .enumerate()
        .filter(|(i, m)| Some(*i) != skip && holds(normalized(&m.mount_point), path))
        .max_by_key(|(i, m)| (normalized(&m.mount_point).len(), *i))
}

/// `/ (/dev/vda1)`, or just `/` when the source is unknown.
fn described(mount: &MountFact) -> String {
    let point = normalized(&mount.mount_point);
    match mount.source.as_deref().map(str::trim) {
        Some(source) if !source.is_empty() => format!("{point} filesystem ({source})"),
        _ => format!("{point} filesystem"),
    }
}

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    let Some(mounts) = &facts.mounts else {
        ctx.missing_input(
            DocumentKind::HostFacts,
            "the host facts hold no mounts (collect them from /proc/self/mountinfo)",
        );
        return;
    };
    let (root, from) = data_root(ctx.bundle().daemon());
    let own = mounts
        .iter()
        .enumerate()
        .rev()
        .find(|(_, m)| normalized(&m.mount_point) == root);
    if let Some((index, mount)) = own {
        // A bind mount of the device that already holds the parent directory is a mount
        // point, but not a partition of its own.
        let parent = root.rsplit_once('/').map_or("/", |(p, _)| normalized(p));
        let shared = holding_mount(mounts, parent, Some(index)).filter(|(_, outer)| {
            let device = |m: &MountFact| {
                m.source
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| s.starts_with("/dev/"))
                    .map(str::to_owned)
            };
            device(mount).is_some() && device(mount) == device(outer)
        });
        if let Some((_, outer)) = shared {
            let source = mount.source.as_deref().unwrap_or_default().trim();
            ctx.fail(
                format!("/mounts/{index}"),
                format!(
                    "{root} is mounted from {source}, the device of the {} filesystem, not a partition of its own",
                    normalized(&outer.mount_point)
                ),
            )
            .evidence(format!(
                "data root {root} ({from}); mounted from {source}, as is {}",
                normalized(&outer.mount_point)
            ));
        }
        return;
    }
    match holding_mount(mounts, &root, None) {
        Some((index, outer)) => {
            ctx.fail(
                format!("/mounts/{index}"),
                format!(
                    "{root} is on the {}, not a partition of its own",
                    described(outer)
                ),
            )
            .evidence(format!(
                "data root {root} ({from}); nearest mount point {}",
                normalized(&outer.mount_point)
            ));
        }
        None => {
            ctx.fail(
                "/mounts",
                format!("{root} is not a mount point: no listed mount holds it"),
            )
            .evidence(format!(
                "data root {root} ({from}); {} mounts listed",
                mounts.len()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{holds, normalized};

    #[test]
    fn paths_compare_by_component() {
        assert_eq!(normalized("/var/lib/docker/"), "/var/lib/docker");
        assert_eq!(normalized("///"), "/");
        assert!(holds("/", "/var/lib/docker"));
        assert!(holds("/var", "/var/lib/docker"));
        assert!(holds("/var/lib/docker", "/var/lib/docker"));
        assert!(!holds("/var/lib/dock", "/var/lib/docker"));
        assert!(!holds("/var/lib/docker/overlay2", "/var/lib/docker"));
    }
}
