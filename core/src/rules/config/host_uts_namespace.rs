use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG011",
    name: "host-uts-namespace",
    summary: "Container shares the host's UTS namespace",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.21",
            "Ensure that the host's UTS namespace is not shared",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.UTSMode` is `host` (any case); an empty value (a private namespace) passes.",
        why: "In the host's UTS namespace a container with SYS_ADMIN can change the host's hostname and NIS domain name, which other host services and logs rely on; even without it the container learns host identity it has no need for.",
        remediation: Remediation {
            docker_run: "Remove `--uts host`; set a name with `--hostname` if the workload needs one.",
            compose: "Remove `uts: host`; use `hostname:` instead.",
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
    let mode = container.host_config.uts_mode.trim();
    if mode.eq_ignore_ascii_case("host") {
        ctx.fail(
            "/HostConfig/UTSMode",
            "container uses the host's UTS namespace",
        )
        .evidence(format!("UTSMode={mode}"));
    }
}
