use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG015",
    name: "privileged-host-port",
    summary: "A container port is published on a privileged host port (below 1024)",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.8",
            "Ensure privileged ports are not mapped within containers",
        )],
        nist: &["4.4.2"],
    },
    docs: Docs {
        what: "Fails once per port binding whose host port is below 1024 (1024 itself is not privileged), read from `NetworkSettings.Ports` or, for a container that has not started, `HostConfig.PortBindings`. IPv4 and IPv6 bindings (`[::]`) both count; a range (`80-90`) counts by its lowest port; `HostPort` `\"\"` or `\"0\"` is a random port and passes. Containers on the host network publish nothing and are not applicable.",
        why: "Ports below 1024 are reserved for system services that clients trust by port number. Publishing one lets a container take the place of such a service on the host's interfaces, and a rootful daemon binds it whatever the host's `net.ipv4.ip_unprivileged_port_start` allows unprivileged processes.",
        remediation: Remediation {
            docker_run: "Publish on an unprivileged host port: `-p 8080:80` instead of `-p 80:80`; put a reverse proxy or load balancer in front when the service must answer on 80/443.",
            compose: "Use a host port of 1024 or above in `ports:` (`\"8080:80\"`).",
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
        let Some(host_port) = port.binding.lowest_host_port() else {
            continue;
        };
        if host_port < 1024 {
            ctx.fail(
                port.pointer(),
                format!(
                    "container port {} is published on privileged host port {host_port}",
                    port.container_port
                ),
            )
            .evidence(format!(
                "{} -> HostIp={:?} HostPort={:?}",
                port.container_port, port.binding.host_ip, port.binding.host_port
            ));
        }
    }
}
