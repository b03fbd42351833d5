use crate::analysis::shell::{program, program_words};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG011",
    name: "setuid-bit-set",
    summary: "A build command sets the setuid or setgid bit",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.8",
            "Ensure setuid and setgid permissions are removed",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails when a build command of the final image (the last Dockerfile stage and the stages it builds on, or the image's own history) runs `chmod` with a mode that sets setuid or setgid: symbolic (`u+s`, `g+s`, `+s`, `a+s`) or octal with a leading 4, 2 or 6 in a four-digit mode (`4755`, `2755`, `6755`). Removing the bits (`u-s`, `a-s`, `0755`) passes. Files that arrive with the bits already set are only visible in a file listing, which this rule does not read.",
        why: "A setuid or setgid binary runs with its owner's privileges whoever starts it: one bug in it gives an unprivileged container process root (or the group) inside the container, the first step of an escape.",
        remediation: Remediation {
            docker_run: "Run with `--security-opt no-new-privileges` so setuid bits have no effect, and rebuild the image without them.",
            compose: "Add `security_opt: [\"no-new-privileges:true\"]` to the service.",
            dockerfile: Some(
                "Do not set the bits; strip any the base image ships:\n\n```dockerfile\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\n```",
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

fn sets_special_bit(mode: &str) -> bool {
    if mode.len() == 4 && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return matches!(mode.as_bytes().first(), Some(b'2' | b'4' | b'6'));
    }
    mode.split(',').any(|clause| {
        clause.split_once('+').is_some_and(|(who, perms)| {
            who.chars().all(|c| "ugoa".contains(c)) && perms.contains('s')
        }) || clause.split_once('=').is_some_and(|(who, perms)| {
            who.chars().all(|c| "ugoa".contains(c)) && perms.contains('s')
        })
    })
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("RUN")) {
        for command in step.commands() {
            if program(command) != Some("chmod") {
                continue;
            }
            let words = program_words(command);
            if let Some(mode) = words
                .iter()
                .skip(1)
                .find(|w| !w.starts_with('-') || w.starts_with("-s") && w.len() == 2)
                .filter(|m| sets_special_bit(m))
            {
                ctx.fail(step.field.clone(), "chmod sets the setuid or setgid bit")
                    .evidence(format!("chmod {mode}"));
                break;
            }
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&final_steps(file), ctx);
}
