use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG058",
    name: "experimental-features-enabled",
    summary: "Docker daemon has experimental features turned on",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.18",
            v1_8: Some("2.19"),
            title: "Ensure that experimental features are not implemented in production",
            decides: true,
        }],
        nist: &["4.4.1"],
    },
    docs: Docs {
        what: "Fails when docker info `ExperimentalBuild`, docker version `Server.Experimental` or daemon.json `experimental` is true (the first of these the bundle holds decides). `missing_input` (daemon_info) without any. docker-bench-security stopped checking this after Engine 19.03; the recommendation still applies.",
        why: "Experimental features are unfinished code paths outside the engine's stability and security guarantees.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove `--experimental` from the dockerd command line.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "Remove `\"experimental\": true` from daemon.json, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let decided = daemon
        .info
        .as_ref()
        .and_then(|i| i.experimental_build)
        .map(|on| (on, "/daemon_info/ExperimentalBuild"))
        .or_else(|| {
            daemon
                .version
                .as_ref()
                .and_then(|v| v.experimental)
                .map(|on| (on, "/daemon_version/Experimental"))
        })
        .or_else(|| {
            daemon
                .config
                .as_ref()
                .map(|c| (c.experimental == Some(true), "/daemon_config/experimental"))
        });
    match decided {
        Some((true, field)) => {
            ctx.fail(field, "experimental features are on")
                .evidence("experimental=true");
        }
        Some((false, _)) => {}
        None => ctx.missing_input(
            DocumentKind::DaemonInfo,
            "experimental mode is reported by docker info or docker version, or set in daemon.json, and the bundle has none of them",
        ),
    }
}
