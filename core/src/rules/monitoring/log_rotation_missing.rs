use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON005",
    name: "log-rotation-missing",
    summary: "The container's json-file logs grow without rotation",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.LogConfig.Type` is `json-file` and `LogConfig.Config` has no `max-size` (or it is empty or `-1`, which mean unlimited). The engine copies the daemon's `log-opts` into the container's `LogConfig.Config` when it creates the container, so a daemon-wide limit counts. The `local` driver rotates by default, other drivers hand logs elsewhere, and an empty type (the daemon's default, unknown from the container) passes here.",
        why: "A json-file log without a size limit grows until the disk under the Docker data root is full, which stops every container on the host and the daemon itself; a chatty or hostile container can cause it on purpose.",
        remediation: Remediation {
            docker_run: "Add `--log-opt max-size=10m --log-opt max-file=3`, or use `--log-driver local`, which rotates by default.",
            compose: "Set `logging: {driver: json-file, options: {max-size: \"10m\", max-file: \"3\"}}`, or `driver: local`.",
            dockerfile: None,
            daemon: Some(
                "Set `\"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}` in daemon.json (applies to containers created afterwards), or `\"log-driver\": \"local\"`.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let log = &container.host_config.log_config;
    if !log.r#type.trim().eq_ignore_ascii_case("json-file") {
        return;
    }
    let max_size = log.config.get("max-size").map(|v| v.trim());
    match max_size {
        Some(size) if !size.is_empty() && size != "-1" => {}
        other => {
            let shown = match other {
                None => "LogConfig.Config has no max-size".to_owned(),
                Some(size) => format!("max-size={size:?}"),
            };
            ctx.fail(
                "/HostConfig/LogConfig",
                "json-file logs have no size limit and are never rotated",
            )
            .evidence(format!("LogConfig.Type=\"json-file\", {shown}"));
        }
    }
}
