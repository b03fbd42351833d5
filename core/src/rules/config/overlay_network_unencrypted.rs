use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG063",
    name: "overlay-network-unencrypted",
    summary: "Overlay network carries container traffic between nodes unencrypted",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "7.3",
            "Ensure that all Docker swarm overlay networks are encrypted",
        )],
        nist: &["4.3.3"],
    },
    docs: Docs {
        what: "Fails for a network (`docker network inspect`, Engine API `GET /networks/{id}`) whose `Driver` is `overlay` and whose `Options` has no `encrypted` key (Docker encrypts when the key is present, whatever its value). The swarm's built-in `ingress` network (`Ingress: true`) fails too: Docker creates it unencrypted, and it carries the traffic of every published service port between nodes; recreate it encrypted or waive it by name. Networks of other drivers (`bridge`, `host`, `macvlan`, ...) are not applicable. With a daemon document but no network document in the bundle, the daemon's outcome is `missing_input` (network), unless docker info says swarm mode is inactive (not applicable: without swarm the engine makes no overlay network). Network documents are judged whatever the swarm state.",
        why: "Without encryption the VXLAN traffic of an overlay network crosses the hosts' network in clear text: anyone on the path between swarm nodes can read and inject container traffic.",
        remediation: Remediation {
            docker_run: "Not a container setting: create the network with `docker network create --driver overlay --opt encrypted <name>` and move services to it.",
            compose: "Declare the network with `driver: overlay` and `driver_opts: {encrypted: \"\"}`.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: recreate the network with `--opt encrypted` (for the routing mesh: `docker network rm ingress`, then `docker network create --driver overlay --ingress --opt encrypted ingress`).",
            ),
        },
    },
    checks: Checks {
        network: Some(check_network),
        daemon: Some(check_daemon),
        ..Checks::NONE
    },
};

fn check_network(network: &Network, ctx: &mut CheckContext<'_>) {
    if !network.is_overlay() {
        let driver = if network.driver.trim().is_empty() {
            "no driver"
        } else {
            network.driver.trim()
        };
        ctx.not_applicable(format!("a {driver} network, not an overlay network"));
        return;
    }
    if network.is_encrypted() {
        return;
    }
    let field = if network.options.is_some() {
        "/Options"
    } else {
        "/Driver"
    };
    let message = if network.is_ingress() {
        format!(
            "the swarm routing-mesh network {} is not encrypted (Docker creates it without encryption)",
            network.display_name()
        )
    } else {
        format!(
            "overlay network {} is not encrypted",
            network.display_name()
        )
    };
    ctx.fail(field, message)
        .evidence("Driver=overlay; Options has no `encrypted`");
}

fn check_daemon(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let swarm_inactive = daemon.info.as_ref().is_some_and(|info| {
        info.swarm.as_ref().is_none_or(|s| {
            let state = s.local_node_state.trim();
            state.is_empty() || state.eq_ignore_ascii_case("inactive")
        })
    });
    if ctx.bundle().networks().is_empty() && swarm_inactive {
        ctx.not_applicable("swarm mode is not active, so the host has no swarm overlay network");
    } else if ctx.bundle().networks().is_empty() {
        ctx.missing_input(
            DocumentKind::Network,
            "overlay encryption is read from docker network inspect, and the bundle has no network document",
        );
    } else {
        ctx.not_applicable("decided per network document");
    }
}
