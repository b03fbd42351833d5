use crate::analysis::shell;
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;
use crate::secrets::{
    is_placeholder, is_secret_name, is_setting_value, redact_assignment, secret_value_format,
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG002",
    name: "secret-in-environment",
    summary: "Secret stored in an environment variable, build argument or build command",
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
        what: "Fails when a secret is visible in what an image or container carries: a `Config.Env` entry of a container or image whose name looks secret (token-based: `DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, and `PASS`, `PSW`, `PASSWD` or a qualified `PWD` as a word of the name; not `PWD` itself, `KEYCLOAK_URL`, `GPG_KEY`, or names ending in a word that makes them a reference to or a setting about a secret: `*_FILE`, `*_PATH`, `*_TTL`, `*_TTL_SECONDS`, `*_MIN_LENGTH`, `*_VERSION`, ...) and holds a value that is not a setting (a path such as `GOOGLE_APPLICATION_CREDENTIALS=/path/key.json`, a number of up to four digits, or a boolean), or whose value has a known credential format (AWS key id, GitHub/GitLab/Slack/Stripe tokens, private keys, URLs with a password); in a Dockerfile, an `ENV` or `ARG` default of that kind in any stage, an `ARG` with a secret-looking name (its value is recorded in the image history when passed with `--build-arg`), and `RUN` commands that assign a literal secret (`export API_TOKEN=...`); in image history, build arguments recorded with `RUN` entries and literal secret assignments of the image's own layers. Values are never shown.",
        why: "Environment variables and build arguments are stored in the image config and history in clear text: anyone who can pull the image or inspect a container reads them, and they outlive rotation.",
        remediation: Remediation {
            docker_run: "Pass secrets as files (`--mount type=bind,src=secret,dst=/run/secrets/x,ro` or swarm/compose secrets) and point the program at the file (`DB_PASSWORD_FILE=/run/secrets/db`).",
            compose: "Use top-level `secrets:` and the service's `secrets:` list; set `*_FILE` variables to `/run/secrets/<name>`.",
            dockerfile: Some(
                "Use a build secret instead of `ARG`/`ENV`:\n\n```dockerfile\nRUN --mount=type=secret,id=npm_token \\\n    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n```\n\nand build with `docker build --secret id=npm_token,env=NPM_TOKEN .`",
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

/// Why a `NAME=value` assignment holds a secret, if it does.
fn judge(name: &str, value: &str) -> Option<String> {
    if let Some(format) = secret_value_format(value) {
        return Some(format!("value has the format of a {format}"));
    }
    if is_secret_name(name) && !is_placeholder(value) && !is_setting_value(value) {
        return Some("secret-looking name with a value".to_owned());
    }
    None
}

fn check_env(
    entries: &[(usize, String)],
    ctx: &mut CheckContext<'_>,
    field: impl Fn(usize) -> String,
) {
    for (index, entry) in entries {
        let (name, value) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        if let Some(why) = judge(name, value) {
            ctx.fail(
                field(*index),
                format!("environment variable {name} holds a secret ({why})"),
            )
            .evidence(redact_assignment(name));
        }
    }
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let entries: Vec<(usize, String)> = container.config.env.iter().cloned().enumerate().collect();
    check_env(&entries, ctx, |i| format!("/Config/Env/{i}"));
}

/// Literal secret assignments in a `RUN` (`export TOKEN=abc`, `PASSWORD=x cmd`).
fn script_assignments(step: &Step) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for command in step.commands() {
        let words: &[String] = match command.first().map(String::as_str) {
            Some("export" | "declare" | "readonly" | "local") => command.get(1..).unwrap_or(&[]),
            _ => command,
        };
        for word in words {
            if !shell::is_assignment(word) {
                break;
            }
            if let Some((name, value)) = word.split_once('=')
                && !value.starts_with('$')
                && !value.starts_with('`')
                && judge(name, value).is_some()
            {
                out.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    out
}

fn check_run(step: &Step, ctx: &mut CheckContext<'_>) {
    for (name, _) in script_assignments(step) {
        ctx.fail(
            step.field.clone(),
            format!(
                "RUN assigns a literal secret to {name}; the command is stored in the image history"
            ),
        )
        .evidence(redact_assignment(&name));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    if let Some(config) = ctx.image_config(image) {
        let entries: Vec<(usize, String)> = config.env.iter().cloned().enumerate().collect();
        check_env(&entries, ctx, |i| {
            image.config_member("Env", &i.to_string())
        });
    }
    for step in history_steps(image) {
        for (name, value) in &step.build_args {
            if let Some(why) = judge(name, value) {
                ctx.fail(
                    step.field.clone(),
                    format!("build argument {name} is recorded in the image history ({why})"),
                )
                .evidence(redact_assignment(name));
            }
        }
        match step.keyword.as_str() {
            "RUN" => check_run(&step, ctx),
            "ARG" => {
                for word in &step.words {
                    if let Some((name, value)) = word.split_once('=')
                        && let Some(why) = judge(name, value)
                    {
                        ctx.fail(
                            step.field.clone(),
                            format!("ARG {name} is recorded in the image history ({why})"),
                        )
                        .evidence(redact_assignment(name));
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    for (index, ins) in file.instructions.iter().enumerate() {
        let field = Dockerfile::field(index);
        match ins.keyword.as_str() {
            "ENV" => {
                for (name, value) in ins.pairs() {
                    let value = value.unwrap_or_default();
                    let secret = secret_value_format(&value).is_some()
                        || (is_secret_name(&name)
                            && !value.trim().is_empty()
                            && !is_setting_value(&value));
                    if secret {
                        ctx.fail(
                            field.clone(),
                            format!("ENV {name} stores a secret in the image config"),
                        )
                        .evidence(redact_assignment(&name));
                    }
                }
            }
            "ARG" => {
                for (name, value) in ins.pairs() {
                    match value {
                        Some(value) if judge(&name, &value).is_some() => {
                            ctx.fail(
                                field.clone(),
                                format!("ARG {name} has a secret default value"),
                            )
                            .evidence(redact_assignment(&name));
                        }
                        None if is_secret_name(&name) => {
                            ctx.fail(
                                field.clone(),
                                format!("ARG {name} takes a secret as a build argument; its value is recorded in the image history"),
                            )
                            .severity(Severity::Medium)
                            .evidence(format!("ARG {name}"));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for step in all_steps(file) {
        if step.is("RUN") {
            check_run(&step, ctx);
        }
    }
}
