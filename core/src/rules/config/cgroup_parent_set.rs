use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG051",
    name: "cgroup-parent-set",
    summary: "Docker daemon places containers under a non-default parent cgroup (confirm it)",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.10",
            v1_8: Some("2.11"),
            title: "Ensure the default cgroup usage has been confirmed",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reports (severity info) a daemon.json with a non-empty `cgroup-parent`, for the operator to confirm that the parent cgroup's limits are intended; an absent or empty value passes. `missing_input` (daemon_config) without daemon.json (docker info does not report it).",
        why: "The parent cgroup bounds every container's CPU, memory and PIDs together; a wrong parent can remove those bounds or starve other services.",
        remediation: Remediation {
            docker_run: "Per container: `--cgroup-parent`; daemon-wide: `dockerd --cgroup-parent`.",
            compose: "Per service: `cgroup_parent:`.",
            dockerfile: None,
            daemon: Some(
                "Remove `\"cgroup-parent\"` from daemon.json to use the default (`/docker` or `system.slice`), or keep it after confirming the parent's limits.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.daemon_config(
        daemon,
        "cgroup-parent is set in daemon.json, which the bundle does not hold",
    ) else {
        return;
    };
    if let Some(parent) = config.cgroup_parent.as_deref().map(str::trim)
        && !parent.is_empty()
    {
        ctx.fail(
            "/daemon_config/cgroup-parent",
            format!("containers are placed under cgroup `{parent}`; confirm its limits"),
        )
        .evidence(format!("cgroup-parent={parent}"));
    }
}
