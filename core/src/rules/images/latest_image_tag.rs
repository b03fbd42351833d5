use crate::analysis::reference::ImageRef;
use crate::analysis::{container_image, pulled_images, without_tag};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG003",
    name: "latest-image-tag",
    summary: "Image referenced by the latest tag or by no tag",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.2",
            "Ensure that containers use only trusted base images",
        )],
        nist: &["4.1.5"],
    },
    docs: Docs {
        what: "Fails when an image is referenced as `:latest` or without a tag (which means `latest`) and without a digest: a container's `Config.Image`; every `FROM` of a Dockerfile (global `ARG` defaults resolved; a variable no `ARG` declares is empty, as BuildKit substitutes it; `scratch`, earlier stage names and image ids are skipped, and a reference whose variables have no default is judged only when they are all before its last `/`, as in `${REGISTRY}/ubuntu`, which has no tag whatever they hold. `FROM ${UNDECLARED}/ubuntu` becomes `/ubuntu`, which is no reference: BuildKit refuses it, and this rule does not judge it), `COPY --from=<image>` and `RUN --mount=from=<image>`; an image whose only tags are `latest` (low severity: it can only be referenced by a moving tag). Each finding's remediation names its own repository (`docker run registry.local:5000/team/web:<version>`).",
        why: "`latest` moves: the same reference gives different images over time, so builds are not reproducible, a rollback does not roll back, and a compromised or broken upstream push reaches you unnoticed.",
        remediation: Remediation {
            docker_run: "Run a specific version: `docker run nginx:1.27.3` (better: `nginx:1.27.3@sha256:...`).",
            compose: "Set `image: nginx:1.27.3` (or with `@sha256:...`).",
            dockerfile: Some(
                "Name a version, ideally with its digest:\n\n```dockerfile\nFROM node:22.11-bookworm-slim@sha256:<digest>\n```",
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

/// Why a reference floats, if it does.
fn floating(reference: &ImageRef) -> Option<&'static str> {
    if reference.digest.is_some() {
        return None;
    }
    match reference.tag.as_deref() {
        None => Some("has no tag, which means `latest`"),
        Some("latest") => Some("uses the `latest` tag"),
        Some(_) => None,
    }
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    if let Some((text, reference)) = container_image(container)
        && let Some(why) = floating(&reference)
    {
        let repository = without_tag(text, &reference);
        ctx.fail("/Config/Image", format!("container image {text} {why}"))
            .evidence(format!("Image={text}"))
            .remediation(format!(
                "Run a specific version: `docker run {repository}:<version>` (better: `{repository}:<version>@sha256:<digest>`); in compose, `image: {repository}:<version>`."
            ));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(repo_tags) = ctx.image_tags(image) else {
        return;
    };
    let tags: Vec<&String> = repo_tags.iter().filter(|t| !t.contains("<none>")).collect();
    if tags.is_empty() {
        return;
    }
    let all_latest = tags.iter().all(|t| {
        ImageRef::parse(t).is_some_and(|r| r.tag.as_deref().is_none_or(|tag| tag == "latest"))
    });
    if all_latest {
        let repositories: Vec<String> = tags
            .iter()
            .filter_map(|t| ImageRef::parse(t).map(|r| without_tag(t, &r).to_owned()))
            .collect();
        let first = repositories.first().map_or("<repository>", String::as_str);
        let remediation = format!(
            "Tag the image with its version where it is built (`docker build -t {first}:<version> .` or `docker tag {first}:latest {first}:<version>`) and reference that tag."
        );
        ctx.fail(
            "/RepoTags",
            "the image is tagged only `latest`: every reference to it floats",
        )
        .severity(Severity::Low)
        .evidence(
            tags.iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
        .remediation(remediation);
    }
}

/// Whether a `FROM` reference that holds a variable of unknown value (a global `ARG` without a
/// default, set with `--build-arg`) has no tag whatever the variable holds: the variables are
/// all before its last `/` (registry or namespace), and the name after it has neither a tag
/// nor a digest (`${REGISTRY}/ubuntu`).
fn untagged_whatever_variables_hold(base: &str) -> bool {
    base.rsplit_once('/').is_some_and(|(prefix, name)| {
        prefix.contains('$') && !name.is_empty() && !name.contains(['$', ':', '@'])
    })
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    for stage in file.stages.iter().filter(|s| s.resolved_base.is_none()) {
        if untagged_whatever_variables_hold(&stage.base) {
            ctx.fail(
                Dockerfile::field(stage.from),
                format!(
                    "FROM image {} has no tag whatever its build arguments hold, so it pulls `latest`",
                    stage.base
                ),
            )
            .evidence(format!("FROM {}", stage.base))
            .remediation(format!(
                "Name a version after the repository, ideally with its digest: `FROM {}:<version>@sha256:<digest>`.",
                stage.base
            ));
        }
    }
    for pulled in pulled_images(file) {
        if let Some(why) = floating(&pulled.reference) {
            ctx.fail(
                pulled.field.clone(),
                format!("{} image {} {why}", pulled.keyword, pulled.text),
            )
            .evidence(format!("{} {}", pulled.keyword, pulled.text))
            .remediation(format!(
                "Name a version of `{repository}`, ideally with its digest: `{repository}:<version>@sha256:<digest>` in the {keyword} instruction.",
                repository = without_tag(&pulled.text, &pulled.reference),
                keyword = pulled.keyword
            ));
        }
    }
}
