use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG021",
    name: "pids-unlimited",
    summary: "The number of processes in the container is not limited",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.29",
            "Ensure that the PIDs cgroup limit is used",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.PidsLimit` is null, absent, 0 or negative (-1): the engine sets no PIDs limit. A positive limit passes.",
        why: "Without a PIDs limit a fork bomb or a process leak in one container exhausts the host's process table, and nothing else on the host can start a process.",
        remediation: Remediation {
            docker_run: "Add `--pids-limit 200` (sized for the workload).",
            compose: "Set `pids_limit: 200`, or `deploy.resources.limits.pids: 200`.",
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
    match container.host_config.pids_limit {
        Some(limit) if limit > 0 => {}
        Some(limit) => {
            ctx.fail(
                "/HostConfig/PidsLimit",
                "container process count is not limited",
            )
            .evidence(format!("PidsLimit={limit}"));
        }
        // Absent or null: point at the object that lacks a limit.
        None => {
            ctx.fail("/HostConfig", "container process count is not limited")
                .evidence("PidsLimit not set");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::context::run_container_check;

    #[test]
    fn absent_pids_limit_is_unlimited() {
        let drafts = run_container_check(&RULE, r#"{"Id": "a", "HostConfig": {}}"#);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].field, "/HostConfig");
    }
}
