use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG060",
    name: "swarm-manager-count-unsafe",
    summary: "Swarm has an even number of managers or more than seven",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "7.1",
            "Ensure that the minimum number of manager nodes have been created in a swarm",
        )],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "On a swarm manager (docker info `Swarm.ControlAvailable`), fails when `Swarm.Managers` is even or greater than 7. Not applicable when swarm mode is inactive or on a worker (workers do not see the manager count); `missing_input` (daemon_info) without docker info. docker-bench-security counts leaders instead, which always passes.",
        why: "Raft needs a majority: an even number of managers tolerates no more failures than one fewer, and more than seven slows every cluster write while adding more nodes that hold the cluster's keys.",
        remediation: Remediation {
            docker_run: "Not a container setting: `docker node promote`/`docker node demote` to reach 3, 5 or 7 managers.",
            compose: "Not a compose setting: adjust the swarm's managers.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: use `docker node demote <node>` or `docker node promote <node>`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(swarm) = ctx.active_swarm(
        daemon,
        "the manager count is reported by docker info, which the bundle does not hold",
    ) else {
        return;
    };
    let (true, Some(managers)) = (swarm.control_available, swarm.managers) else {
        ctx.not_applicable(
            "this node is not a swarm manager, so docker info does not show the manager count",
        );
        return;
    };
    if managers % 2 == 0 || managers > 7 {
        ctx.fail(
            "/daemon_info/Swarm/Managers",
            format!("the swarm has {managers} managers; use an odd number up to 7"),
        )
        .evidence(format!("Swarm.Managers={managers}"));
    }
}
