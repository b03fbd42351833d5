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
        what: "Fails once per published port whose host port is below 1024 (1024 itself is not privileged), read from `NetworkSettings.Ports` or, for a container that has not started, `HostConfig.PortBindings`. IPv4 and IPv6 bindings (`[::]`) both count; a range (`80-90`) counts by its lowest port; `HostPort` `\"\"` or `\"0\"` is a random port and passes. The `0.0.0.0` and `::` bindings Docker writes for one `-p` are one finding, and so is a published range of container ports (`-p 80-90:80-90`), pointing at its first binding. Containers on the host network publish nothing and are not applicable.",
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
    for group in container.published_port_groups() {
        let Some(host_port) = group.first.binding.lowest_host_port() else {
            continue;
        };
        if host_port >= 1024 {
            continue;
        }
        let message = if group.is_range() {
            format!(
                "container ports {} are published on host ports {}, privileged from {host_port} to 1023",
                group.container_ports(),
                group.host_ports()
            )
        } else {
            format!(
                "container port {} is published on privileged host port {host_port}",
                group.container_ports()
            )
        };
        ctx.fail(group.first.pointer(), message)
            .evidence(group.evidence());
    }
}
