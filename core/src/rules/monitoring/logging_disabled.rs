use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON004",
    name: "logging-disabled",
    summary: "The container's output is not logged",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.4", "4.4.5"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.LogConfig.Type` is `none` (`--log-driver none`): the engine discards everything the container writes to stdout and stderr. An empty type means the daemon's default driver and passes.",
        why: "Container output is often the only record of what a workload did; with logging off, attacks, crashes and misuse leave no trace to detect or investigate.",
        remediation: Remediation {
            docker_run: "Remove `--log-driver none`, or choose a driver that keeps logs (`--log-driver local`, `journald`, `fluentd`, `syslog`).",
            compose: "Remove `logging: {driver: none}` or set `logging.driver` to a driver that keeps logs.",
            dockerfile: None,
            daemon: Some(
                "Set `\"log-driver\"` in daemon.json to a driver that keeps logs (`local`, `journald`, or a central collector).",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let driver = container.host_config.log_config.r#type.trim();
    if driver.eq_ignore_ascii_case("none") {
        ctx.fail(
            "/HostConfig/LogConfig/Type",
            "container logging is disabled (log driver `none`)",
        )
        .evidence(format!("LogConfig.Type={driver:?}"));
    }
}
