use crate::analysis::shell::{PackageVerb, package_action};
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG005",
    name: "package-update-alone",
    summary: "Package index updated without installing in the same RUN",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.7",
            "Ensure update instructions are not used alone in Dockerfiles",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails when a `RUN` (in any Dockerfile stage, or in the image's own history) refreshes a package index (`apt-get update`, `apt update`, `apk update`, `yum`/`dnf`/`microdnf` `makecache`, `zypper refresh`, `pacman -Sy`) and no install or upgrade by the same package manager follows in the same `RUN`. `update-ca-certificates`, `update-alternatives` and `apk add --update` are not index refreshes; a `RUN --mount=type=cache` on the index directory (`/var/lib/apt`, `/var/cache/apk`, ...) keeps the index out of the layer and passes; `xx-apt-get`/`xx-apk` count as their package managers.",
        why: "Docker caches each instruction: a lone `RUN apt-get update` layer is reused for months while later `RUN apt-get install` layers change, so installs use a stale index, get old (vulnerable) versions or fail.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with update and install in one `RUN`.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Update and install in one instruction, and clean up in it too:\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn family(manager: &str) -> &str {
    match manager {
        "apt" | "apt-get" | "aptitude" => "apt",
        "yum" | "dnf" | "microdnf" | "tdnf" => "rpm",
        other => other,
    }
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("RUN")) {
        // A cache mount on the index directory keeps the index out of the layer.
        let index_cached = [
            "/var/lib/apt/lists",
            "/var/cache/apk",
            "/var/cache/dnf",
            "/var/cache/yum",
        ]
        .iter()
        .any(|dir| step.cache_mounted(dir));
        if index_cached {
            continue;
        }
        let actions: Vec<_> = step.commands().filter_map(|c| package_action(c)).collect();
        for (i, action) in actions.iter().enumerate() {
            if action.action != PackageVerb::Refresh {
                continue;
            }
            let installs_after = actions.iter().skip(i + 1).any(|a| {
                a.action == PackageVerb::Install && family(a.manager) == family(action.manager)
            });
            if !installs_after {
                ctx.fail(
                    step.field.clone(),
                    format!(
                        "{} refreshes the package index without installing anything in the same RUN",
                        action.manager
                    ),
                )
                .evidence(format!("{} update alone", action.manager));
                break;
            }
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&all_steps(file), ctx);
}
