use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG031",
    name: "selinux-labels-missing",
    summary: "Container runs without SELinux labels on a host whose daemon enforces SELinux",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.3",
            "Ensure that, if applicable, SELinux security options are set",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Applies only where the daemon's `docker info` `SecurityOptions` has `name=selinux` (daemon started with `--selinux-enabled`); not applicable where docker info is present without it, `missing_input` (daemon_info) where the bundle has no docker info listing security options. Fails when the container's `ProcessLabel` is empty or `HostConfig.SecurityOpt` has `label=disable` / `label:disable`. Any other option in SecurityOpt (such as `no-new-privileges`) does not count as SELinux confinement.",
        why: "With SELinux enabled, the daemon gives each container a process label (`container_t` with a unique MCS level) that keeps it away from host files and from other containers; a container with labelling disabled loses that isolation.",
        remediation: Remediation {
            docker_run: "Remove `--security-opt label=disable`; to pick a type or level use `--security-opt label=type:<type>` / `label=level:<level>`.",
            compose: "Remove `security_opt: [\"label=disable\"]`; use `security_opt: [\"label=type:<type>\"]` where a custom type is needed.",
            dockerfile: None,
            daemon: Some(
                "`{\"selinux-enabled\": true}` in daemon.json (or `dockerd --selinux-enabled`) turns SELinux labelling on for every container.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let known = ctx
        .bundle()
        .daemon()
        .and_then(|d| d.info.as_ref())
        .and_then(|info| info.security_option("selinux"));
    match known {
        None => {
            ctx.missing_input(
                DocumentKind::DaemonInfo,
                "SELinux labelling applies only where the daemon reports name=selinux, and the bundle holds no docker info that lists SecurityOptions",
            );
            return;
        }
        Some(None) => {
            ctx.not_applicable(
                "the daemon does not report SELinux (no name=selinux in SecurityOptions)",
            );
            return;
        }
        Some(Some(_)) => {}
    }
    for opt in container.security_options() {
        if opt.key.eq_ignore_ascii_case("label")
            && opt
                .value
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("disable"))
        {
            ctx.fail(
                format!("/HostConfig/SecurityOpt/{}", opt.index),
                "container disables SELinux labelling with label=disable",
            )
            .evidence(format!(
                "SecurityOpt[{}]={}",
                opt.index,
                container
                    .host_config
                    .security_opt
                    .get(opt.index)
                    .map_or("label=disable", |raw| raw.trim())
            ));
            return;
        }
    }
    if container.process_label.trim().is_empty() {
        ctx.fail(
            "/ProcessLabel",
            "container has no SELinux process label although the daemon enforces SELinux",
        )
        .evidence("ProcessLabel=\"\"");
    }
}
