use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON010",
    name: "host-local-log-driver",
    summary: "Container logs stay on the host (no centralised logging driver)",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.13",
            v1_8: Some("2.14"),
            title: "Ensure centralized and remote logging is configured",
            decides: true,
        }],
        nist: &["4.4.4", "4.4.5"],
    },
    docs: Docs {
        what: "Reads the daemon's default logging driver (docker info `LoggingDriver`, else daemon.json `log-driver`, whose absence means `json-file`). Fails for the host-local drivers `json-file`, `local` and `none`; `journald` is host-local too but commonly forwarded by the host, so it is reported with severity info. Remote drivers (`syslog`, `fluentd`, `gelf`, `awslogs`, `gcplogs`, `splunk`, `loki`, ...) pass. `missing_input` (daemon_info) without either document.",
        why: "Logs that only exist on the host disappear with it and can be erased by whoever compromises it; centralised logs survive for detection and investigation.",
        remediation: Remediation {
            docker_run: "Per container: `--log-driver=syslog --log-opt syslog-address=tcp://logs.example:514`; daemon-wide: `dockerd --log-driver`.",
            compose: "Per service: `logging: {driver: syslog, options: {syslog-address: \"tcp://logs.example:514\"}}`.",
            dockerfile: None,
            daemon: Some(
                "`{\"log-driver\": \"syslog\", \"log-opts\": {\"syslog-address\": \"tcp://logs.example:514\"}}` in daemon.json (or fluentd, gelf, ...), then `systemctl restart docker`; alternatively ship json-file logs with a host agent and waive this rule.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let from_info = daemon
        .info
        .as_ref()
        .map(|i| i.logging_driver.trim())
        .filter(|d| !d.is_empty())
        .map(|d| (d, "/daemon_info/LoggingDriver"));
    let from_config =
        daemon
            .config
            .as_ref()
            .map(|c| match c.log_driver.as_deref().map(str::trim) {
                Some(d) if !d.is_empty() => (d, "/daemon_config/log-driver"),
                _ => ("json-file", "/daemon_config"),
            });
    let Some((driver, field)) = from_info.or(from_config) else {
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the default logging driver is reported by docker info (LoggingDriver) or set in daemon.json, and the bundle has neither",
        );
        return;
    };
    let lower = driver.to_ascii_lowercase();
    match lower.as_str() {
        "json-file" | "local" | "none" | "k8s-file" => {
            ctx.fail(
                field,
                format!("the default logging driver `{driver}` keeps logs on the host only"),
            )
            .evidence(format!("logging driver={driver}"));
        }
        "journald" => {
            ctx.fail(
                field,
                "the default logging driver journald keeps logs on the host unless the journal is forwarded",
            )
            .evidence("logging driver=journald")
            .severity(Severity::Info);
        }
        _ => {}
    }
}
