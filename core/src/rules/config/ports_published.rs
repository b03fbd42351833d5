use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG017",
    name: "ports-published",
    summary: "The container publishes ports to the host; review that each one is needed",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.9",
            "Ensure that only needed ports are open on the container",
        )],
        nist: &["4.4.2"],
    },
    docs: Docs {
        what: "Lists every published port for review, read from `NetworkSettings.Ports` or, for a container that has not started, `HostConfig.PortBindings`. One finding per port, not per binding: the `0.0.0.0` and `::` bindings Docker writes for one `-p` are one, and a published range (consecutive container ports on host ports at the same offset, or all on random host ports) is one finding pointing at its first binding. Exposed but unpublished ports (`null` bindings) are not listed. Containers on the host network are not applicable. CIS 5.9 is a manual review item, so this rule is informational; `-P` has its own rule, all-ports-published.",
        why: "Every published port is a way into the container from outside the host. Listing them makes the review CIS asks for possible without scoring an intended web port as a failure.",
        remediation: Remediation {
            docker_run: "Keep only the `-p` flags the service needs, bound to a specific address where possible (`-p 127.0.0.1:8080:80`); waive the reviewed ones in the policy.",
            compose: "Keep only the needed entries under `ports:`; use `expose:` for ports only other containers must reach.",
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
    for group in container.published_port_groups() {
        let host_ips = group
            .host_ips
            .iter()
            .map(|ip| if ip.is_empty() { "all interfaces" } else { ip })
            .collect::<Vec<_>>()
            .join(" and ");
        let message = if group.is_range() {
            let host_ports = if group.is_random() {
                "random host ports".to_owned()
            } else {
                format!("host ports {}", group.host_ports())
            };
            format!(
                "container ports {} are published on {host_ips}, {host_ports}",
                group.container_ports()
            )
        } else {
            let host_port = if group.is_random() {
                "a random host port".to_owned()
            } else {
                format!("host port {}", group.host_ports())
            };
            format!(
                "container port {} is published on {host_ips}, {host_port}",
                group.container_ports()
            )
        };
        ctx.fail(group.first.pointer(), message)
            .evidence(group.evidence());
    }
}
