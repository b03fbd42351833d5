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
        what: "Fails when `HostConfig.CgroupnsMode` is `host` (any case). `private` passes. An empty value also passes: it means the daemon's `default-cgroupns-mode`, which is `private` on cgroup v2 hosts and `host` on cgroup v1 hosts and on engines before 20.10. The inspect document does not say which applies, so only an explicit `host` is reported; check the daemon's `default-cgroupns-mode` and `CgroupVersion` in `docker info` for the rest.",
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
    if mode.eq_ignore_ascii_case("host") {
        ctx.fail(
            "/HostConfig/CgroupnsMode",
            "container uses the host's cgroup namespace",
        )
        .evidence(format!("CgroupnsMode={mode}"));
    }
}
