use crate::analysis::shell::{
    Pipeline, downloads, pipefail_option, pipelines, program, sets_pipefail,
};
use crate::analysis::steps::{Step, all_instruction_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG020",
    name: "pipe-without-pipefail",
    summary: "A download feeds a pipe in a shell without pipefail",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails once for each build command (any Dockerfile stage's `RUN`, or the image's own history) with a pipeline whose left side downloads something (`curl`, `wget`, `fetch`, `git archive --remote`) while `pipefail` is off. It is on when the script runs `set -o pipefail` (or `set -euo pipefail`, any `set` with `-o pipefail`) before the pipeline; when a Dockerfile `SHELL` with `-o pipefail` is in effect for the stage (a stage built `FROM` an earlier stage inherits its `SHELL`); when an exec-form `RUN` names a shell with `-o pipefail` (`[\"bash\", \"-o\", \"pipefail\", \"-c\", \"...\"]`; other exec forms run no shell and pass); and, in image history, when the recorded shell prefix has it (`/bin/bash -o pipefail -c ...`, which covers a `SHELL` set by a base image too). A download at the end of a pipe (`echo x | curl --data @- ...`) and pipes that only filter local output (`dpkg -l | grep ...`) pass. `curl ... | sh` also fails `IMG009` `download-piped-to-shell`: that rule is about running an unverified script, this one about a failed download going unnoticed; with `pipefail` on, `IMG009` still fires. Other linters check the same (hadolint DL4006).",
        why: "Without `pipefail` a pipeline's exit status is that of its last command: when the download fails (a moved URL, a 404 page, a network error), `tar`, `sh` or `gpg --dearmor` still exit 0 on empty or partial input, the `RUN` succeeds and the image ships without the file, with a truncated archive or with a half-run install script, and nothing in the build log says so.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with pipefail set.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Set `pipefail` for every later `RUN` of the stage (the shell must support it: `bash`, or BusyBox `ash`):\n\n```dockerfile\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n```\n\nor in the command itself: `RUN set -o pipefail && curl -fsSL ... | tar -xz`; or download to a file first (`curl -fsSLo /tmp/tool.tar.gz ...`).",
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

/// The first pipeline of `script` that pipes a download onward while `pipefail` is off, as
/// evidence (`curl ... | tar`). `pipefail` says whether the shell starts with it on.
fn hidden_download(pipelines: &[Pipeline], mut pipefail: bool) -> Option<String> {
    for pipeline in pipelines {
        if pipeline.iter().any(|c| sets_pipefail(c)) {
            pipefail = true;
        }
        if pipefail {
            return None;
        }
        let download = pipeline
            .iter()
            .take(pipeline.len().saturating_sub(1))
            .position(|c| downloads(c));
        if let Some(d) = download {
            let fetch = pipeline.get(d).and_then(|c| program(c)).unwrap_or("curl");
            let next = pipeline.get(d + 1).and_then(|c| program(c)).unwrap_or("");
            return Some(format!("{fetch} ... | {next}"));
        }
    }
    None
}

fn report(step: &Step, evidence: String, ctx: &mut CheckContext<'_>) {
    ctx.fail(
        step.field.clone(),
        "a download is piped on without pipefail, so its failure does not fail the RUN",
    )
    .evidence(evidence);
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let steps = history_steps(image);
    let raw: Vec<&str> = image
        .own_instructions()
        .into_iter()
        .map(|(i, _)| {
            image
                .history
                .get(i)
                .and_then(|h| h.created_by.as_deref())
                .unwrap_or("")
        })
        .collect();
    for (step, created_by) in steps.iter().zip(raw) {
        if !step.is("RUN") {
            continue;
        }
        // The shell the builder ran is recorded before the command: `/bin/bash -o pipefail -c`.
        let prefix = created_by.split(" -c ").next().unwrap_or("");
        let prefix_words: Vec<String> = prefix.split_whitespace().map(str::to_owned).collect();
        if let Some(evidence) = hidden_download(&step.pipelines, pipefail_option(&prefix_words)) {
            report(step, evidence, ctx);
        }
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    // Whether each stage's SHELL has pipefail at the current instruction.
    let mut stage_pipefail: Vec<Option<bool>> = vec![None; file.stages.len()];
    for (ins, step) in all_instruction_steps(file) {
        let Some(stage) = ins.stage else { continue };
        // A stage built on an earlier stage starts with that stage's SHELL.
        let inherited = file
            .stage_chain(stage)
            .iter()
            .skip(1)
            .find_map(|&p| stage_pipefail.get(p).copied().flatten())
            .unwrap_or(false);
        let Some(slot) = stage_pipefail.get_mut(stage) else {
            continue;
        };
        let pipefail = *slot.get_or_insert(inherited);
        match ins.keyword.as_str() {
            "SHELL" => *slot = Some(ins.exec.as_deref().is_some_and(pipefail_option)),
            "RUN" => {
                let evidence = match ins.exec.as_deref() {
                    None => hidden_download(&step.pipelines, pipefail),
                    // Exec form runs no shell unless it names one with `-c`.
                    Some(words) => {
                        let c = words.iter().position(|w| w == "-c");
                        match (words.first(), c) {
                            (Some(shell), Some(c)) if shell.ends_with("sh") => {
                                let options = words.get(..c).unwrap_or(&[]);
                                let script = words.get(c + 1..).unwrap_or(&[]).join(" ");
                                hidden_download(&pipelines(&script), pipefail_option(options))
                            }
                            _ => None,
                        }
                    }
                };
                if let Some(evidence) = evidence {
                    report(&step, evidence, ctx);
                }
            }
            _ => {}
        }
    }
}
