use crate::rules::prelude::*;

const NANOS_PER_DAY: i64 = 86_400 * 1_000_000_000;

const MAX_DAYS: Parameter = Parameter {
    name: "max_days",
    description: "The longest node certificate validity accepted, in days (swarm's default is 90).",
    default: ParameterDefault::Integer(90),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG062",
    name: "swarm-node-cert-expiry-long",
    summary: "Swarm node certificates are valid for longer than the policy allows",
    severity: Severity::Low,
    parameters: &[MAX_DAYS],
    references: References {
        cis: &[CisRef::new(
            "7.7",
            "Ensure that node certificates are rotated as appropriate",
        )],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "On a swarm manager, fails when docker info `Swarm.Cluster.Spec.CAConfig.NodeCertExpiry` (nanoseconds; 0 means the 90-day default) exceeds `max_days`. Not applicable when swarm mode is inactive or on a worker; `missing_input` (daemon_info) without docker info.",
        why: "Node certificates authenticate nodes to the managers; the longer they live, the longer a stolen certificate lets an attacker join the cluster.",
        remediation: Remediation {
            docker_run: "Not a container setting: `docker swarm update --cert-expiry 720h` (30 days).",
            compose: "Not a compose setting: configure the swarm.",
            dockerfile: None,
            daemon: Some("No daemon.json key: `docker swarm update --cert-expiry <duration>`."),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(cluster) = ctx.swarm_manager(daemon, "certificate expiry is reported by docker info on managers, and the bundle has no docker info") else {
        return;
    };
    let raw = cluster
        .spec
        .ca_config
        .as_ref()
        .map_or(0, |c| c.node_cert_expiry);
    let nanos = if raw <= 0 { 90 * NANOS_PER_DAY } else { raw };
    let days = nanos / NANOS_PER_DAY;
    let max = ctx.integer(&MAX_DAYS);
    if nanos > max.saturating_mul(NANOS_PER_DAY) {
        ctx.fail(
            "/daemon_info/Swarm/Cluster/Spec/CAConfig",
            format!("node certificates are valid for {days} days, longer than {max}"),
        )
        .evidence(format!("NodeCertExpiry={raw}ns ({days} days)"));
    }
}
