use crate::analysis::reference::ImageRef;
use crate::analysis::{container_image, is_image_id};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG038",
    name: "container-image-outdated",
    summary: "Container runs an older image than the one its tag names now",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.28",
            "Ensure that Docker commands always make use of the latest version of their image",
        )],
        nist: &["4.1.1"],
    },
    docs: Docs {
        what: "For a container created from a tag (`Config.Image` such as `nginx`, `nginx:1.27` or `registry.example.com/app:2`), looks in the bundle for the image inspect document whose `RepoTags` holds that tag (`nginx`, `nginx:latest` and `docker.io/library/nginx:latest` are the same tag) and fails when its `Id` differs from the image id the container runs (the container's top-level `Image`): the tag was pulled or rebuilt after the container was created. `missing_input` (image) when no image document in the bundle has the tag. Not applicable when `Config.Image` is an image id or is pinned by digest (it names one image for good), when the container has no `Id` (a compose service, an OCI runtime config) or its document does not say which image id it runs. What the registry holds now is not an input: pull the tag before collecting to compare against the registry.",
        why: "A container keeps running the image it was created from. After `docker pull` or a rebuild brings a patched image under the same tag, the old container still runs the unpatched one, while `docker ps` and the compose file suggest otherwise.",
        remediation: Remediation {
            docker_run: "Recreate the container from the tag: `docker pull <tag>`, then `docker rm -f <container>` and `docker run` it again (or pin the image by digest and update the digest deliberately).",
            compose: "`docker compose pull && docker compose up -d` recreates services whose image changed.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

/// `registry/repository:tag`, with the tag `latest` when none is written.
fn tag_key(reference: &ImageRef) -> String {
    format!(
        "{}/{}:{}",
        reference.registry,
        reference.repository,
        reference.tag.as_deref().unwrap_or("latest")
    )
}

/// An image id without its `sha256:` prefix, for comparing the forms Docker and Podman write.
fn bare_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix("sha256:").unwrap_or(id)
}

/// `sha256:` and the first 12 hex digits, as messages show an id.
fn short_id(id: &str) -> String {
    let hex: String = bare_id(id).chars().take(12).collect();
    format!("sha256:{hex}")
}

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    if container.id.is_empty() {
        ctx.not_applicable(
            "the container has no id (a compose service or an OCI runtime config), so it runs no image yet",
        );
        return;
    }
    let written = container.config.image.trim();
    if written.is_empty() {
        ctx.not_applicable("the container document has no Config.Image");
        return;
    }
    let Some((text, reference)) = container_image(container) else {
        ctx.not_applicable(
            "the container was created from an image id, which names one image for good",
        );
        return;
    };
    if reference.digest.is_some() {
        ctx.not_applicable(
            "the container's image is pinned by digest, which names one image for good",
        );
        return;
    }
    if !is_image_id(container.image.trim()) {
        ctx.not_applicable(
            "the container document does not say which image id it runs (top-level Image)",
        );
        return;
    }
    let wanted = tag_key(&reference);
    let tagged: Vec<&Image> = ctx
        .bundle()
        .images()
        .iter()
        .filter(|image| {
            !image.id.is_empty()
                && image
                    .repo_tags
                    .iter()
                    .filter_map(|t| ImageRef::parse(t))
                    .any(|t| t.digest.is_none() && tag_key(&t) == wanted)
        })
        .collect();
    let running = bare_id(&container.image);
    if tagged.is_empty() {
        ctx.missing_input(
            DocumentKind::Image,
            format!(
                "no image document in the bundle has the tag {text}; collect docker image inspect {text}"
            ),
        );
        return;
    }
    if tagged.iter().any(|image| bare_id(&image.id) == running) {
        return;
    }
    let now = tagged.first().map_or("", |image| image.id.as_str());
    ctx.fail(
        "/Image",
        format!(
            "the container runs image {}, the tag {text} now names {}; recreate it",
            short_id(&container.image),
            short_id(now)
        ),
    )
    .evidence(format!(
        "Image {}; {text} is {}",
        container.image.trim(),
        now.trim()
    ));
}
