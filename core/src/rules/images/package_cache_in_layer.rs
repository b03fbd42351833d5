use crate::analysis::shell::{
    Command, PackageVerb, is_assignment, package_action, pip_install, program, program_words,
    removes,
};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG021",
    name: "package-cache-in-layer",
    summary: "A build command leaves package lists or caches in the image layer",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails once for each `RUN` of the final image (the Dockerfile's final stage and the stages it is built `FROM`, or the image's own history) that leaves a package manager's index or download cache behind: `apt-get`/`apt update` without removing `/var/lib/apt/lists` (`rm -rf /var/lib/apt/lists/*`) in the same `RUN`; `apk add`/`update`/`upgrade` without `--no-cache` and without removing `/var/cache/apk`; `pip install` (also `pip3`, `python -m pip`) without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a true value (`1`, `true`, `yes`, `on`) by an earlier `ENV`/`ARG`, the image's `Config.Env`, `export` or an assignment before the command, or the `RUN` removes the pip cache (`rm -rf /root/.cache/pip`, `pip cache purge`); `yum`/`dnf`/`microdnf`/`tdnf` installs without a `clean all` (or removal of `/var/cache/yum`, `/var/cache/dnf`) in the same `RUN`. A `RUN --mount=type=cache` on the directory keeps it out of the layer and passes. Intermediate build stages are not judged: their layers do not ship, and a cache there only speeds up rebuilds. Cleaning up in a later `RUN` does not help, since the earlier layer still holds the files. Other linters check the same (hadolint DL3009, DL3019, DL3042, DL3032, DL3040).",
        why: "Package indexes and caches are tens of megabytes that nothing in the running container needs: they make every pull and every node's disk pay for the build, and stale indexes can mislead scanners and later `apt-get install` runs in derived images.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with the cleanup in the same `RUN`.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Clean up in the instruction that fills the cache, or keep the cache out of the layer with a cache mount:\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache curl\nRUN pip install --no-cache-dir -r requirements.txt\nRUN dnf install -y curl && dnf clean all\n# or\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n```",
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

/// Whether `PIP_NO_CACHE_DIR=value` turns pip's cache off.
fn pip_cache_off(name: &str, value: &str) -> bool {
    name == "PIP_NO_CACHE_DIR"
        && matches!(
            value
                .trim_matches(['"', '\''])
                .to_ascii_lowercase()
                .as_str(),
            "1" | "true" | "yes" | "on"
        )
}

/// `NAME=value` words assigned before the program or by `export`.
fn assigns_pip_cache_off(command: &Command) -> bool {
    let exported = program(command) == Some("export");
    let words = program_words(command);
    let before = command.len().saturating_sub(words.len());
    command
        .iter()
        .take(before)
        .chain(words.iter().skip(1).filter(|_| exported))
        .filter(|w| is_assignment(w))
        .filter_map(|w| w.split_once('='))
        .any(|(k, v)| pip_cache_off(k, v))
}

fn rpm_manager(manager: &str) -> bool {
    matches!(manager, "yum" | "dnf" | "microdnf" | "tdnf")
}

/// What `step` leaves behind, as evidence; `pip_env` says whether the environment already
/// turns pip's cache off.
fn caches_left(step: &Step, pip_env: bool) -> Vec<String> {
    let commands: Vec<&Command> = step.commands().collect();
    let removed = |dir: &str| step.cache_mounted(dir) || commands.iter().any(|c| removes(c, dir));
    let mut found = Vec::new();
    let actions: Vec<_> = commands
        .iter()
        .filter_map(|c| package_action(c).map(|a| (a, *c)))
        .collect();
    let apt_update = actions.iter().find(|(a, _)| {
        matches!(a.manager, "apt-get" | "apt" | "aptitude") && a.action == PackageVerb::Refresh
    });
    if let Some((a, _)) = apt_update
        && !removed("/var/lib/apt/lists")
    {
        found.push(format!(
            "{} update without removing /var/lib/apt/lists",
            a.manager
        ));
    }
    let apk_cached = actions.iter().any(|(a, c)| {
        a.manager == "apk"
            && a.action != PackageVerb::Other
            && !program_words(c).iter().any(|w| w == "--no-cache")
    });
    if apk_cached && !removed("/var/cache/apk") {
        found.push("apk without --no-cache".to_owned());
    }
    let rpm = actions
        .iter()
        .find(|(a, _)| rpm_manager(a.manager) && a.action == PackageVerb::Install);
    let cleaned = commands.iter().any(|c| {
        let words = program_words(c);
        program(c).is_some_and(rpm_manager)
            && words.iter().any(|w| w == "clean")
            && words.iter().any(|w| w == "all")
    });
    if let Some((a, _)) = rpm
        && !cleaned
        && !removed("/var/cache/yum")
        && !removed("/var/cache/dnf")
    {
        found.push(format!(
            "{} install without {} clean all",
            a.manager, a.manager
        ));
    }
    let mut pip_off = pip_env;
    let mut pip_cached = false;
    for command in &commands {
        if assigns_pip_cache_off(command) && program(command) == Some("export") {
            pip_off = true;
        }
        if let Some(args) = pip_install(command)
            && !pip_off
            && !assigns_pip_cache_off(command)
            && !args.iter().any(|w| w == "--no-cache-dir")
        {
            pip_cached = true;
        }
    }
    let pip_purged = commands.iter().any(|c| {
        let words = program_words(c);
        words.windows(2).any(|w| {
            w.first().is_some_and(|x| x == "cache") && w.get(1).is_some_and(|x| x == "purge")
        })
    });
    if pip_cached
        && !pip_purged
        && !["/root/.cache/pip", "~/.cache/pip", "$HOME/.cache/pip"]
            .iter()
            .any(|dir| removed(dir))
    {
        found.push("pip install without --no-cache-dir".to_owned());
    }
    found
}

fn check_steps(steps: &[Step], mut pip_env: bool, ctx: &mut CheckContext<'_>) {
    for step in steps {
        match step.keyword.as_str() {
            "ENV" | "ARG" => {
                for word in &step.words {
                    if let Some((k, v)) = word.split_once('=')
                        && k == "PIP_NO_CACHE_DIR"
                    {
                        pip_env = pip_cache_off(k, v);
                    }
                }
            }
            "RUN" => {
                let found = caches_left(step, pip_env);
                if !found.is_empty() {
                    ctx.fail(
                        step.field.clone(),
                        "the RUN leaves package lists or caches in the image layer",
                    )
                    .evidence(found.join("; "));
                }
            }
            _ => {}
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let env_off = image
        .config
        .env
        .iter()
        .any(|e| e.split_once('=').is_some_and(|(k, v)| pip_cache_off(k, v)));
    check_steps(&history_steps(image), env_off, ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let steps: Vec<Step> = file
        .final_instructions()
        .into_iter()
        .zip(final_steps(file))
        .map(|((_, ins), mut step)| {
            // Legacy `ENV key value` is read as one pair.
            if ins.keyword == "ENV" || ins.keyword == "ARG" {
                step.words = ins
                    .pairs()
                    .into_iter()
                    // An `ARG` without a default leaves the value unknown.
                    .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
                    .collect();
            }
            step
        })
        .collect();
    check_steps(&steps, false, ctx);
}
