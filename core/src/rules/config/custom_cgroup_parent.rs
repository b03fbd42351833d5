use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG025",
    name: "custom-cgroup-parent",
    summary: "The container runs under a custom parent cgroup; confirm it is intended",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef::new("5.25", "Ensure that cgroup usage is confirmed")],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reports `HostConfig.CgroupParent` when it is not empty (`--cgroup-parent`). Informational: orchestrators (cri-dockerd for Kubernetes, Nomad) set it legitimately, and rootless podman reports its systemd slice (`user.slice/...`) for every container.",
        why: "The parent cgroup decides which resource limits and accounting apply to the container. A container placed under an unexpected parent can escape the limits meant for it or share them with unrelated workloads.",
        remediation: Remediation {
            docker_run: "Remove `--cgroup-parent` unless the container must run under that cgroup; confirm the parent's limits when it must.",
            compose: "Remove `cgroup_parent:` unless it is intended.",
            dockerfile: None,
            daemon: Some(
                "Set a host-wide parent with daemon.json `cgroup-parent` instead of per container, if one is needed.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let parent = container.host_config.cgroup_parent.trim();
    if !parent.is_empty() {
        ctx.fail(
            "/HostConfig/CgroupParent",
            format!("container runs under the custom parent cgroup {parent:?}"),
        )
        .evidence(format!("CgroupParent={parent:?}"));
    }
}
