use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG032",
    name: "seccomp-unconfined",
    summary: "Container runs without a seccomp filter",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.22",
            "Ensure the default seccomp profile is not Disabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.SecurityOpt` has `seccomp=unconfined` (or the deprecated `seccomp:unconfined`), when the container is privileged (privileged containers get no seccomp filter), and, for a container that does not choose its own profile, when the daemon's default is unconfined: docker info `SecurityOptions` `name=seccomp,profile=unconfined`, a Linux daemon whose SecurityOptions list no seccomp entry at all, or daemon.json `\"seccomp-profile\": \"unconfined\"`. A custom profile inlined as JSON after `seccomp=` is a profile, not `unconfined`. Without any daemon document the container's own settings decide.",
        why: "The default seccomp profile blocks about 44 system calls (kernel module loading, `mount`, `keyctl`, `bpf`, `userfaultfd`, ...) that many container escapes rely on; without it every syscall the capabilities allow is reachable.",
        remediation: Remediation {
            docker_run: "Remove `--security-opt seccomp=unconfined` and `--privileged`; if a syscall is really needed, pass a custom profile with `--security-opt seccomp=/path/profile.json`.",
            compose: "Remove `security_opt: [\"seccomp=unconfined\"]` and `privileged: true`; use `security_opt: [\"seccomp=/path/profile.json\"]` for a custom profile.",
            dockerfile: None,
            daemon: Some(
                "Remove `\"seccomp-profile\": \"unconfined\"` from daemon.json (the default is the built-in profile), or set it to a custom profile path; `dockerd --seccomp-profile` is the same setting.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let mut own_profile = false;
    for opt in container.security_options() {
        if !opt.key.eq_ignore_ascii_case("seccomp") {
            continue;
        }
        own_profile = true;
        if opt
            .value
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("unconfined"))
        {
            ctx.fail(
                format!("/HostConfig/SecurityOpt/{}", opt.index),
                "container disables seccomp with seccomp=unconfined",
            )
            .evidence(format!("SecurityOpt[{}]=seccomp=unconfined", opt.index));
            return;
        }
    }
    if container.host_config.privileged {
        ctx.fail(
            "/HostConfig/Privileged",
            "privileged container runs without a seccomp filter",
        )
        .evidence("Privileged=true");
        return;
    }
    if own_profile {
        return;
    }
    let Some(daemon) = ctx.bundle().daemon() else {
        return;
    };
    if daemon
        .info
        .as_ref()
        .is_some_and(crate::document::DaemonInfo::is_windows)
    {
        ctx.not_applicable("Windows daemons have no seccomp");
        return;
    }
    if let Known::Yes(profile, field) = daemon.seccomp_profile() {
        match profile {
            Some(p) if p.eq_ignore_ascii_case("unconfined") => {
                ctx.fail(
                    "/HostConfig",
                    "container uses the daemon's default seccomp profile, which is unconfined",
                )
                .evidence(format!("daemon seccomp profile=unconfined ({field})"));
            }
            None => {
                ctx.fail(
                    "/HostConfig",
                    "the daemon reports no seccomp support, so the container runs without a seccomp filter",
                )
                .evidence("daemon SecurityOptions has no name=seccomp entry");
            }
            Some(_) => {}
        }
    }
}
