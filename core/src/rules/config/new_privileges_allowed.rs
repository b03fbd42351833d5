use crate::document::parse_bool;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG033",
    name: "new-privileges-allowed",
    summary: "Container processes may gain privileges through setuid binaries (no-new-privileges is off)",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.26",
            "Ensure that the container is restricted from acquiring additional privileges",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Computes the effective no-new-privileges setting: the container's own `HostConfig.SecurityOpt` entry when it has one (bare `no-new-privileges` and `no-new-privileges=true` mean on; `no-new-privileges=false` or `:false` mean off, even where the daemon default is on), otherwise the daemon default (docker info `SecurityOptions` `name=no-new-privileges` on Engine 24.0 and later, else daemon.json `no-new-privileges`, absent = off). Fails when the effective value is off; `missing_input` (daemon_config) when the container says nothing and the bundle holds no daemon document that decides the default.",
        why: "Without no-new-privileges a process in the container can gain privileges by executing a setuid or setgid binary or one with file capabilities, which turns a compromised unprivileged process into root inside the container.",
        remediation: Remediation {
            docker_run: "Add `--security-opt no-new-privileges` (and drop any `no-new-privileges=false`).",
            compose: "Add `security_opt: [\"no-new-privileges:true\"]`.",
            dockerfile: None,
            daemon: Some(
                "Set `{\"no-new-privileges\": true}` in daemon.json (or `dockerd --no-new-privileges`) to make it the default for every container.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    // dockerd applies the options in order, so the last entry wins.
    let mut own: Option<(usize, bool, String)> = None;
    for opt in container.security_options() {
        if opt.key.eq_ignore_ascii_case("no-new-privileges") {
            let on = match opt.value {
                None => true,
                Some(v) => parse_bool(v).unwrap_or(false),
            };
            let raw = container
                .host_config
                .security_opt
                .get(opt.index)
                .map_or_else(String::new, |r| r.trim().to_owned());
            own = Some((opt.index, on, raw));
        }
    }
    if let Some((index, on, raw)) = own {
        if !on {
            ctx.fail(
                format!("/HostConfig/SecurityOpt/{index}"),
                "container turns no-new-privileges off",
            )
            .evidence(format!("SecurityOpt[{index}]={raw}"));
        }
        return;
    }
    let Some(daemon) = ctx.bundle().daemon() else {
        ctx.missing_input(
            DocumentKind::DaemonConfig,
            "the container does not set no-new-privileges, so the daemon default decides, and the bundle holds no daemon document (docker info from Engine 24.0 on, or daemon.json)",
        );
        return;
    };
    match daemon.no_new_privileges() {
        Known::Yes(true, _) => {}
        Known::Yes(false, field) => {
            ctx.fail(
                "/HostConfig",
                "container does not set no-new-privileges and the daemon default is off",
            )
            .evidence(format!("no SecurityOpt no-new-privileges; daemon default off ({field})"));
        }
        Known::Unknown(kind) => ctx.missing_input(
            kind,
            "the container does not set no-new-privileges; docker info before Engine 24.0 does not report the daemon default, and the bundle has no daemon.json",
        ),
    }
}
