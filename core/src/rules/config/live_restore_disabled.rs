use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG055",
    name: "live-restore-disabled",
    summary: "Containers stop when the Docker daemon stops (live restore is off)",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.15",
            v1_8: Some("2.16"),
            title: "Ensure live restore is enabled",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when docker info `LiveRestoreEnabled` is false, or, without docker info, when daemon.json lacks `\"live-restore\": true`. Not applicable on an active swarm node, where dockerd refuses live restore. `missing_input` (daemon_info) without either document. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "Without live restore, upgrading or restarting the daemon kills every container, which pushes operators to postpone engine security updates.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --live-restore`.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"live-restore\": true}` in daemon.json, then `systemctl reload docker` (live restore can be turned on with a reload).",
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
            "live restore is a Linux daemon setting and docker info shows a Windows daemon",
        );
        return;
    }
    if let Some(swarm) = daemon.info.as_ref().and_then(|i| i.swarm.as_ref())
        && swarm.local_node_state.eq_ignore_ascii_case("active")
    {
        ctx.not_applicable("live restore is incompatible with swarm mode, which is active");
        return;
    }
    if let Some(enabled) = daemon.info.as_ref().and_then(|i| i.live_restore_enabled) {
        if !enabled {
            ctx.fail("/daemon_info/LiveRestoreEnabled", "live restore is off")
                .evidence("LiveRestoreEnabled=false");
        }
        return;
    }
    if let Some(config) = &daemon.config {
        match config.live_restore {
            Some(true) => {}
            Some(false) => {
                ctx.fail("/daemon_config/live-restore", "live restore is off")
                    .evidence("live-restore=false");
            }
            None => {
                ctx.fail(
                    "/daemon_config",
                    "daemon.json does not turn live restore on",
                )
                .evidence("live-restore not set (default false)");
            }
        }
        return;
    }
    ctx.missing_input(
        DocumentKind::DaemonInfo,
        "live restore is reported by docker info (LiveRestoreEnabled) or set in daemon.json, and the bundle has neither",
    );
}
