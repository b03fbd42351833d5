use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG020",
    name: "cpu-unlimited",
    summary: "Container CPU use is neither limited nor weighted",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.12",
            "Ensure that CPU priority is set appropriately on containers",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Passes when any CPU control is set: `HostConfig.NanoCpus` > 0 (`--cpus`), `CpuQuota` > 0 (`--cpu-quota`, on its own too), `CpuShares` other than 0 and 1024 (`--cpu-shares`), or `CpusetCpus` non-empty (`--cpuset-cpus`). Fails otherwise. `CpuShares` 1024 is the engine's default weight, so it does not count as a setting.",
        why: "A container without a CPU limit or weight competes for CPU on equal terms with everything else on the host; a runaway or hostile process can starve other containers and the daemon.",
        remediation: Remediation {
            docker_run: "Add `--cpus 1.5` (a hard limit), or `--cpu-shares 512` to lower the container's weight, or `--cpuset-cpus 0,1` to pin it.",
            compose: "Set `cpus: 1.5` or `deploy.resources.limits.cpus: \"1.5\"`; `cpu_shares:` and `cpuset:` are the weight and pinning keys.",
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
    let host = &container.host_config;
    let shares = host.cpu_shares.unwrap_or(0);
    let limited = host.nano_cpus > 0
        || host.cpu_quota > 0
        || !matches!(shares, 0 | 1024)
        || !host.cpuset_cpus.trim().is_empty();
    if !limited {
        // Point at CpuShares when the document states it, else at the object that lacks it.
        let field = if host.cpu_shares.is_some() {
            "/HostConfig/CpuShares"
        } else {
            "/HostConfig"
        };
        ctx.fail(field, "container CPU use is neither limited nor weighted")
            .evidence(format!(
                "NanoCpus={} CpuQuota={} CpuShares={shares} CpusetCpus={:?}",
                host.nano_cpus, host.cpu_quota, host.cpuset_cpus
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::context::run_container_check;

    #[test]
    fn absent_cpu_fields_are_unlimited() {
        let drafts = run_container_check(&RULE, r#"{"Id": "a", "HostConfig": {}}"#);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].field, "/HostConfig");
    }
}
