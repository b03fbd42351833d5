use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG016",
    name: "all-ports-published",
    summary: "Every exposed port of the container is published to the host",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.9",
            "Ensure that only needed ports are open on the container",
        )],
        nist: &["4.4.2"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.PublishAllPorts` is true (`docker run -P`). Containers on the host network are not applicable: the engine discards published ports there.",
        why: "`-P` publishes every port the image declares with `EXPOSE`, on every host interface, including debug and admin ports nobody chose to open. Which ports are reachable then depends on the image, not on the deployment.",
        remediation: Remediation {
            docker_run: "Replace `-P` (`--publish-all`) with one `-p [host-ip:]host-port:container-port` per port that must be reachable.",
            compose: "Compose has no publish-all key (only `docker compose run --service-ports` publishes the declared `ports:`); list exactly the needed ports under `ports:`.",
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
    if container.uses_host_network() {
        ctx.not_applicable("the container uses the host network; the engine publishes no ports");
        return;
    }
    if container.host_config.publish_all_ports {
        ctx.fail(
            "/HostConfig/PublishAllPorts",
            "every exposed port is published to the host (-P)",
        )
        .evidence("PublishAllPorts=true");
    }
}
