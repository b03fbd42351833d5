use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG047",
    name: "obsolete-storage-driver",
    summary: "Docker daemon uses the aufs or devicemapper storage driver",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new("2.6", "Ensure aufs storage driver is not used")],
        nist: &["4.4.1"],
    },
    docs: Docs {
        what: "Fails when the storage driver (docker info `Driver`, else daemon.json `storage-driver`) is `aufs` (CIS 2.6) or `devicemapper` (CIS v1.8.0 2.7, \"Ensure devicemapper storage driver is not used\", new in v1.8). A daemon.json without `storage-driver` (or an absent one, stated as `{}`) passes: dockerd then chooses the driver itself, preferring overlay2 to aufs and devicemapper since Engine 18.03 (btrfs and zfs come first, on those filesystems), and has neither since 25.0; an older engine on a kernel without overlay support may still end up on devicemapper, which only docker info `Driver` shows. `missing_input` (daemon_info) without docker info or daemon.json.",
        why: "aufs and devicemapper are unmaintained: aufs was removed in Engine 24.0 and devicemapper in 25.0, so a host still using them runs an old engine and a storage driver with known kernel crashes and no security fixes.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --storage-driver=overlay2`.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"storage-driver\": \"overlay2\"}` in daemon.json (images and containers must be re-pulled or migrated), then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let from_info = daemon
        .info
        .as_ref()
        .map(|i| i.driver.trim())
        .filter(|d| !d.is_empty())
        .map(|d| (d, "/daemon_info/Driver"));
    let from_config = daemon
        .config
        .as_ref()
        .and_then(|c| c.storage_driver.as_deref())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| (d, "/daemon_config/storage-driver"));
    let Some((driver, field)) = from_info.or(from_config) else {
        // A daemon.json without storage-driver (or an absent one, stated as `{}`) leaves the
        // choice to dockerd, whose automatic choice prefers overlay2 to both.
        if daemon.config.is_some() {
            return;
        }
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the storage driver is reported by docker info (Driver), and the bundle has no document that names it",
        );
        return;
    };
    let lower = driver.to_ascii_lowercase();
    if lower == "aufs" || lower == "devicemapper" {
        ctx.fail(
            field,
            format!("the daemon uses the obsolete {lower} storage driver"),
        )
        .evidence(format!("storage driver={driver}"));
    }
}
