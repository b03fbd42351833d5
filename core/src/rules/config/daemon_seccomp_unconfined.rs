use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG057",
    name: "daemon-seccomp-unconfined",
    summary: "Docker daemon runs containers without a default seccomp profile",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.17",
            v1_8: Some("2.18"),
            title: "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
            decides: true,
        }],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reads the daemon's default profile from docker info `SecurityOptions` (`name=seccomp,profile=…`; `builtin` since Engine 23, `default` before), else daemon.json `seccomp-profile`. Fails when it is `unconfined`, or when a Linux daemon's SecurityOptions list has no seccomp entry (the kernel lacks seccomp). Any other profile passes: `builtin`, `default`, or a custom path. Not applicable to Windows daemons; `missing_input` (daemon_info) without either document.",
        why: "The daemon profile applies to every container that does not choose its own; with it unconfined, every container can make the syscalls (kernel keyring, bpf, mount, module loading) that container escapes use.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove `--seccomp-profile=unconfined` from the dockerd command line.",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "Remove `\"seccomp-profile\": \"unconfined\"` from daemon.json (or set it to a custom profile path), then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if daemon
        .info
        .as_ref()
        .is_some_and(crate::document::DaemonInfo::is_windows)
    {
        ctx.not_applicable("Windows daemons have no seccomp");
        return;
    }
    match daemon.seccomp_profile() {
        Known::Yes(Some(profile), field) => {
            if profile.eq_ignore_ascii_case("unconfined") {
                ctx.fail(field, "the daemon's default seccomp profile is unconfined")
                    .evidence("seccomp profile=unconfined");
            }
        }
        Known::Yes(None, field) => {
            ctx.fail(field, "the daemon reports no seccomp support")
                .evidence("SecurityOptions has no name=seccomp entry");
        }
        Known::Unknown(kind) => ctx.missing_input(
            kind,
            "the default seccomp profile is reported by docker info SecurityOptions or set in daemon.json, and the bundle has neither",
        ),
    }
}
