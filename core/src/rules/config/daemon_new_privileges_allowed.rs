use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG054",
    name: "daemon-new-privileges-allowed",
    summary: "Docker daemon does not default containers to no-new-privileges",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.14",
            v1_8: Some("2.15"),
            title: "Ensure containers are restricted from acquiring new privileges",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when the daemon default is off: docker info `SecurityOptions` without `name=no-new-privileges` on Engine 24.0 or later (earlier engines do not report it), else daemon.json without `\"no-new-privileges\": true`. `missing_input` (daemon_config) when no document decides. The per-container effective value is CFG033. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "With the default on, setuid binaries and file capabilities cannot raise a process's privileges in any container that does not explicitly opt out.",
        remediation: Remediation {
            docker_run: "Daemon flag `dockerd --no-new-privileges`; per container `--security-opt no-new-privileges`.",
            compose: "Per service: `security_opt: [\"no-new-privileges:true\"]`.",
            dockerfile: None,
            daemon: Some(
                "`{\"no-new-privileges\": true}` in daemon.json, then `systemctl restart docker`.",
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
            "no-new-privileges is a Linux daemon setting and docker info shows a Windows daemon",
        );
        return;
    }
    match daemon.no_new_privileges() {
        Known::Yes(true, _) => {}
        Known::Yes(false, field) => {
            let evidence = if field.starts_with("/daemon_info") {
                "SecurityOptions has no name=no-new-privileges"
            } else if field.ends_with("no-new-privileges") {
                "no-new-privileges=false"
            } else {
                "no-new-privileges not set (default false)"
            };
            ctx.fail(field, "containers may gain new privileges unless each opts out")
                .evidence(evidence);
        }
        Known::Unknown(kind) => ctx.missing_input(
            kind,
            "docker info before Engine 24.0 does not report the no-new-privileges default, and the bundle has no daemon.json",
        ),
    }
}
