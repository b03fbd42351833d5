use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG019",
    name: "memory-unlimited",
    summary: "Container memory is not limited",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.11",
            "Ensure that the memory usage for containers is limited",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.Memory` is 0, absent or null: the engine sets no memory limit. Any positive byte count passes.",
        why: "Without a limit one container can take all the host's memory, starving its neighbours and the daemon until the kernel's OOM killer picks victims across the host: a denial of service from a bug or an attacker.",
        remediation: Remediation {
            docker_run: "Add `--memory 512m` (sized for the workload), optionally with `--memory-swap` equal to it to forbid swap.",
            compose: "Set `mem_limit: 512m`, or `deploy.resources.limits.memory: 512M`.",
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
    match container.host_config.memory {
        Some(memory) if memory > 0 => {}
        Some(memory) => {
            ctx.fail("/HostConfig/Memory", "container memory is not limited")
                .evidence(format!("Memory={memory}"));
        }
        // The document does not state a limit: point at the object that lacks it.
        None => {
            ctx.fail("/HostConfig", "container memory is not limited")
                .evidence("Memory not set");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::context::run_container_check;

    #[test]
    fn absent_memory_is_unlimited() {
        let drafts = run_container_check(&RULE, r#"{"Id": "a", "HostConfig": {}}"#);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].field, "/HostConfig");
        let drafts = run_container_check(&RULE, r#"{"Id": "a"}"#);
        assert_eq!(drafts.len(), 1);
    }
}
