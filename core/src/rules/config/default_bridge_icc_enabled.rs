use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG043",
    name: "default-bridge-icc-enabled",
    summary: "Containers on the default bridge can reach each other (icc is on)",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "2.2",
            "Ensure network traffic is restricted between containers on the default bridge",
        )],
        nist: &["4.3.3"],
    },
    docs: Docs {
        what: "Fails when daemon.json has no `\"icc\": false` (the default is true). `missing_input` (daemon_config) when the bundle has no daemon.json; a `--icc=false` given on the dockerd command line instead is not visible in any document hullcheck reads, so put the setting in daemon.json. Only the default bridge is affected: user-defined networks have their own `com.docker.network.bridge.enable_icc` option. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "With icc on, every container on docker0 can open any port of every other container on it, so one compromised container can attack the rest.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --icc=false`; attach containers that must talk to each other to a user-defined network (`docker network create app`, `--network app`).",
            compose: "Compose puts services on a project network, not docker0; for containers on the default bridge set icc on the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"icc\": false}` in /etc/docker/daemon.json, then `systemctl restart docker`.",
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
        ctx.not_applicable("icc is a Linux daemon setting and docker info shows a Windows daemon");
        return;
    }
    let Some(config) = ctx.daemon_config(daemon, "icc is set in daemon.json (docker info does not report it), and the bundle has no daemon.json") else {
        return;
    };
    match config.icc {
        Some(false) => {}
        Some(true) => {
            ctx.fail(
                "/daemon_config/icc",
                "inter-container communication on the default bridge is on",
            )
            .evidence("icc=true");
        }
        None => {
            ctx.fail(
                "/daemon_config",
                "daemon.json does not set icc, so inter-container communication on the default bridge is on",
            )
            .evidence("icc not set (default true)");
        }
    }
}
