use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG053",
    name: "authorization-plugin-missing",
    summary: "Docker API has no authorization plugin: every client may do everything",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.12",
            v1_8: Some("2.13"),
            title: "Ensure that authorization for Docker client commands is enabled",
            decides: true,
        }],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "Fails when docker info `Plugins.Authorization` is empty or null; without docker info, when daemon.json `authorization-plugins` is absent or empty. `missing_input` (daemon_info) without either document.",
        why: "Without an authorization plugin anyone who can reach the API socket can run any command, including privileged containers; a plugin (OPA, Casbin, a vendor's) lets policy restrict who may do what.",
        remediation: Remediation {
            docker_run: "Not a container setting: install an authorization plugin and start dockerd with `--authorization-plugin=<name>`.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "`{\"authorization-plugins\": [\"<plugin>\"]}` in daemon.json after installing the plugin, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if let Some(plugins) = daemon.info.as_ref().and_then(|i| i.plugins.as_ref()) {
        if plugins.authorization.is_empty() {
            ctx.fail(
                "/daemon_info/Plugins",
                "the daemon runs no authorization plugin",
            )
            .evidence("Plugins.Authorization is empty");
        }
        return;
    }
    if let Some(config) = &daemon.config {
        if config
            .authorization_plugins
            .as_ref()
            .is_none_or(Vec::is_empty)
        {
            ctx.fail(
                "/daemon_config",
                "daemon.json configures no authorization plugin",
            )
            .evidence("authorization-plugins not set");
        }
        return;
    }
    ctx.missing_input(
        DocumentKind::DaemonInfo,
        "authorization plugins are listed by docker info (Plugins.Authorization) or daemon.json, and the bundle has neither",
    );
}
