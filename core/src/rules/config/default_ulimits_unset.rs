use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG049",
    name: "default-ulimits-unset",
    summary: "Docker daemon sets no default ulimits for containers",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.8",
            v1_8: Some("2.9"),
            title: "Ensure the default ulimit is configured appropriately",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reports (severity info) a daemon.json without `default-ulimits` or with an empty map; a daemon.json that sets them passes. `missing_input` (daemon_config) without daemon.json. What limits are appropriate is the operator's call, which is why this is informational.",
        why: "Without daemon-wide limits containers inherit the daemon's (often very high) limits on open files and processes, so one container can exhaust them for the whole host.",
        remediation: Remediation {
            docker_run: "Per container: `--ulimit nofile=1024:4096 --ulimit nproc=512`; daemon-wide: `dockerd --default-ulimit nofile=1024:4096`.",
            compose: "Per service: `ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: 512}`.",
            dockerfile: None,
            daemon: Some(
                "`{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Soft\": 1024, \"Hard\": 4096}}}` in daemon.json, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.daemon_config(
        daemon,
        "default ulimits are set in daemon.json, which the bundle does not hold",
    ) else {
        return;
    };
    match &config.default_ulimits {
        Some(limits) if !limits.is_empty() => {}
        Some(_) => {
            ctx.fail(
                "/daemon_config/default-ulimits",
                "daemon.json sets an empty default-ulimits map",
            )
            .evidence("default-ulimits={}");
        }
        None => {
            ctx.fail("/daemon_config", "daemon.json sets no default-ulimits")
                .evidence("default-ulimits not set");
        }
    }
}
