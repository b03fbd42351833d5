use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG044",
    name: "daemon-log-level-not-info",
    summary: "Docker daemon logs at a level other than info",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "2.3",
            "Ensure the logging level is set to 'info'",
        )],
        nist: &["4.4.4"],
    },
    docs: Docs {
        what: "Fails when docker info reports `Debug: true`, when daemon.json sets `\"debug\": true`, or when daemon.json sets `log-level` to anything but `info` (absent or empty means info). `missing_input` (daemon_config) when the bundle has neither a docker info that reports `Debug` nor a daemon.json.",
        why: "`debug` logs request bodies and internal state (noise that can include sensitive values), while `warn`, `error` and `fatal` drop the events an investigation needs; `info` is the level the benchmark expects.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flags are `dockerd --log-level=info` and no `--debug`/`-D`.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"log-level\": \"info\"}` in daemon.json and remove `\"debug\": true`, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let mut decided = false;
    if let Some(info) = &daemon.info
        && let Some(debug) = info.debug
    {
        decided = true;
        if debug {
            ctx.fail("/daemon_info/Debug", "the daemon runs in debug mode")
                .evidence("Debug=true");
        }
    }
    if let Some(config) = &daemon.config {
        decided = true;
        if config.debug == Some(true) && daemon.info.as_ref().is_none_or(|i| i.debug != Some(true))
        {
            ctx.fail("/daemon_config/debug", "daemon.json turns debug mode on")
                .evidence("debug=true");
        }
        if let Some(level) = config.log_level.as_deref() {
            let level = level.trim();
            if !level.is_empty() && !level.eq_ignore_ascii_case("info") {
                ctx.fail(
                    "/daemon_config/log-level",
                    format!("the daemon log level is `{level}`, not info"),
                )
                .evidence(format!("log-level={level}"));
            }
        }
    }
    if !decided {
        ctx.missing_input(
            DocumentKind::DaemonConfig,
            "the log level is set in daemon.json and the bundle has neither daemon.json nor a docker info that reports Debug",
        );
    }
}
