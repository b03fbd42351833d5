use crate::analysis::shell::{basename, is_assignment};
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG010",
    name: "sudo-in-build",
    summary: "Build command runs sudo",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::related(
            "4.1",
            "Ensure that a user for the container has been created",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails when a build command (any Dockerfile stage's `RUN`, or the image's own history) runs `sudo`. A word that merely contains `sudo` (`apt-get install sudo`, `pseudo`) is not a use.",
        why: "`sudo` in an image means the image ships sudo and a sudoers rule, so a process that should be unprivileged can become root; it also behaves unpredictably without a TTY. Build steps that need root should run before `USER` switches away from it.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image without sudo.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Run privileged steps as root, then drop privileges:\n\n```dockerfile\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\n```\n\nUse `gosu`/`su-exec` in an entrypoint when a process must start as root and drop.",
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

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("RUN")) {
        let uses = step.commands().find(|c| {
            c.iter()
                .find(|w| !is_assignment(w))
                .is_some_and(|w| basename(w) == "sudo")
        });
        if let Some(command) = uses {
            let shown: Vec<&str> = command.iter().take(4).map(String::as_str).collect();
            ctx.fail(step.field.clone(), "RUN uses sudo")
                .evidence(shown.join(" "));
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&all_steps(file), ctx);
}
