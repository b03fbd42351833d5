use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG022",
    name: "writable-root-filesystem",
    summary: "The container's root filesystem is writable",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.13",
            "Ensure that the container's root filesystem is mounted as read only",
        )],
        nist: &["4.4.3", "4.4.4"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.ReadonlyRootfs` is false, null or absent (no `--read-only`).",
        why: "A writable root filesystem lets an intruder change binaries and configuration inside the container and keep tools there; with a read-only root, writes are confined to the volumes and tmpfs mounts you declared, which also makes drift visible.",
        remediation: Remediation {
            docker_run: "Add `--read-only`, with `--tmpfs /tmp` (and a volume for each path the application must write).",
            compose: "Set `read_only: true`, with `tmpfs: [/tmp]` and `volumes:` for the writable paths.",
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
    match container.host_config.readonly_rootfs {
        Some(true) => {}
        Some(false) => {
            ctx.fail(
                "/HostConfig/ReadonlyRootfs",
                "container root filesystem is writable",
            )
            .evidence("ReadonlyRootfs=false");
        }
        None => {
            ctx.fail("/HostConfig", "container root filesystem is writable")
                .evidence("ReadonlyRootfs not set");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::context::run_container_check;

    #[test]
    fn absent_readonly_flag_is_writable() {
        let drafts = run_container_check(&RULE, r#"{"Id": "a", "HostConfig": {}}"#);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].field, "/HostConfig");
    }
}
