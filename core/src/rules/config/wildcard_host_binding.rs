use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG018",
    name: "wildcard-host-binding",
    summary: "A published port listens on every host interface",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.14",
            "Ensure that incoming container traffic is bound to a specific host interface",
        )],
        nist: &["4.4.2"],
    },
    docs: Docs {
        what: "Fails once per published port whose `HostIp` is a wildcard: empty, `0.0.0.0`, `::`, `[::]` (or another spelling of an unspecified address). The `0.0.0.0` and `::` bindings Docker writes for one `-p` are one finding, and so is a published range (`-p 8000-8100:8000-8100`, consecutive container ports on host ports at the same offset, or all on random host ports), which points at its first binding. Bindings are read from `NetworkSettings.Ports` or, for a container that has not started, `HostConfig.PortBindings`. Containers on the host network are not applicable.",
        why: "A wildcard binding accepts connections on every interface of the host, including public ones, and Docker's iptables rules let the traffic past a host firewall such as ufw. The IPv6 wildcard `[::]` is as open as `0.0.0.0` and is missed by tools that parse `docker port` output.",
        remediation: Remediation {
            docker_run: "Name the interface in every `-p`: `-p 127.0.0.1:8080:80` or `-p 192.0.2.10:8080:80`.",
            compose: "Prefix each `ports:` entry with the host address (`\"127.0.0.1:8080:80\"`) or use the long form with `host_ip:`.",
            dockerfile: None,
            daemon: Some(
                "Set `\"ip\": \"127.0.0.1\"` in daemon.json so that `-p` without an address binds to loopback by default.",
            ),
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
        if !group.first.binding.is_wildcard() {
            continue;
        }
        let message = if group.is_range() {
            format!(
                "container ports {} are published on every host interface",
                group.container_ports()
            )
        } else {
            format!(
                "container port {} is published on every host interface",
                group.container_ports()
            )
        };
        let evidence = if group.host_ips.iter().all(|ip| ip.is_empty()) {
            format!(
                "{} -> HostIp=\"\" (all interfaces) HostPort={:?}",
                group.container_ports(),
                group.host_ports()
            )
        } else {
            group.evidence()
        };
        ctx.fail(group.first.pointer(), message).evidence(evidence);
    }
}
