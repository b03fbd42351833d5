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
        what: "Fails when docker info `SecurityOptions` lacks `name=rootless`. Passes when it has it. Without docker info, daemon.json decides: `\"rootless\": true` passes, and a daemon.json without the key (or an absent one, stated as `{}`) fails, since dockerd's default is rootful. That fallback is right for the system daemon's `/etc/docker/daemon.json`; a rootless daemon's own file (`~/.config/docker/daemon.json`) usually lacks the key because `dockerd-rootless.sh` turns the mode on when it starts dockerd, so give docker info (authoritative) for such a daemon. `missing_input` (daemon_info) without either document. Not applicable to Windows daemons (docker info `OSType: windows`).",
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
    if let Some(config) = &daemon.config {
        // An absent daemon.json (stated as `{}`) or one without the key leaves dockerd's
        // default: rootful.
        match config.rootless {
            Some(true) => {}
            Some(false) => {
                ctx.fail(
                    "/daemon_config/rootless",
                    "daemon.json turns rootless mode off, so the Docker daemon runs as root",
                )
                .evidence("rootless=false");
            }
            None => {
                ctx.fail(
                    "/daemon_config",
                    "daemon.json does not turn rootless mode on, so the Docker daemon runs as root",
                )
                .evidence("rootless not set (default false)");
            }
        }
        return;
    }
    ctx.missing_input(
        DocumentKind::DaemonInfo,
        "whether the daemon is rootless is shown by docker info SecurityOptions (name=rootless), which the bundle does not hold",
    );
}
