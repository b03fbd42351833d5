use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG059",
    name: "swarm-mode-enabled",
    summary: "Swarm mode is enabled on the daemon (confirm it is needed)",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.1",
            "Ensure swarm mode is not Enabled, if not needed",
        )],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "Fails when docker info `Swarm.LocalNodeState` is anything but `inactive` or empty (`active`, `pending`, `error`, `locked`). Not applicable when docker info has no `Swarm` section (engines before 1.12); `missing_input` (daemon_info) without docker info. Hosts that are meant to be swarm nodes waive this rule in their policy.",
        why: "Swarm mode opens the cluster management port (2377) and gossip ports (7946, 4789) and runs a Raft store on managers; on a host that does not need it, that is attack surface for nothing.",
        remediation: Remediation {
            docker_run: "Not a container setting: `docker swarm leave` (managers: `docker swarm leave --force`).",
            compose: "Not a compose setting: `docker stack` needs swarm mode; plain compose does not.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: run `docker swarm leave` on hosts that should not be in a swarm.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(info) = &daemon.info else {
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "swarm state is reported by docker info, which the bundle does not hold",
        );
        return;
    };
    let Some(swarm) = &info.swarm else {
        ctx.not_applicable(
            "docker info has no Swarm section (engines before 1.12 have no swarm mode)",
        );
        return;
    };
    let state = swarm.local_node_state.trim();
    if !state.is_empty() && !state.eq_ignore_ascii_case("inactive") {
        ctx.fail(
            "/daemon_info/Swarm/LocalNodeState",
            format!("swarm mode is {state} on this daemon"),
        )
        .evidence(format!("Swarm.LocalNodeState={state}"));
    }
}
