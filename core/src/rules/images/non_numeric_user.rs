use crate::analysis::{final_user, user_is_root};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG017",
    name: "non-numeric-user",
    summary: "The user is named rather than numeric",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef::related(
            "4.1",
            "Ensure that a user for the container has been created",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Reports (info) when the effective user is a name rather than a number: a container's or image's `Config.User`, or the last `USER` of a Dockerfile's final image (variables resolved; unresolvable values are not judged). Root is `runs-as-root`'s concern and is not reported here.",
        why: "A name can only be resolved inside the image's `/etc/passwd`: Kubernetes `runAsNonRoot` cannot prove a named user is not root and refuses to start the pod, and host-side tools cannot map it to a UID.",
        remediation: Remediation {
            docker_run: "Run with a numeric `--user 10001:10001`.",
            compose: "Set `user: \"10001:10001\"`.",
            dockerfile: Some(
                "Create the user with a fixed UID and switch to the number:\n\n```dockerfile\nRUN useradd --uid 10001 --no-create-home app\nUSER 10001:10001\n```",
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

fn named(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    !user_is_root(user) && !name.bytes().all(|b| b.is_ascii_digit())
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let user = container.config.user.trim();
    if named(user) {
        ctx.fail(
            "/Config/User",
            format!("container user {user} is not numeric"),
        )
        .evidence(format!("User={user}"));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    if let Some(user) = config.user.as_deref().map(str::trim)
        && named(user)
    {
        ctx.fail(
            image.config_field("User", true),
            format!("image user {user} is not numeric"),
        )
        .evidence(format!("User={user}"));
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    if let Some((user, field, true)) = final_user(file)
        && named(&user)
    {
        ctx.fail(field, format!("USER {user} is not numeric"))
            .evidence(format!("USER {user}"));
    }
}
