use crate::analysis::reference::ImageRef;
use crate::analysis::{container_image, container_image_document, pulled_images, without_tag};
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
        what: "Fails when an image reference has no `@sha256:` digest: a container's `Config.Image` (an image id counts as pinned) and every image a Dockerfile pulls (`FROM` bases with global `ARG` defaults resolved, `COPY --from=<image>`, `RUN --mount=from=<image>`; `scratch`, earlier stages, image ids and unresolvable references are skipped). Each finding's remediation names its own image: the registry digest when the bundle holds the image's inspect document with `RepoDigests`; for an image that document shows was never pushed or pulled (no `RepoDigests`), or a Podman `localhost/` build, that a locally built image has no registry digest (pin it by image id or push it); for a Docker Hub-style `user/repo` name without such a document, both forms, since the name alone cannot tell a local build from a Hub image.",
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
        let remediation = container_remediation(container, text, &reference, ctx);
        ctx.fail(
            "/Config/Image",
            format!("container image {text} is not pinned by digest"),
        )
        .evidence(format!("Image={text}"))
        .remediation(remediation);
    }
}

/// How to pin this container's image: by the digest the bundle knows, by image id for a local
/// build, else by the digest the registry gives.
fn container_remediation(
    container: &Container,
    text: &str,
    reference: &ImageRef,
    ctx: &CheckContext<'_>,
) -> String {
    let document = container_image_document(container, ctx.bundle());
    let repository = without_tag(text, reference);
    if let Some(image) = document {
        let digest = image
            .repo_digests
            .iter()
            .filter_map(|d| {
                let (name, digest) = d.split_once('@')?;
                let same = ImageRef::parse(name).is_some_and(|r| {
                    r.registry == reference.registry && r.repository == reference.repository
                });
                Some((same, digest))
            })
            .max_by_key(|(same, _)| *same)
            .map(|(_, digest)| digest);
        if let Some(digest) = digest {
            return format!(
                "Run by digest: `docker run {text}@{digest}` (the digest the bundle's image document gives for it); in compose, `image: {text}@{digest}`."
            );
        }
        let id = if image.id.is_empty() {
            format!("$(docker image inspect --format '{{{{.Id}}}}' {text})")
        } else {
            image.id.clone()
        };
        return format!(
            "`{text}` was built locally (its image document has no `RepoDigests`), so it has no registry digest: run it by its image id (`docker run {id}`), or push it to a registry and run `<registry>/{repository}@sha256:<digest>` by the digest the push prints."
        );
    }
    let by_digest = format!(
        "Run by digest: `docker run {text}@sha256:<digest>` (find it with `docker buildx imagetools inspect {text}`); in compose, `image: {text}@sha256:<digest>`."
    );
    let podman_local = reference.registry == "localhost";
    if podman_local {
        return format!(
            "`{text}` is a locally built image, which has no registry digest: run it by its image id (`docker image inspect --format '{{{{.Id}}}}' {text}`), or push it to a registry and run it by the digest the push prints."
        );
    }
    let hub_style_name = reference.registry == "docker.io"
        && !reference.repository.starts_with("library/")
        && !text.starts_with("docker.io/");
    if hub_style_name {
        return format!(
            "{by_digest} If `{text}` is a locally built image, it has no registry digest: pin it by its image id (`docker image inspect --format '{{{{.Id}}}}' {text}`) or push it to a registry and run it by the digest the push prints."
        );
    }
    by_digest
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
            .evidence(format!("{} {}", pulled.keyword, pulled.text))
            .remediation(format!(
                "Pin `{text}` by digest, `{text}@sha256:<digest>` in the {keyword} instruction (find it with `docker buildx imagetools inspect {text}`), and let a bot (Renovate, Dependabot) update it.",
                text = pulled.text,
                keyword = pulled.keyword
            ));
        }
    }
}
