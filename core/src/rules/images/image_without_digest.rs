use crate::analysis::{container_image, pulled_images};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG004",
    name: "image-without-digest",
    summary: "Image referenced by a tag but not pinned by digest",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.2",
            "Ensure that containers use only trusted base images",
        )],
        nist: &["4.1.5"],
    },
    docs: Docs {
        what: "Fails when an image reference has no `@sha256:` digest: a container's `Config.Image` (an image id counts as pinned) and every image a Dockerfile pulls (`FROM` bases with global `ARG` defaults resolved, `COPY --from=<image>`, `RUN --mount=from=<image>`; `scratch`, earlier stages, image ids and unresolvable references are skipped).",
        why: "A tag is a pointer the registry owner can move. Only a digest names content: with it, the build gets exactly the bytes that were reviewed and scanned, and a registry compromise cannot swap them.",
        remediation: Remediation {
            docker_run: "Run by digest: `docker run nginx:1.27.3@sha256:<digest>` (find it with `docker buildx imagetools inspect nginx:1.27.3`).",
            compose: "Set `image: nginx:1.27.3@sha256:<digest>`.",
            dockerfile: Some(
                "Pin the base by digest and let a bot (Renovate, Dependabot) update it:\n\n```dockerfile\nFROM python:3.13-slim@sha256:<digest>\n```",
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

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    if let Some((text, reference)) = container_image(container)
        && reference.digest.is_none()
    {
        ctx.fail(
            "/Config/Image",
            format!("container image {text} is not pinned by digest"),
        )
        .evidence(format!("Image={text}"));
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    for pulled in pulled_images(file) {
        if pulled.reference.digest.is_none() {
            ctx.fail(
                pulled.field.clone(),
                format!(
                    "{} image {} is not pinned by digest",
                    pulled.keyword, pulled.text
                ),
            )
            .evidence(format!("{} {}", pulled.keyword, pulled.text));
        }
    }
}
