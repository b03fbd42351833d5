use crate::document::{DOCKER_DEFAULT_CAPABILITIES, normalize_capability};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG002",
    name: "added-capabilities",
    summary: "Container adds capabilities beyond Docker's default set",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.4",
            "Ensure that Linux kernel capabilities are restricted within containers",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails for each entry of `HostConfig.CapAdd` that is not one of Docker's 14 default capabilities (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), including `ALL`. Names are compared after normalisation, so `sys_admin`, `SYS_ADMIN` and `CAP_SYS_ADMIN` are the same capability. Re-adding a default capability (common after `--cap-drop ALL`) is not reported.",
        why: "Every capability beyond the default set gives root in the container a kernel privilege the default profile withholds; several (SYS_ADMIN, SYS_MODULE, DAC_READ_SEARCH, ...) are known container escapes. Rule CFG004 reports the most dangerous ones at a higher severity.",
        remediation: Remediation {
            docker_run: "Remove the `--cap-add` flags the workload does not need; prefer `--cap-drop ALL` plus `--cap-add` of only the required default capabilities.",
            compose: "Remove entries from `cap_add:`; prefer `cap_drop: [ALL]` with a minimal `cap_add:` list.",
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
    for (i, raw) in container.host_config.cap_add.iter().enumerate() {
        let name = normalize_capability(raw);
        if name.is_empty() || DOCKER_DEFAULT_CAPABILITIES.contains(&name.as_str()) {
            continue;
        }
        ctx.fail(
            format!("/HostConfig/CapAdd/{i}"),
            format!("container adds capability {name}, which is not in Docker's default set"),
        )
        .evidence(format!("CapAdd[{i}]={raw}"));
    }
}
