use crate::rules::prelude::*;

const MAX_RETRIES: Parameter = Parameter {
    name: "max_retries",
    description: "The largest `on-failure` retry count that passes.",
    default: ParameterDefault::Integer(5),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG023",
    name: "restart-policy-unbounded",
    summary: "The container's restart policy restarts it without bound",
    severity: Severity::Low,
    parameters: &[MAX_RETRIES],
    references: References {
        cis: &[CisRef::new(
            "5.15",
            "Ensure that the 'on-failure' container restart policy is set to '5'",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reads `HostConfig.RestartPolicy`. Fails for `always` and `unless-stopped`, which restart forever (the engine reports `MaximumRetryCount` 0 for them, which is why tools that only compare the count pass them), and for `on-failure` with `MaximumRetryCount` 0 (unlimited) or above `max_retries` (5 by default). `on-failure` with 1 to `max_retries` retries passes, and so do `no` and an empty name (no restart).",
        why: "A container that restarts without bound hides a crash loop, keeps retrying an exploit's side effects, and can load the host with endless restarts; a bounded `on-failure` policy gives up and leaves a visible failed container.",
        remediation: Remediation {
            docker_run: "Use `--restart on-failure:5` instead of `--restart always` or `--restart unless-stopped`.",
            compose: "Set `restart: on-failure:5`; under swarm, `deploy.restart_policy` with `condition: on-failure` and `max_attempts: 5`.",
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
    let policy = &container.host_config.restart_policy;
    let name = policy.name.trim();
    let count = policy.maximum_retry_count;
    let evidence = format!("Name={name:?} MaximumRetryCount={count}");
    if name.eq_ignore_ascii_case("always") || name.eq_ignore_ascii_case("unless-stopped") {
        ctx.fail(
            "/HostConfig/RestartPolicy/Name",
            format!("restart policy `{name}` restarts the container without bound"),
        )
        .evidence(evidence);
    } else if name.eq_ignore_ascii_case("on-failure") {
        let max = ctx.integer(&MAX_RETRIES);
        if count <= 0 {
            ctx.fail(
                "/HostConfig/RestartPolicy/MaximumRetryCount",
                "restart policy `on-failure` has no retry limit",
            )
            .evidence(evidence);
        } else if count > max {
            ctx.fail(
                "/HostConfig/RestartPolicy/MaximumRetryCount",
                format!("restart policy `on-failure` allows {count} retries (at most {max} pass)"),
            )
            .evidence(evidence);
        }
    }
}
