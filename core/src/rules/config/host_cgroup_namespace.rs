use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG012",
    name: "host-cgroup-namespace",
    summary: "Container shares the host's cgroup namespace",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.CgroupnsMode` is `host` (any case) and that is the container's own choice. `private` passes. The daemon's default is not the container's: Engine 20.10 on a cgroup v1 host writes `host` into every container it creates, and older engines know only `host` (and leave the field empty). So when the bundle's daemon documents show that the default is `host` (docker info without the `name=cgroupns` security option, `CgroupVersion` `1`, an engine before 20.10, or daemon.json's `default-cgroupns-mode: host`), a `host` or empty value is not applicable here and default-cgroup-namespace-host reports the daemon once. When they show a `private` default, `host` was asked for and fails at medium. Without a daemon document that decides, an explicit `host` cannot be told apart from a cgroup v1 default: it still fails, at low severity, and the message says it may be the daemon's default (add docker info to the bundle to decide). An empty value passes then: it is the daemon default, unknown.",
        why: "In the host's cgroup namespace the container's `/proc/self/cgroup` and a mounted cgroupfs show the host's whole cgroup hierarchy, which leaks host layout and, wherever cgroupfs is writable (privileged or SYS_ADMIN), is the ground of the cgroup v1 `release_agent` escape.",
        remediation: Remediation {
            docker_run: "Remove `--cgroupns host` (or set `--cgroupns private`).",
            compose: "Remove `cgroup: host` (or set `cgroup: private`).",
            dockerfile: None,
            daemon: Some(
                "Set `\"default-cgroupns-mode\": \"private\"` so containers that do not choose get a private cgroup namespace.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let mode = container.host_config.cgroupns_mode.trim();
    let explicit_host = mode.eq_ignore_ascii_case("host");
    if !explicit_host && !mode.is_empty() {
        return;
    }
    let default = ctx
        .bundle()
        .daemon()
        .filter(|d| d.product() == Product::Docker)
        .and_then(Daemon::default_cgroupns);
    match default {
        Some(default) if default.host => ctx.not_applicable(
            "the daemon's default cgroup namespace is the host's (a cgroup v1 host or an engine before 20.10 writes `host` into every container): reported once on the daemon by default-cgroup-namespace-host",
        ),
        Some(_) if explicit_host => {
            ctx.fail(
                "/HostConfig/CgroupnsMode",
                "container uses the host's cgroup namespace (the daemon's default is private, so it was asked for)",
            )
            .evidence(format!("CgroupnsMode={mode}"));
        }
        None if explicit_host => {
            ctx.fail(
                "/HostConfig/CgroupnsMode",
                "container uses the host's cgroup namespace; this may be the daemon's default (Engine 20.10 on cgroup v1 writes `host` into every container), which docker info would tell",
            )
            .severity(Severity::Low)
            .evidence(format!("CgroupnsMode={mode}; no docker info to tell the daemon's default"));
        }
        _ => {}
    }
}
