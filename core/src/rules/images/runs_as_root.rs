use crate::analysis::service_image::{ServiceImage, service_image};
use crate::analysis::{final_from_field, final_user, stage_user, user_is_root};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG001",
    name: "runs-as-root",
    summary: "Container process runs as root",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.1",
            "Ensure that a user for the container has been created",
        )],
        nist: &["4.1.2", "4.4.3"],
    },
    docs: Docs {
        what: "Fails when the process would run as root: a container whose `Config.User` is empty, `root` or `0` (with any group, so `0:0` and `root:root` count); an image whose config `User` is unset or root; a Dockerfile whose final image (the last stage and the stages it builds on) has no `USER` instruction or whose last `USER` is root. A `USER` in an intermediate build stage does not count. `app:0` (a non-root user in the root group) passes. Variables in `USER` are resolved from `ARG` defaults and `ENV`; a value that cannot be resolved is not judged. A compose service that sets no `user:` runs as its image's user: the image document in the bundle whose tag, digest or id its `image:` names decides (`nginx` is `docker.io/library/nginx:latest`), else the Dockerfile its `build:` names (`<compose file's directory>/<context>/<dockerfile>`) at its `target` stage or the last one; with neither in the bundle the outcome for that service is `missing_input`, naming the image or the Dockerfile to add.",
        why: "Root in a container is root on the host's kernel: a kernel or runtime escape, a writable host mount or an added capability turns into full host compromise. A non-root user also stops the process from changing files the image ships.",
        remediation: Remediation {
            docker_run: "Run with `--user 10001:10001` (a numeric UID that exists in the image or needs no home), or fix the image.",
            compose: "Set `user: \"10001:10001\"` on the service.",
            dockerfile: Some(
                "Create a user and switch to it at the end of the final stage:\n\n```dockerfile\nRUN useradd --system --uid 10001 --no-create-home app\nUSER 10001:10001\n```",
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

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let user = container.config.user.trim();
    if user.is_empty()
        && let Some(image) = service_image(ctx.bundle(), container)
    {
        check_service_default(&image, ctx);
    } else if user.is_empty() {
        ctx.fail(
            "/Config/User",
            "container runs as root: no user is set by the container or its image",
        )
        .evidence("User=\"\"");
    } else if user_is_root(user) {
        ctx.fail("/Config/User", "container runs as root")
            .evidence(format!("User={user}"));
    }
}

/// A compose service that sets no `user:` runs as its image's user.
fn check_service_default(image: &ServiceImage<'_>, ctx: &mut CheckContext<'_>) {
    let user = match image {
        ServiceImage::Missing { kind, wanted } => {
            ctx.missing_input(
                *kind,
                format!("the service sets no user, so its image decides: give {wanted}"),
            );
            return;
        }
        ServiceImage::Image(found) => found.config.user.as_deref().map(str::trim),
        ServiceImage::Build { file, stage } => match stage_user(file, *stage) {
            // A `USER` whose variables cannot be resolved is not judged.
            Some((user, _, resolved)) => {
                if resolved && user_is_root(&user) {
                    ctx.fail(
                        "/Config/User",
                        format!(
                            "container runs as root: the last USER of {} is root",
                            image.describe()
                        ),
                    )
                    .evidence(format!("USER {user}"));
                }
                return;
            }
            None => None,
        },
    };
    match user {
        None | Some("") => {
            ctx.fail(
                "/Config/User",
                format!(
                    "container runs as root: neither the service nor {} sets a user",
                    image.describe()
                ),
            )
            .evidence("User=\"\"");
        }
        Some(user) if user_is_root(user) => {
            ctx.fail(
                "/Config/User",
                format!(
                    "container runs as root: {} sets user {user}",
                    image.describe()
                ),
            )
            .evidence(format!("User={user}"));
        }
        Some(_) => {}
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    match config.user.as_deref().map(str::trim) {
        None | Some("") => {
            let present = config.user.is_some();
            ctx.fail(
                image.config_field("User", present),
                "image sets no user: containers from it run as root",
            )
            .evidence("User=\"\"");
        }
        Some(user) if user_is_root(user) => {
            ctx.fail(
                image.config_field("User", true),
                "image runs as root by default",
            )
            .evidence(format!("User={user}"));
        }
        Some(_) => {}
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    match final_user(file) {
        None => {
            ctx.fail(
                final_from_field(file),
                "the final stage sets no USER: the image runs as its base image's user, which is root unless the base sets another",
            )
            .evidence("no USER instruction");
        }
        Some((user, field, true)) if user_is_root(&user) => {
            ctx.fail(field, "the final stage's last USER is root")
                .evidence(format!("USER {user}"));
        }
        Some(_) => {}
    }
}
