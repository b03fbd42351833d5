use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG006",
    name: "shared-mount-propagation",
    summary: "Container mount uses shared propagation",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.20",
            "Ensure mount propagation mode is not set to shared",
        )],
        nist: &["4.5.5"],
    },
    docs: Docs {
        what: "Fails once for each mount whose propagation is `shared` or `rshared` (any case): `Mounts[].Propagation` in the resolved view, or, when a document has no `Mounts[]`, a propagation option of a `HostConfig.Binds` string (`/src:/dst:rshared`) or `HostConfig.Mounts[].BindOptions.Propagation`. `private`, `rprivate`, `slave`, `rslave` and an empty value pass.",
        why: "With shared propagation, mounts the container makes under the mount point appear on the host (and the other way round): a container with mount rights can place file systems in the host's view, and the mount can outlive the container.",
        remediation: Remediation {
            docker_run: "Drop `shared`/`rshared` from the `-v` options (or `bind-propagation=` from `--mount`); the default `rprivate` fits almost every workload, `rslave` when host mounts must show up inside.",
            compose: "Remove `:shared`/`:rshared` from the short `volumes:` form, or set `bind: {propagation: rprivate}` in the long form.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    for mount in container.all_mounts() {
        let propagation = mount.propagation.trim();
        if !(propagation.eq_ignore_ascii_case("shared")
            || propagation.eq_ignore_ascii_case("rshared"))
        {
            continue;
        }
        ctx.fail(
            mount.propagation_field(),
            format!(
                "mount of {} at {} uses {propagation} propagation",
                mount.source, mount.destination
            ),
        )
        .evidence(format!(
            "{} Source={} Propagation={propagation}",
            mount.origin_label(),
            mount.source
        ));
    }
}
