use crate::analysis::shell::{Command, basename, program_words};
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG018",
    name: "password-set-in-build",
    summary: "Build command sets a literal or empty account password",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.10",
            "Ensure secrets are not stored in Dockerfiles",
        )],
        nist: &["4.1.4"],
    },
    docs: Docs {
        what: "Fails when a build command (any Dockerfile stage's `RUN`, or the image's own history) sets an account's password from the build itself: `echo`/`printf` of `user:password` piped to `chpasswd`, text piped to `passwd`, `useradd`/`usermod`/`adduser` with `-p`/`--password` and a value (a hash is still a credential, and `''` is an empty password), or `passwd -d`/`--delete` (no password at all). `passwd -l` (locking) and `chpasswd` reading a mounted secret file pass. The password is never shown.",
        why: "A password written into a build command is stored in the image history and the layer for anyone who can pull the image, and the same password then opens every container made from it; an empty password lets any local user (or `su` from a compromised process) become that account.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image without the password.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Create accounts without a password (`useradd --system --no-create-home app`) and lock it (`passwd -l app`); when a password is needed at run time, read it from a secret:\n\n```dockerfile\nRUN --mount=type=secret,id=app_password chpasswd < /run/secrets/app_password\n```",
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

/// What a command does to a password, if it sets one from the build: the evidence to show
/// (without the password).
fn sets_password(pipeline: &[Command], index: usize) -> Option<String> {
    let command = pipeline.get(index)?;
    let words = program_words(command);
    let program = basename(words.first()?);
    let fed_text = index > 0
        && pipeline.get(..index).is_some_and(|before| {
            before.iter().any(|c| {
                program_words(c)
                    .first()
                    .is_some_and(|p| matches!(basename(p), "echo" | "printf"))
            })
        });
    match program {
        "chpasswd" if fed_text => Some("echo <user>:<password> | chpasswd".to_owned()),
        "passwd" if fed_text => Some("echo <password> | passwd".to_owned()),
        "passwd" => words
            .iter()
            .skip(1)
            .any(|w| w == "-d" || w == "--delete")
            .then(|| "passwd -d (empty password)".to_owned()),
        "useradd" | "usermod" | "adduser" => password_option(words).map(|empty| {
            if empty {
                format!("{program} -p '' (empty password)")
            } else {
                format!("{program} -p <password>")
            }
        }),
        _ => None,
    }
}

/// `-p VALUE`, `-pVALUE`, `--password VALUE` or `--password=VALUE` among `words`: `Some(true)`
/// for an empty value.
fn password_option(words: &[String]) -> Option<bool> {
    let mut iter = words.iter().skip(1);
    while let Some(word) = iter.next() {
        let value = match word.as_str() {
            "-p" | "--password" => iter.next().map(String::as_str),
            w if w.starts_with("--password=") => w.strip_prefix("--password="),
            w if w.starts_with("-p") && !w.starts_with("--") => w.strip_prefix("-p"),
            _ => continue,
        };
        return value.map(|v| v.trim_matches(['\'', '"']).is_empty());
    }
    None
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("RUN")) {
        let found = step.pipelines.iter().find_map(|pipeline| {
            (0..pipeline.len()).find_map(|index| sets_password(pipeline, index))
        });
        if let Some(evidence) = found {
            ctx.fail(
                step.field.clone(),
                "a build command sets or removes an account password, and the image records it",
            )
            .evidence(evidence);
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&all_steps(file), ctx);
}
