use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG030",
    name: "apparmor-profile-missing",
    summary: "Container runs without an AppArmor profile on a host that has AppArmor",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.2",
            "Ensure that, if applicable, an AppArmor Profile is enabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reads the container's `AppArmorProfile` (and `apparmor=` in `HostConfig.SecurityOpt`) together with the daemon's `docker info` `SecurityOptions`. An explicit `unconfined` profile fails on its own. An empty profile fails when the daemon reports `name=apparmor`, is not applicable when docker info is present without AppArmor (SELinux-only hosts such as RHEL and Fedora, Windows), and is `missing_input` (daemon_info) when the bundle holds no docker info that lists its security options.",
        why: "AppArmor confines what a container's processes may do to files, mounts and the network beyond what namespaces and capabilities restrict; `docker-default` is applied automatically where the host supports it, so a container without it has been deliberately unconfined or runs on a host where the profile failed to load.",
        remediation: Remediation {
            docker_run: "Remove `--security-opt apparmor=unconfined`; keep the default `docker-default` profile or pass `--security-opt apparmor=<your-profile>`.",
            compose: "Remove `security_opt: [\"apparmor=unconfined\"]`, or set `security_opt: [\"apparmor=<your-profile>\"]`.",
            dockerfile: None,
            daemon: Some(
                "AppArmor is applied by the daemon when the host kernel has it enabled (`aa-status`); there is no daemon.json key to turn it off, so a missing profile on an AppArmor host means the container opted out or the host's `docker-default` profile failed to load.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let profile = container.app_armor_profile.trim();
    if profile.eq_ignore_ascii_case("unconfined") {
        ctx.fail(
            "/AppArmorProfile",
            "container runs with AppArmor unconfined",
        )
        .evidence("AppArmorProfile=unconfined");
        return;
    }
    for opt in container.security_options() {
        if opt.key.eq_ignore_ascii_case("apparmor")
            && opt
                .value
                .is_some_and(|v| v.eq_ignore_ascii_case("unconfined"))
        {
            ctx.fail(
                format!("/HostConfig/SecurityOpt/{}", opt.index),
                "container is started with --security-opt apparmor=unconfined",
            )
            .evidence(format!("SecurityOpt[{}]=apparmor=unconfined", opt.index));
            return;
        }
    }
    if !profile.is_empty() {
        return;
    }
    let known = ctx
        .bundle()
        .daemon()
        .and_then(|d| d.info.as_ref())
        .and_then(|info| info.security_option("apparmor"));
    match known {
        None => ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the container has no AppArmor profile; whether that matters depends on the daemon's SecurityOptions (name=apparmor), and the bundle holds no docker info that lists them",
        ),
        Some(None) => ctx.not_applicable("the daemon does not report AppArmor (no name=apparmor in SecurityOptions)"),
        Some(Some(_)) => {
            ctx.fail(
                "/AppArmorProfile",
                "container has no AppArmor profile although the daemon supports AppArmor",
            )
            .evidence("AppArmorProfile=\"\"; daemon SecurityOptions has name=apparmor");
        }
    }
}
