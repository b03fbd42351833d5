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
        what: "Checks every label key of images, containers and Dockerfiles (final stage) against Docker's guideline: lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit, without consecutive separators (an `info` finding: tools still read such keys, but they are easy to get wrong). On images and Dockerfiles, also flags keys in the namespaces Docker reserves for itself (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`). Keys in the namespaces that tools write themselves are skipped by both checks, whatever their syntax (Compose writes `com.docker.compose.project.working_dir`): `com.docker.compose.*`, `com.docker.stack.*` and `com.docker.swarm.*` (Compose, `docker stack`, swarm tasks), `com.docker.desktop.extension.*`, `com.docker.extension.*` and `desktop.docker.io/*` (Docker Desktop), `io.podman.*` and `io.containers.*` (Podman, podman-compose), `io.kubernetes.*` and `annotation.io.kubernetes.*` (the kubelet through dockershim or cri-dockerd), and Podman's `PODMAN_SYSTEMD_UNIT`. OCI keys (`org.opencontainers.*`) are checked like any other: a wrongly spelt one is the user's. Containers are not checked for reserved namespaces: Docker labels them itself.",
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

/// Namespaces whose keys tools write themselves (the user cannot rename them): neither the
/// key syntax nor Docker's reservation applies.
const TOOL_OWNED: &[&str] = &[
    // Docker Compose (`com.docker.compose.project.working_dir`, `...depends_on`).
    "com.docker.compose.",
    // `docker stack deploy` (`com.docker.stack.namespace`) and swarm tasks
    // (`com.docker.swarm.service.name`).
    "com.docker.stack.",
    "com.docker.swarm.",
    // Docker Desktop and its extensions (`desktop.docker.io/binds/0/Source`).
    "com.docker.desktop.extension.",
    "com.docker.extension.",
    "desktop.docker.io/",
    // Podman and podman-compose (`io.podman.compose.project`, `io.containers.autoupdate`).
    "io.podman.",
    "io.containers.",
    // The kubelet through dockershim or cri-dockerd (`io.kubernetes.pod.name`,
    // `annotation.io.kubernetes.container.restartCount`).
    "io.kubernetes.",
    "annotation.io.kubernetes.",
];

/// Single keys tools write themselves.
const TOOL_OWNED_KEYS: &[&str] = &[
    // Podman on containers that `podman generate systemd --new` and Quadlet units create.
    "PODMAN_SYSTEMD_UNIT",
];

/// Whether `key` is in a namespace a tool writes itself.
fn tool_owned(key: &str) -> bool {
    TOOL_OWNED.iter().any(|p| key.starts_with(p)) || TOOL_OWNED_KEYS.contains(&key)
}

fn check(ctx: &mut CheckContext<'_>, labels: &[SubjectLabel], reserved: bool) {
    for label in labels {
        if tool_owned(&label.key) {
            continue;
        }
        if let Some(why) = key_problem(&label.key) {
            ctx.fail(label.field.clone(), format!("label key {why}"))
                .severity(Severity::Info)
                .evidence(label.key.clone());
        }
        if reserved && let Some(namespace) = reserved_namespace(&label.key) {
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
    if ctx.image_config(image).is_some() {
        check(ctx, &image_labels(image), true);
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check(ctx, &dockerfile_labels(file), true);
}
