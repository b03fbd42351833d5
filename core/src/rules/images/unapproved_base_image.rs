use crate::analysis::reference::ImageRef;
use crate::analysis::{container_image, pulled_images};
use crate::glob;
use crate::rules::prelude::*;

const APPROVED_BASE_IMAGES: Parameter = Parameter {
    name: "approved_base_images",
    description: "Patterns of approved images, matched against the fully qualified reference (`docker.io/library/node:22-slim`); globs as in waivers (`*` matches any run of characters, `?` one): `docker.io/library/*`, `docker.io/library/node:*-slim`, `registry.example.com/base/*`. Empty: the rule does not apply.",
    default: ParameterDefault::List(&[]),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG014",
    name: "unapproved-base-image",
    summary: "Base image is not on the approved list",
    severity: Severity::High,
    parameters: &[APPROVED_BASE_IMAGES],
    references: References {
        cis: &[CisRef::new(
            "4.2",
            "Ensure that containers use only trusted base images",
        )],
        nist: &["4.1.5"],
    },
    docs: Docs {
        what: "With `approved_base_images` set, fails when a Dockerfile's `FROM` (every stage; `ARG` defaults resolved, earlier stages, `scratch` and image ids pass) or a container's `Config.Image` names an image that matches no pattern. References are qualified before matching (`node:22` is `docker.io/library/node:22`), so patterns must name the registry.",
        why: "An approved list keeps builds on base images someone reviewed, patches and scans, instead of whatever a developer found on a public registry.",
        remediation: Remediation {
            docker_run: "Run an image built from, or listed as, an approved base.",
            compose: "Set `image:` to an approved image.",
            dockerfile: Some(
                "Switch the base to an approved image:\n\n```dockerfile\nFROM registry.example.com/base/python:3.13-slim\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check_container),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn approved(reference: &ImageRef, patterns: &[String]) -> bool {
    let full = reference.normalized();
    patterns.iter().any(|p| glob::matches(p.trim(), &full))
}

fn patterns(ctx: &mut CheckContext<'_>) -> Option<Vec<String>> {
    let list = ctx.list(&APPROVED_BASE_IMAGES);
    if list.is_empty() {
        ctx.not_applicable(
            "no approved base images are configured (parameter approved_base_images)",
        );
        return None;
    }
    Some(list.into_iter().map(str::to_owned).collect())
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let Some(list) = patterns(ctx) else { return };
    if let Some((text, reference)) = container_image(container)
        && !approved(&reference, &list)
    {
        ctx.fail(
            "/Config/Image",
            format!(
                "container image {} is not on the approved list",
                reference.normalized()
            ),
        )
        .evidence(format!("Image={text}"));
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let Some(list) = patterns(ctx) else { return };
    for pulled in pulled_images(file)
        .into_iter()
        .filter(|p| p.keyword == "FROM")
    {
        if !approved(&pulled.reference, &list) {
            ctx.fail(
                pulled.field.clone(),
                format!(
                    "base image {} is not on the approved list",
                    pulled.reference.normalized()
                ),
            )
            .evidence(format!("FROM {}", pulled.text));
        }
    }
}
