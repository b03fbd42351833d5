use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG024",
    name: "ulimit-override",
    summary: "The container overrides the daemon's default ulimits; review each override",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.19",
            "Ensure that the default ulimit is overwritten at runtime if needed",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Lists each entry of `HostConfig.Ulimits` (one finding per ulimit, with its soft and hard values) for review. Entries without a name (`[{}]`, as in the Engine API's examples) are ignored. Podman lists the rlimits it applies by default (`RLIMIT_NOFILE`, `RLIMIT_NPROC`) here too, so on podman the list includes defaults. A container without overrides passes: CIS treats the daemon's defaults as the compliant state and per-container overrides as exceptions to confirm (docker-bench-security inverts this and reports the containers without overrides).",
        why: "A per-container ulimit can raise limits the daemon's defaults hold down (open files, processes, locked memory, core dumps), weakening the host's protection against a container exhausting shared resources.",
        remediation: Remediation {
            docker_run: "Remove `--ulimit` flags that are not needed; keep the reviewed ones and waive them in the policy.",
            compose: "Remove unneeded entries under `ulimits:`.",
            dockerfile: None,
            daemon: Some(
                "Set the baseline once in daemon.json `default-ulimits` (for example `{\"nofile\": {\"Name\": \"nofile\", \"Soft\": 1024, \"Hard\": 4096}}`) rather than per container.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    for (index, ulimit) in container.host_config.ulimits.iter().enumerate() {
        if ulimit.name.trim().is_empty() {
            // The Engine API's own examples carry `"Ulimits": [{}]`: nothing is overridden.
            continue;
        }
        ctx.fail(
            format!("/HostConfig/Ulimits/{index}"),
            format!("ulimit `{}` is overridden for this container", ulimit.name),
        )
        .evidence(format!(
            "Name={:?} Soft={} Hard={}",
            ulimit.name, ulimit.soft, ulimit.hard
        ));
    }
}
