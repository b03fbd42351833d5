use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG008",
    name: "host-network-mode",
    summary: "Container shares the host's network namespace",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.10",
            "Ensure that the host's network namespace is not shared",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.NetworkMode` is `host` (any case). `bridge`, `none`, `default`, custom networks and `container:<id>` pass.",
        why: "With the host's network namespace the container sees and can bind every host interface, reaches services listening on the host's loopback (daemon APIs, metadata proxies, databases bound to 127.0.0.1), bypasses the per-container firewall rules and, with NET_ADMIN or NET_RAW, can sniff or rewrite host traffic.",
        remediation: Remediation {
            docker_run: "Remove `--network host`; publish the needed ports with `-p` on a bridge or user-defined network.",
            compose: "Remove `network_mode: host`; use `ports:` and a project network.",
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
    let mode = container.host_config.network_mode.trim();
    if mode.eq_ignore_ascii_case("host") {
        ctx.fail(
            "/HostConfig/NetworkMode",
            "container uses the host's network namespace",
        )
        .evidence(format!("NetworkMode={mode}"));
    }
}
