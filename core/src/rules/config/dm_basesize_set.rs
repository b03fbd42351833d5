use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG052",
    name: "dm-basesize-set",
    summary: "Docker daemon changes the devicemapper base device size",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.11",
            v1_8: Some("2.12"),
            title: "Ensure base device size is not changed until needed",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when daemon.json `storage-opts` has a `dm.basesize=` entry. `missing_input` (daemon_config) without daemon.json. devicemapper was removed in Engine 25.0, so on current engines the option is dead configuration (CFG047 reports the driver itself).",
        why: "A larger base device lets every container grow its root filesystem further, so one container can fill the thin pool that all containers share.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove `--storage-opt dm.basesize` from the dockerd command line.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "Remove `dm.basesize=…` from `\"storage-opts\"` in daemon.json, then `systemctl restart docker`.",
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
        "storage options are set in daemon.json, which the bundle does not hold",
    ) else {
        return;
    };
    for (i, opt) in config.storage_opts.iter().flatten().enumerate() {
        if opt.trim().to_ascii_lowercase().starts_with("dm.basesize") {
            ctx.fail(
                format!("/daemon_config/storage-opts/{i}"),
                "the devicemapper base device size is changed",
            )
            .evidence(format!("storage-opts[{i}]={}", opt.trim()));
        }
    }
}
