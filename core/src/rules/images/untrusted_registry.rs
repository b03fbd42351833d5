use crate::analysis::reference::ImageRef;
use crate::analysis::{container_image, pulled_images};
use crate::glob;
use crate::rules::prelude::*;

const TRUSTED_REGISTRIES: Parameter = Parameter {
    name: "trusted_registries",
    description: "Registry hosts images may come from: exact (`registry.example.com:5000`) or a glob as in waivers (`*.suffix`, `prefix*`, `*`; `?` is one character). `docker.io` names Docker Hub (also for references without a host). Empty: the rule does not apply.",
    default: ParameterDefault::List(&[]),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG013",
    name: "untrusted-registry",
    summary: "Image pulled from a registry that is not on the trusted list",
    severity: Severity::High,
    parameters: &[TRUSTED_REGISTRIES],
    references: References {
        cis: &[CisRef::new(
            "4.2",
            "Ensure that containers use only trusted base images",
        )],
        nist: &["4.1.5"],
    },
    docs: Docs {
        what: "With `trusted_registries` set, fails when an image comes from another registry: a container's `Config.Image`, an image's `RepoTags`, and every image a Dockerfile pulls (`FROM` with `ARG` defaults resolved, `COPY --from=<image>`, `RUN --mount=from=<image>`; `scratch`, earlier stages and image ids pass). A reference without a host is Docker Hub (`docker.io`).",
        why: "Where an image comes from decides who can change it. Limiting pulls to registries the organisation controls or mirrors keeps typo-squatted and unreviewed public images out of builds and hosts.",
        remediation: Remediation {
            docker_run: "Pull from a trusted registry or mirror: `docker run registry.example.com/library/nginx:1.27`.",
            compose: "Set `image:` to a reference on a trusted registry.",
            dockerfile: Some(
                "Base the image on the trusted mirror:\n\n```dockerfile\nFROM registry.example.com/library/python:3.13-slim\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check_container),
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn trusted(reference: &ImageRef, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        let p = p.trim().to_ascii_lowercase();
        let p = match p.as_str() {
            "hub.docker.com" | "index.docker.io" | "registry-1.docker.io" => "docker.io".to_owned(),
            _ => p,
        };
        glob::matches(&p, &reference.registry)
    })
}

fn patterns(ctx: &mut CheckContext<'_>) -> Option<Vec<String>> {
    let list = ctx.list(&TRUSTED_REGISTRIES);
    if list.is_empty() {
        ctx.not_applicable("no trusted registries are configured (parameter trusted_registries)");
        return None;
    }
    Some(list.into_iter().map(str::to_owned).collect())
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let Some(list) = patterns(ctx) else { return };
    if let Some((text, reference)) = container_image(container)
        && !trusted(&reference, &list)
    {
        ctx.fail(
            "/Config/Image",
            format!(
                "container image comes from the untrusted registry {}",
                reference.registry
            ),
        )
        .evidence(format!("Image={text}"));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(list) = patterns(ctx) else { return };
    let Some(repo_tags) = ctx.image_tags(image) else {
        return;
    };
    for (i, tag) in repo_tags.iter().enumerate() {
        if let Some(reference) = ImageRef::parse(tag)
            && !trusted(&reference, &list)
        {
            ctx.fail(
                format!("/RepoTags/{i}"),
                format!(
                    "the image is named on the untrusted registry {}",
                    reference.registry
                ),
            )
            .evidence(tag.clone());
        }
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let Some(list) = patterns(ctx) else { return };
    for pulled in pulled_images(file) {
        if !trusted(&pulled.reference, &list) {
            ctx.fail(
                pulled.field.clone(),
                format!(
                    "{} image {} comes from the untrusted registry {}",
                    pulled.keyword, pulled.text, pulled.reference.registry
                ),
            )
            .evidence(format!("{} {}", pulled.keyword, pulled.text));
        }
    }
}
