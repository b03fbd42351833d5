use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG042",
    name: "daemon-runs-as-root",
    summary: "Docker daemon runs as root instead of in rootless mode",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "2.1",
            "Run the Docker daemon as a non-root user, if possible",
        )],
        nist: &["4.5.2"],
    },
    docs: Docs {
        what: "Fails when docker info `SecurityOptions` lacks `name=rootless`. Passes when it has it, or, without docker info, when daemon.json says `\"rootless\": true`. A daemon.json without that key cannot show the daemon is rootful (rootless mode is usually chosen by how dockerd is started), so the outcome is then `missing_input` (daemon_info). Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "A rootful daemon and its containers run as host root: any escape from a container or any access to the API socket is root on the host. In rootless mode the daemon and containers run inside a user namespace owned by an unprivileged user. CIS scores this Manual (\"if possible\"): features such as some storage and network drivers are unavailable rootless.",
        remediation: Remediation {
            docker_run: "Not a container setting: install the rootless daemon (`dockerd-rootless-setuptool.sh install`) and point the client at it (`docker context use rootless`).",
            compose: "Not a compose setting: run compose against a rootless daemon (`DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock`).",
            dockerfile: None,
            daemon: Some(
                "Run `dockerd-rootless-setuptool.sh install` as the unprivileged user; its daemon.json lives at `~/.config/docker/daemon.json`. The systemd user unit is `docker.service` under `systemctl --user`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if daemon.is_windows() {
        ctx.not_applicable(
            "rootless mode is a Linux daemon setting and docker info shows a Windows daemon",
        );
        return;
    }
    if let Some(info) = &daemon.info
        && let Some(rootless) = info.security_option("rootless")
    {
        if rootless.is_none() {
            ctx.fail(
                "/daemon_info/SecurityOptions",
                "the Docker daemon runs as root (no name=rootless in SecurityOptions)",
            )
            .evidence(
                info.security_options
                    .as_deref()
                    .unwrap_or_default()
                    .join(", "),
            );
        }
        return;
    }
    if daemon.config.as_ref().and_then(|c| c.rootless) == Some(true) {
        return;
    }
    ctx.missing_input(
        DocumentKind::DaemonInfo,
        "whether the daemon is rootless is shown by docker info SecurityOptions (name=rootless), which the bundle does not hold",
    );
}
