use super::label_schema_violation::{
    SubjectLabel, container_labels, dockerfile_labels, image_labels,
};
use crate::labels::{key_problem, reserved_namespace};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON031",
    name: "label-key-invalid",
    summary: "Label key breaks Docker's key syntax or uses a namespace Docker reserves",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Checks every label key of images, containers and Dockerfiles (final stage) against Docker's guideline: lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit, without consecutive separators (an `info` finding: tools still read such keys, but they are easy to get wrong). On images and Dockerfiles, also flags keys in the namespaces Docker reserves for itself (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`), except the ones Docker's own tools set (`com.docker.compose.*`, `com.docker.desktop.extension.*`, `com.docker.extension.*`). Containers are not checked for reserved namespaces: Docker labels them itself.",
        why: "Keys that differ only in case or punctuation are different keys, so a query for `org.opencontainers.image.source` misses `org.opencontainers.image.Source`; keys in Docker's namespaces can be confused with (or shadow) what Docker's tools write.",
        remediation: Remediation {
            docker_run: "Use a lowercase reverse-DNS key of your own domain: `--label com.example.team=payments`.",
            compose: "Rename the key under `labels:`.",
            dockerfile: Some("Rename the key: `LABEL com.example.team=payments`."),
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

/// Reserved-namespace keys Docker's own tools write.
const DOCKER_OWN: &[&str] = &[
    "com.docker.compose.",
    "com.docker.desktop.extension.",
    "com.docker.extension.",
];

fn check(ctx: &mut CheckContext<'_>, labels: &[SubjectLabel], reserved: bool) {
    for label in labels {
        if let Some(why) = key_problem(&label.key) {
            ctx.fail(label.field.clone(), format!("label key {why}"))
                .severity(Severity::Info)
                .evidence(label.key.clone());
        }
        if reserved
            && let Some(namespace) = reserved_namespace(&label.key)
            && !DOCKER_OWN.iter().any(|p| label.key.starts_with(p))
        {
            ctx.fail(
                label.field.clone(),
                format!(
                    "label key `{}` is in the namespace `{namespace}*` that Docker reserves",
                    label.key
                ),
            )
            .evidence(label.key.clone());
        }
    }
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    check(ctx, &container_labels(container), false);
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check(ctx, &image_labels(image), true);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check(ctx, &dockerfile_labels(file), true);
}
