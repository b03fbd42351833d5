use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON006",
    name: "daemon-log-rotation-missing",
    summary: "The daemon's default json-file logs grow without rotation",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when the daemon's default logging driver is `json-file` (docker info `LoggingDriver`, else daemon.json `log-driver`, else dockerd's default, `json-file`) and daemon.json's `log-opts` has no `max-size` (or it is empty or `-1`, which mean unlimited). An absent daemon.json, stated as `{}`, is dockerd's defaults: no rotation. Passes for `local` (it rotates by default) and for drivers that hand logs elsewhere. `missing_input` (daemon_config) when the driver is `json-file` and the bundle holds no daemon.json. This is the one daemon setting behind `log-rotation-missing` (MON005) on every container created without `--log-opt max-size`: the daemon is told once here, each container there.",
        why: "With dockerd's defaults every container's json-file log grows until the disk under the data root is full, which stops every container and the daemon itself. Setting the limit once in daemon.json covers every container created afterwards.",
        remediation: Remediation {
            docker_run: "Not a container setting: per container, `--log-opt max-size=10m --log-opt max-file=3`; for all of them, configure the daemon.",
            compose: "Per service, `logging: {driver: json-file, options: {max-size: \"10m\", max-file: \"3\"}}`; for all of them, configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`\"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}` in daemon.json (or `\"log-driver\": \"local\"`), then restart dockerd; containers created afterwards get it, existing ones keep theirs until recreated.",
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
        .filter(|d| !d.is_empty());
    let config = daemon.config.as_ref();
    let from_config = config
        .and_then(|c| c.log_driver.as_deref())
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let driver = from_info.or(from_config).unwrap_or("json-file");
    if !driver.eq_ignore_ascii_case("json-file") {
        return;
    }
    let Some(config) = config else {
        ctx.missing_input(
            DocumentKind::DaemonConfig,
            "the daemon logs with json-file; whether it rotates is set by daemon.json's log-opts, and the bundle holds no daemon.json",
        );
        return;
    };
    let max_size = config
        .log_opts
        .as_ref()
        .and_then(|opts| opts.get("max-size"))
        .map(|v| match v {
            serde_json::Value::String(s) => s.trim().to_owned(),
            other => other.to_string(),
        });
    match max_size.as_deref() {
        Some(size) if !size.is_empty() && size != "-1" => {}
        Some(size) => {
            ctx.fail(
                "/daemon_config/log-opts/max-size",
                "the daemon's default json-file logs are unlimited (max-size means no limit): every container created without --log-opt max-size grows its log without bound",
            )
            .evidence(format!("log-opts max-size={size:?}"));
        }
        None => {
            ctx.fail(
                "/daemon_config",
                "the daemon's default json-file logs are never rotated: daemon.json sets no log-opts max-size, so every container created without --log-opt max-size grows its log without bound",
            )
            .evidence(format!("log-driver={driver}, no log-opts max-size"));
        }
    }
}
