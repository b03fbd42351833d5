use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG056",
    name: "userland-proxy-enabled",
    summary: "Docker daemon forwards published ports through the userland proxy",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.16",
            v1_8: Some("2.17"),
            title: "Ensure Userland Proxy is Disabled",
            decides: true,
        }],
        nist: &["4.4.2"],
    },
    docs: Docs {
        what: "Fails when daemon.json does not set `\"userland-proxy\": false` (the default is true). `missing_input` (daemon_config) without daemon.json; docker info does not report it. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "The userland proxy is one `docker-proxy` process per published port, extra attack surface that hairpin NAT makes unnecessary on current kernels.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --userland-proxy=false`.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"userland-proxy\": false}` in daemon.json, then `systemctl restart docker`.",
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
        ctx.not_applicable("the userland proxy setting is a Linux daemon setting and docker info shows a Windows daemon");
        return;
    }
    let Some(config) = ctx.daemon_config(
        daemon,
        "the userland proxy is set in daemon.json, which the bundle does not hold",
    ) else {
        return;
    };
    match config.userland_proxy {
        Some(false) => {}
        Some(true) => {
            ctx.fail("/daemon_config/userland-proxy", "the userland proxy is on")
                .evidence("userland-proxy=true");
        }
        None => {
            ctx.fail(
                "/daemon_config",
                "daemon.json does not turn the userland proxy off",
            )
            .evidence("userland-proxy not set (default true)");
        }
    }
}
