use crate::analysis::pulled_images;
use crate::analysis::shell::{basename, package_action};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

const MINIMAL_BASES: Parameter = Parameter {
    name: "minimal_bases",
    description: "Substrings of a fully qualified reference that mark a minimal base image family.",
    default: ParameterDefault::List(&[
        "distroless",
        "alpine",
        "chainguard",
        "wolfi",
        "busybox",
        "-slim",
        "slim-",
        ":slim",
        "ubi-micro",
        "ubi-minimal",
        "ubi8-micro",
        "ubi9-micro",
        "ubi8-minimal",
        "ubi9-minimal",
        "ubi10-micro",
        "ubi10-minimal",
        "-minimal",
        "nanoserver",
    ]),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG016",
    name: "non-minimal-base-image",
    summary: "Final image is not minimal: a full distribution base, or a package manager or shell left in it",
    severity: Severity::Info,
    parameters: &[MINIMAL_BASES],
    references: References {
        cis: &[CisRef::new(
            "4.3",
            "Ensure that unnecessary packages are not installed in the container",
        )],
        nist: &["4.1.1", "4.1.2"],
    },
    docs: Docs {
        what: "Reports (info) when the image a Dockerfile ships is built on a base outside the minimal families listed in `minimal_bases` (distroless, Alpine, Chainguard/Wolfi, BusyBox, `-slim` tags, UBI micro/minimal, ...). `FROM scratch` passes; a final stage built on an earlier stage is judged by that stage's base; a base whose `ARG` has no default is not judged. Where the base is minimal (or, for an image, unknown), it reports what is visibly left in the final image: a package manager run by the final image's own `RUN` instructions or history entries (so it is still installed), and a shell started as the image's `Entrypoint`/`Cmd`.",
        why: "Full distribution images ship shells, package managers and hundreds of packages the application never uses: each is attack surface and a source of vulnerability findings to triage.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image on a minimal base.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Ship on a minimal base and build elsewhere:\n\n```dockerfile\nFROM python:3.13-slim\n# or, for static binaries:\nFROM gcr.io/distroless/static-debian12:nonroot\n```",
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

/// The first step of the final image that runs a package manager, with the manager.
fn package_manager_used(steps: &[Step]) -> Option<(&Step, &'static str)> {
    steps.iter().filter(|s| s.is("RUN")).find_map(|s| {
        s.commands()
            .find_map(|c| package_action(c))
            .map(|a| (s, a.manager))
    })
}

fn is_shell(word: &str) -> bool {
    matches!(
        basename(word),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh"
    )
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    if let Some((step, manager)) = package_manager_used(&history_steps(image)) {
        ctx.fail(
            step.field.clone(),
            format!(
                "the image's own layers run {manager}, so the package manager is still in the image"
            ),
        )
        .evidence(format!("{manager} in the image's history"));
    }
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    for (key, words) in [("Entrypoint", &config.entrypoint), ("Cmd", &config.cmd)] {
        if let Some(first) = words.first().filter(|w| is_shell(w)) {
            ctx.fail(
                image.config_field(key, true),
                format!("the image starts a shell ({first}) as its {key}"),
            )
            .evidence(words.join(" "));
            break;
        }
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let families = ctx.list(&MINIMAL_BASES);
    let mut minimal_base = true;
    for pulled in pulled_images(file).into_iter().filter(|p| p.final_base) {
        let full = pulled.reference.normalized().to_ascii_lowercase();
        if !families
            .iter()
            .any(|f| full.contains(&f.to_ascii_lowercase()))
        {
            minimal_base = false;
            ctx.fail(
                pulled.field.clone(),
                format!(
                    "the final image is built on {}, which is not in a minimal image family",
                    pulled.text
                ),
            )
            .evidence(format!("FROM {}", pulled.text));
        }
    }
    if minimal_base && let Some((step, manager)) = package_manager_used(&final_steps(file)) {
        ctx.fail(
            step.field.clone(),
            format!("the final image runs {manager}, so the package manager stays in it"),
        )
        .evidence(format!("RUN {manager}"));
    }
}
