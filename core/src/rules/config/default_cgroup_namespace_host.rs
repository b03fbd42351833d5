use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG064",
    name: "default-cgroup-namespace-host",
    summary: "The daemon runs containers in the host's cgroup namespace unless they choose otherwise",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails once per daemon whose default cgroup namespace mode is `host`. From Engine 20.10 docker info lists the `name=cgroupns` security option exactly when the default is `private`, so its absence fails whatever set the mode. Without that list, daemon.json's `default-cgroupns-mode` decides; without that key, an engine before 20.10 (where `host` is the only mode) fails, and from 20.10 docker info's `CgroupVersion` decides (`1`: the default is `host`; `2`: `private`). `missing_input` (daemon_info) when no document decides; not applicable to Windows daemons and Podman (whose default is set in containers.conf). Containers whose `host` mode is this default are left to this rule by host-cgroup-namespace, so the default is reported once, here.",
        why: "On such a daemon every container that does not ask for `--cgroupns private` sees the host's whole cgroup hierarchy in `/proc/self/cgroup` and any mounted cgroupfs, which leaks host layout and, wherever cgroupfs is writable (privileged or SYS_ADMIN), is the ground of the cgroup v1 `release_agent` escape. Engine 20.10 on cgroup v1 writes `CgroupnsMode: host` into every container it creates.",
        remediation: Remediation {
            docker_run: "Per container: `--cgroupns private`; for every container, change the daemon (see daemon.json).",
            compose: "Per service: `cgroup: private`; for every service, change the daemon.",
            dockerfile: None,
            daemon: Some(
                "Move the host to cgroup v2, where the default is `private` (the default of current distributions; on systemd hosts `systemd.unified_cgroup_hierarchy=1` on the kernel command line), or set `\"default-cgroupns-mode\": \"private\"` in daemon.json, which cgroup v1 hosts support from Engine 20.10; then `systemctl restart docker`. Existing containers keep their mode until they are re-created.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if daemon.is_windows() {
        ctx.not_applicable("Windows daemons have no cgroup namespaces");
        return;
    }
    if daemon.product() == Product::Podman {
        ctx.not_applicable(
            "Podman sets the default cgroup namespace in containers.conf, not in the daemon documents",
        );
        return;
    }
    match daemon.default_cgroupns() {
        Some(default) if default.host => {
            ctx.fail(
                default.field.clone(),
                "the daemon runs every container in the host's cgroup namespace unless it asks for a private one",
            )
            .evidence(default.reason);
        }
        Some(_) => {}
        None => ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the default cgroup namespace mode is shown by docker info (its security options, or CgroupVersion) or set in daemon.json, and the bundle decides neither",
        ),
    }
}
