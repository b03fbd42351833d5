use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG001",
    name: "privileged-container",
    summary: "Container runs in privileged mode",
    severity: Severity::Critical,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.5",
            "Ensure that privileged containers are not used",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.Privileged` is true (`docker run --privileged`, compose `privileged: true`).",
        why: "A privileged container gets every capability, every host device, no seccomp filter, no AppArmor or SELinux confinement and writable `/sys`: root in the container is root on the host.",
        remediation: Remediation {
            docker_run: "Remove `--privileged`; add only the capabilities the workload needs with `--cap-add` and the devices with `--device`.",
            compose: "Remove `privileged: true`; use `cap_add:` and `devices:` for what is really needed.",
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
    if container.host_config.privileged {
        ctx.fail("/HostConfig/Privileged", "container runs with --privileged")
            .evidence("Privileged=true");
    }
}
