use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON002",
    name: "unhealthy-container",
    summary: "The container's health check reports it unhealthy",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.27",
            "Ensure that container health is checked at runtime",
        )],
        nist: &["4.4.4"],
    },
    docs: Docs {
        what: "Fails when `State.Health.Status` is `unhealthy`; the evidence gives the failing streak. `starting`, `healthy` and a container without health state pass here (a missing health check is reported by its own rule).",
        why: "An unhealthy container is up but not doing its job, or has been tampered with; Docker does not restart it on its own (only an orchestrator does), so it can stay in service broken until someone looks.",
        remediation: Remediation {
            docker_run: "Inspect the probe log (`docker inspect --format '{{json .State.Health}}'`), fix the service or the probe (`--health-cmd`, `--health-interval`, `--health-retries`), then recreate the container.",
            compose: "Fix the service or its `healthcheck:`; use `depends_on: {condition: service_healthy}` so dependants wait for health.",
            dockerfile: Some("Fix the `HEALTHCHECK` instruction if the probe itself is wrong."),
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let Some(health) = &container.state.health else {
        return;
    };
    if health.status.trim().eq_ignore_ascii_case("unhealthy") {
        let message = if health.failing_streak > 0 {
            format!(
                "container is unhealthy after {} consecutive failed probes",
                health.failing_streak
            )
        } else {
            "container health check reports unhealthy".to_owned()
        };
        ctx.fail("/State/Health/Status", message).evidence(format!(
            "Status=unhealthy FailingStreak={}",
            health.failing_streak
        ));
    }
}
