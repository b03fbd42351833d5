use crate::analysis::shell::{Command, output_goes_to_file, program, program_words};
use crate::analysis::steps::{Step, all_instruction_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG008",
    name: "tls-verification-disabled",
    summary: "TLS or package signature verification is turned off",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.11",
            "Ensure only verified packages are installed",
        )],
        nist: &["4.1.2", "4.1.5"],
    },
    docs: Docs {
        what: "Fails when a build command (any Dockerfile stage's `RUN`, or the image's own history) turns off TLS or signature checks: `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`, `apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--force-yes`/`-o Acquire::https::Verify-Peer=false`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck`, `rpm --nosignature`/`--nodigest`/`--noverify`, `sslverify=0`/`false`/`no`/`off` in a repository setting or `--setopt` (written by any command; `echo`/`printf` count only when their output goes to a file or `tee`, not when they print it), `npm`/`yarn config set strict-ssl false` or `--strict-ssl=false` (not `npm install strict-ssl false`, which installs packages of those names), `git -c http.sslVerify=false`; or when an environment (Dockerfile `ENV`, image or container `Config.Env`) sets `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY` (with any value, `0` and `false` included: git only tests that it exists), `NPM_CONFIG_STRICT_SSL=false`, `PIP_TRUSTED_HOST` or `CURL_INSECURE`. Such a variable also counts when a `RUN` sets it with `export` (for the rest of the command) or before a command, and when a Dockerfile `ARG` defaults to it (it is in the environment of every later `RUN` of its stage). One pair of surrounding quotes is removed from a value; `0\"` is not `0`.",
        why: "Without verification anyone on the network path, or a compromised mirror, can substitute the packages and files the image is built from, and environment settings keep the program trusting any certificate at run time.",
        remediation: Remediation {
            docker_run: "Remove the variables that disable verification (`-e NODE_TLS_REJECT_UNAUTHORIZED=0`, ...); add the CA the service needs to the trust store instead.",
            compose: "Remove those variables from `environment:`.",
            dockerfile: Some(
                "Keep verification on; trust a private CA explicitly instead of disabling checks:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && curl -fsSL https://internal/tool -o /usr/local/bin/tool\n```",
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

/// The environment setting that disables verification, if `NAME=value` is one.
fn env_disables(name: &str, value: &str) -> bool {
    let v = unquoted(value.trim()).to_ascii_lowercase();
    let off = matches!(v.as_str(), "0" | "false" | "no" | "off");
    match name {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => v == "0",
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" | "npm_config_strict_ssl" => off,
        // git turns verification off when the variable exists, whatever its value (`0` and
        // `false` included).
        "GIT_SSL_NO_VERIFY" => true,
        "CURL_INSECURE" => !v.is_empty() && !off,
        "PIP_TRUSTED_HOST" => !v.is_empty(),
        _ => false,
    }
}

/// `value` without one pair of surrounding double quotes: `"0"` is `0`, but `0"` (what
/// `VAR="0\""` sets) stays itself.
fn unquoted(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// The `NAME=value` words of a command that set variables: leading assignments
/// (`GIT_SSL_NO_VERIFY=1 git clone ...`) and the arguments of `export` (which set them for the
/// rest of the `RUN`).
fn assignments(command: &[String]) -> impl Iterator<Item = &String> {
    let leading = command
        .iter()
        .take_while(|w| crate::analysis::shell::is_assignment(w));
    let exported = command
        .first()
        .filter(|w| *w == "export")
        .into_iter()
        .flat_map(|_| command.iter().skip(1))
        .filter(|w| crate::analysis::shell::is_assignment(w));
    leading.chain(exported)
}

/// What in command `index` of `pipeline` disables verification, if anything.
fn command_disables(pipeline: &[Command], index: usize) -> Option<String> {
    let command = pipeline.get(index)?;
    let words = program_words(command);
    let prog = program(command)?;
    let has = |flag: &str| {
        words
            .iter()
            .any(|w| w == flag || w.starts_with(&format!("{flag}=")))
    };
    let text = words.join(" ").to_ascii_lowercase();
    let found = match prog {
        "curl" => {
            let short_k = words
                .iter()
                .skip(1)
                .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('k'));
            (has("--insecure") || short_k).then(|| "curl -k/--insecure".to_owned())
        }
        "wget" => has("--no-check-certificate").then(|| "wget --no-check-certificate".to_owned()),
        "pip" | "pip3" | "pipenv" | "poetry" | "uv" => {
            has("--trusted-host").then(|| format!("{prog} --trusted-host"))
        }
        "python" | "python3" if text.contains("-m pip") => {
            has("--trusted-host").then(|| "pip --trusted-host".to_owned())
        }
        "apk" => has("--allow-untrusted").then(|| "apk --allow-untrusted".to_owned()),
        "apt-get" | "apt" | "aptitude" => {
            if has("--allow-unauthenticated") {
                Some(format!("{prog} --allow-unauthenticated"))
            } else if has("--force-yes") {
                Some(format!("{prog} --force-yes"))
            } else if text.contains("verify-peer=false")
                || text.contains("allowunauthenticated=true")
                || text.contains("allowinsecurerepositories=true")
            {
                Some(format!("{prog} -o with verification off"))
            } else {
                None
            }
        }
        "yum" | "dnf" | "tdnf" | "microdnf" | "zypper" => {
            if has("--nogpgcheck") || has("--no-gpg-checks") {
                Some(format!("{prog} --nogpgcheck"))
            } else if sslverify_off(&text) {
                Some(format!("{prog} sslverify off"))
            } else {
                None
            }
        }
        "rpm" => [
            "--nosignature",
            "--nodigest",
            "--nofiledigest",
            "--noverify",
        ]
        .into_iter()
        .find(|f| has(f))
        .map(|f| format!("rpm {f}")),
        // `npm config set strict-ssl false`, or the option as a flag; `npm install strict-ssl
        // false` installs two packages of those names and sets nothing.
        "npm" | "yarn" | "pnpm" => ((words.iter().any(|w| w == "config")
            && words.iter().any(|w| w == "set")
            && (text.contains("strict-ssl false") || text.contains("strict-ssl=false")))
            || text.contains("--strict-ssl=false")
            || text.contains("--strict-ssl false"))
        .then(|| format!("{prog} strict-ssl false")),
        "git" => (text.contains("http.sslverify=false") || text.contains("http.sslverify false"))
            .then(|| "git http.sslVerify false".to_owned()),
        _ => None,
    };
    // Any other command that carries `sslverify=0` (`sed -i`, `yum-config-manager --save`,
    // `echo ... >> /etc/yum.conf`) writes the setting; `echo`/`printf` only print it unless
    // their output goes to a file.
    let prints_only = matches!(prog, "echo" | "printf") && !output_goes_to_file(pipeline, index);
    found.or_else(|| {
        (!prints_only && sslverify_off(&text))
            .then(|| "sslverify=0 in a repository setting".to_owned())
    })
}

/// Whether a (lowercased) command text sets yum/dnf's `sslverify` off: `0`, `false`, `no` and
/// `off` are all false to yum's boolean parser.
fn sslverify_off(text: &str) -> bool {
    ["0", "false", "no", "off"]
        .iter()
        .any(|v| text.contains(&format!("sslverify={v}")))
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps {
        match step.keyword.as_str() {
            "RUN" => {
                let cmds: Vec<&Command> = step.commands().collect();
                let mut found: Vec<String> = step
                    .pipelines
                    .iter()
                    .flat_map(|p| (0..p.len()).filter_map(|i| command_disables(p, i)))
                    .collect();
                for command in &cmds {
                    for word in assignments(command) {
                        if let Some((k, v)) = word.split_once('=')
                            && env_disables(k, v)
                        {
                            found.push(format!("{k}={v}"));
                        }
                    }
                }
                found.dedup();
                if !found.is_empty() {
                    ctx.fail(
                        step.field.clone(),
                        "a build command turns off TLS or signature verification",
                    )
                    .evidence(found.join(", "));
                }
            }
            // An `ARG` default is in the environment of every later `RUN` of its stage; an
            // `ENV` also in that of the image's programs.
            keyword @ ("ARG" | "ENV") if !step.from_history => {
                for word in &step.words {
                    if let Some((k, v)) = word.split_once('=')
                        && env_disables(k, v)
                    {
                        let message = if keyword == "ARG" {
                            format!(
                                "ARG {k} defaults to a value that turns off TLS verification for every later RUN of its stage"
                            )
                        } else {
                            format!("ENV {k} turns off TLS verification for the image's programs")
                        };
                        ctx.fail(step.field.clone(), message)
                            .evidence(format!("{k}={v}"));
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_env(env: &[String], ctx: &mut CheckContext<'_>, field: impl Fn(usize) -> String) {
    for (i, entry) in env.iter().enumerate() {
        let (k, v) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        if env_disables(k, v) {
            ctx.fail(field(i), format!("{k} turns off TLS verification"))
                .evidence(entry.clone());
        }
    }
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    check_env(&container.config.env, ctx, |i| format!("/Config/Env/{i}"));
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    if let Some(config) = ctx.image_config(image) {
        check_env(&config.env, ctx, |i| {
            image.config_member("Env", &i.to_string())
        });
    }
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let steps: Vec<Step> = all_instruction_steps(file)
        .map(|(ins, mut step)| {
            // Legacy `ENV key value` is read as one pair.
            if ins.keyword == "ENV" {
                step.words = ins
                    .pairs()
                    .into_iter()
                    .map(|(k, v)| format!("{k}={}", v.unwrap_or_default()))
                    .collect();
            }
            step
        })
        .collect();
    check_steps(&steps, ctx);
}
