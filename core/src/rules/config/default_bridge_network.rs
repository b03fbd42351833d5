use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG026",
    name: "default-bridge-network",
    summary: "The container is attached to Docker's default bridge network (docker0)",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.30",
            "Ensure that Docker's default bridge \"docker0\" is not used",
        )],
        nist: &["4.3.3"],
    },
    docs: Docs {
        what: "Fails when `NetworkSettings.Networks` has the key `bridge` (the container is attached to the default bridge), or, when the document lists no networks (a container that has not started), when `HostConfig.NetworkMode` is `default` or `bridge`. `host`, `none` and `container:<id>` pass whatever `Networks` lists (they never attach to docker0), and so do user-defined networks.",
        why: "Every container on the default bridge can reach every other one (inter-container communication is on unless the daemon disables it), the bridge has no built-in name resolution that would encourage explicit links, and ARP spoofing between neighbours is possible. User-defined networks isolate groups of containers from each other.",
        remediation: Remediation {
            docker_run: "Create a network for the application (`docker network create app`) and run with `--network app`.",
            compose: "Compose puts services on a project network by default; remove `network_mode: bridge` and use `networks:`.",
            dockerfile: None,
            daemon: Some(
                "Set `\"icc\": false` in daemon.json to stop traffic between containers on the default bridge, or `\"bridge\": \"none\"` to not create it at all.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let mode = container.host_config.network_mode.trim();
    if mode == "host" || mode == "none" || mode.starts_with("container:") {
        // These modes never attach the container to docker0, whatever else the document lists.
        return;
    }
    if container
        .network_settings
        .networks
        .iter()
        .any(|n| n == "bridge")
    {
        ctx.fail(
            "/NetworkSettings/Networks/bridge",
            "container is attached to the default bridge network",
        )
        .evidence("NetworkSettings.Networks has \"bridge\"");
        return;
    }
    if !container.network_settings.networks.is_empty() {
        // The engine's resolved attachments decide: a container started with the default mode
        // and later disconnected from `bridge` still reports NetworkMode `bridge`.
        return;
    }
    if mode == "default" || mode == "bridge" {
        ctx.fail(
            "/HostConfig/NetworkMode",
            "container uses the default bridge network",
        )
        .evidence(format!("NetworkMode={mode:?}"));
    }
}
