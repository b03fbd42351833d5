use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG009",
    name: "host-pid-namespace",
    summary: "Container shares the host's process namespace",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.16",
            "Ensure that the host's process namespace is not shared",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.PidMode` is `host` (any case). An empty value (a private namespace) passes; `container:<id>` shares another container's namespace, not the host's, and passes here.",
        why: "In the host's PID namespace the container sees every host process with its command line and environment under `/proc`, can signal processes of the same user, and with SYS_PTRACE can attach to them: a short path to host code execution.",
        remediation: Remediation {
            docker_run: "Remove `--pid host`.",
            compose: "Remove `pid: host`.",
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
    let mode = container.host_config.pid_mode.trim();
    if mode.eq_ignore_ascii_case("host") {
        ctx.fail(
            "/HostConfig/PidMode",
            "container uses the host's process namespace",
        )
        .evidence(format!("PidMode={mode}"));
    }
}
