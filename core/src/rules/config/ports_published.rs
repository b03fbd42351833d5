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
        what: "Lists every published port binding for review, one finding per binding, read from `NetworkSettings.Ports` or, for a container that has not started, `HostConfig.PortBindings`. Exposed but unpublished ports (`null` bindings) are not listed. Containers on the host network are not applicable. CIS 5.9 is a manual review item, so this rule is informational; `-P` has its own rule, all-ports-published.",
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
    for port in container.published_ports() {
        let binding = port.binding;
        let host_ip = if binding.host_ip.is_empty() {
            "all interfaces"
        } else {
            binding.host_ip.as_str()
        };
        let host_port = match binding.host_port.trim() {
            "" | "0" => "a random host port".to_owned(),
            other => format!("host port {other}"),
        };
        ctx.fail(
            port.pointer(),
            format!(
                "container port {} is published on {host_ip}, {host_port}",
                port.container_port
            ),
        )
        .evidence(format!(
            "{} -> HostIp={:?} HostPort={:?}",
            port.container_port, binding.host_ip, binding.host_port
        ));
    }
}
