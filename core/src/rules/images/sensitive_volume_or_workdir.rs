use crate::analysis::steps::{Step, final_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG012",
    name: "sensitive-volume-or-workdir",
    summary: "VOLUME or WORKDIR points at a system path",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.6",
            "Ensure sensitive host system directories are not mounted on containers",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when an image's `Volumes` or `WorkingDir`, or a `VOLUME`/`WORKDIR` of a Dockerfile's final image, is `/proc`, `/sys`, `/dev`, `/boot`, `/lost+found`, `/initrd`, or anything under them, or the Docker socket (`/var/run/docker.sock`, `/run/docker.sock`). Matching is by path component, so `/device-data` or `/system` pass.",
        why: "An anonymous volume over a kernel or device path shadows what the runtime mounts there, and an image that expects the Docker socket as a volume is built to be run with control of the host's engine.",
        remediation: Remediation {
            docker_run: "Do not mount over system paths; mount data at an application path (`-v data:/var/lib/app`).",
            compose: "Use an application path as the `volumes:` target.",
            dockerfile: Some(
                "Declare application paths only:\n\n```dockerfile\nWORKDIR /app\nVOLUME [\"/var/lib/app\"]\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn is_sensitive(path: &str) -> bool {
    let trimmed = path.trim().trim_end_matches('/');
    if matches!(trimmed, "/var/run/docker.sock" | "/run/docker.sock") {
        return true;
    }
    ["/proc", "/sys", "/dev", "/boot", "/lost+found", "/initrd"]
        .iter()
        .any(|root| trimmed == *root || trimmed.starts_with(&format!("{root}/")))
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    for volume in config.volumes.iter().filter(|v| is_sensitive(v)) {
        ctx.fail(
            image.config_member("Volumes", volume),
            format!("the image declares a volume at the system path {volume}"),
        )
        .evidence(format!("Volumes {volume}"));
    }
    if let Some(dir) = config.working_dir.as_deref().filter(|d| is_sensitive(d)) {
        ctx.fail(
            image.config_field("WorkingDir", true),
            format!("the image's working directory is the system path {dir}"),
        )
        .evidence(format!("WorkingDir={dir}"));
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let steps: Vec<Step> = final_steps(file);
    for step in &steps {
        let paths: Vec<&String> = match step.keyword.as_str() {
            "VOLUME" => step.words.iter().collect(),
            "WORKDIR" => step.words.first().into_iter().collect(),
            _ => continue,
        };
        for path in paths.into_iter().filter(|p| is_sensitive(p)) {
            ctx.fail(
                step.field.clone(),
                format!("{} points at the system path {path}", step.keyword),
            )
            .evidence(format!("{} {path}", step.keyword));
        }
    }
}
