use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG013",
    name: "system-paths-unconfined",
    summary: "Container runs without the masked and read-only system paths",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails for a `systempaths=unconfined` entry in `HostConfig.SecurityOpt`, and, on a container that is not privileged, for `HostConfig.MaskedPaths` or `HostConfig.ReadonlyPaths` present as an empty list: the CLI turns `--security-opt systempaths=unconfined` into those empty lists, while the daemon fills in its defaults whenever they are not given. A `null` or missing list does not say anything about the container and passes. Privileged containers lose these paths anyway; CFG001 reports them.",
        why: "Docker masks `/proc/kcore`, `/proc/keys`, `/proc/timer_list`, `/sys/firmware` and others, and mounts `/proc/sys`, `/proc/sysrq-trigger`, `/proc/irq` and `/proc/bus` read-only. Without them the container can read kernel memory and keys, trigger SysRq on the host and write kernel tunables under `/proc/sys` that are not namespaced.",
        remediation: Remediation {
            docker_run: "Remove `--security-opt systempaths=unconfined`.",
            compose: "Remove `systempaths=unconfined` from `security_opt:`.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    for opt in container.security_options() {
        if opt.key.eq_ignore_ascii_case("systempaths")
            && opt
                .value
                .is_some_and(|v| v.eq_ignore_ascii_case("unconfined"))
        {
            ctx.fail(
                format!("/HostConfig/SecurityOpt/{}", opt.index),
                "security option systempaths=unconfined removes the masked and read-only paths",
            )
            .evidence(format!("SecurityOpt[{}]=systempaths=unconfined", opt.index));
        }
    }
    let host = &container.host_config;
    if host.privileged {
        return;
    }
    if host.masked_paths.as_ref().is_some_and(Vec::is_empty) {
        ctx.fail(
            "/HostConfig/MaskedPaths",
            "no paths are masked (/proc/kcore, /proc/keys, /sys/firmware, ... are visible)",
        )
        .evidence("MaskedPaths=[]");
    }
    if host.readonly_paths.as_ref().is_some_and(Vec::is_empty) {
        ctx.fail(
            "/HostConfig/ReadonlyPaths",
            "no paths are read-only (/proc/sys, /proc/sysrq-trigger, ... are writable)",
        )
        .evidence("ReadonlyPaths=[]");
    }
}
