use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG045",
    name: "iptables-management-disabled",
    summary: "Docker daemon is not allowed to manage iptables rules",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "2.4",
            "Ensure Docker is allowed to make changes to iptables",
        )],
        nist: &["4.3.3"],
    },
    docs: Docs {
        what: "Fails when daemon.json sets `\"iptables\": false`, or `\"ip6tables\": false` on a daemon with `\"ipv6\": true`. Absent keys are the default (on). `missing_input` (daemon_config) without daemon.json. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "With iptables management off, the daemon no longer installs the isolation and NAT rules that keep networks apart and published ports scoped; administrators then have to reproduce them by hand, and mistakes expose containers.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --iptables=true` (the default).",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "Remove `\"iptables\": false` (and `\"ip6tables\": false`) from daemon.json, then `systemctl restart docker`.",
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
        ctx.not_applicable(
            "iptables management is a Linux daemon setting and docker info shows a Windows daemon",
        );
        return;
    }
    let Some(config) = ctx.daemon_config(
        daemon,
        "iptables management is set in daemon.json, which the bundle does not hold",
    ) else {
        return;
    };
    if config.iptables == Some(false) {
        ctx.fail(
            "/daemon_config/iptables",
            "the daemon may not manage iptables rules",
        )
        .evidence("iptables=false");
    }
    if config.ip6tables == Some(false) && config.ipv6 == Some(true) {
        ctx.fail(
            "/daemon_config/ip6tables",
            "IPv6 is on but the daemon may not manage ip6tables rules",
        )
        .evidence("ipv6=true, ip6tables=false");
    }
}
