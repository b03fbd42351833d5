use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG034",
    name: "host-user-namespace",
    summary: "Container opts out of the daemon's user namespace remapping",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.31",
            "Ensure that the host's user namespaces are not shared",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.UsernsMode` is `host` (`--userns=host`), whatever the daemon does. For any other container the verdict needs the daemon: with user namespace remapping on (docker info `SecurityOptions` `name=userns`, else daemon.json `userns-remap`) or a rootless daemon (`name=rootless`, daemon.json `rootless`) it passes; with remapping off every container shares the host user namespace, which is reported once for the daemon by CFG050 (`userns-remap-disabled`, CIS 2.9), so this rule is not applicable to the container; without any daemon document it is `missing_input` (daemon_info).",
        why: "In the host user namespace uid 0 in the container is uid 0 on the host: a process that escapes the container's other isolation is root on the host. Remapping maps container root to an unprivileged host uid.",
        remediation: Remediation {
            docker_run: "Remove `--userns=host`.",
            compose: "Remove `userns_mode: host`.",
            dockerfile: None,
            daemon: Some(
                "Turn remapping on with `{\"userns-remap\": \"default\"}` in daemon.json (or `dockerd --userns-remap=default`); containers that must share the host namespace then need `--userns=host` explicitly and show up here.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    if container
        .host_config
        .userns_mode
        .trim()
        .eq_ignore_ascii_case("host")
    {
        ctx.fail(
            "/HostConfig/UsernsMode",
            "container shares the host's user namespace (--userns=host)",
        )
        .evidence("UsernsMode=host");
        return;
    }
    let missing = match ctx.bundle().daemon().map(Daemon::userns_remap) {
        Some(Known::Yes(true, _)) => return,
        Some(Known::Yes(false, _)) => {
            ctx.not_applicable(
                "the daemon does not remap user namespaces, so every container shares the host user namespace; CFG050 (userns-remap-disabled) reports that for the daemon",
            );
            return;
        }
        Some(Known::Unknown(kind)) => kind,
        None => DocumentKind::DaemonInfo,
    };
    ctx.missing_input(
        missing,
        "whether the container shares the host user namespace depends on the daemon's userns-remap, and the bundle holds no docker info or daemon.json",
    );
}
