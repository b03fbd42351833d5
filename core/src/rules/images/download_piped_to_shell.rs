use crate::analysis::shell::{downloads, program, program_words};
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG009",
    name: "download-piped-to-shell",
    summary: "A downloaded script is piped straight into a shell",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.11",
            "Ensure only verified packages are installed",
        )],
        nist: &["4.1.2", "4.1.5"],
    },
    docs: Docs {
        what: "Fails when a build command (any Dockerfile stage's `RUN`, or the image's own history) pipes the output of `curl` or `wget` into an interpreter (`sh`, `bash`, `zsh`, `ash`, `dash`, `ksh`, `python`, `perl`, `ruby`, `node`), or runs one on a `$(curl ...)` substitution. Downloading to a file, checking a digest and then running it passes.",
        why: "The script that runs is whatever the server sends at build time: nothing pins or verifies it, a compromised host or a man in the middle gets code execution in the build, and the result is not reproducible.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with a verified download.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Download, verify, then run:\n\n```dockerfile\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n```",
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

fn is_interpreter(prog: &str) -> bool {
    matches!(
        prog,
        "sh" | "bash"
            | "zsh"
            | "ash"
            | "dash"
            | "ksh"
            | "python"
            | "python3"
            | "perl"
            | "ruby"
            | "node"
    )
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("RUN")) {
        let mut evidence = None;
        for pipeline in step.pipelines.iter() {
            let download = pipeline.iter().position(|c| downloads(c));
            if let Some(d) = download
                && let Some(shell) = pipeline
                    .iter()
                    .skip(d + 1)
                    .find_map(|c| program(c).filter(|p| is_interpreter(p)))
            {
                let fetch = program(pipeline.get(d).map_or(&[][..], Vec::as_slice)).unwrap_or("");
                evidence = Some(format!("{fetch} ... | {shell}"));
                break;
            }
            for command in pipeline {
                let words = program_words(command);
                if program(command).is_some_and(is_interpreter)
                    && words
                        .iter()
                        .any(|w| w.contains("$(curl") || w.contains("$(wget"))
                {
                    evidence = Some(format!(
                        "{} -c \"$(curl ...)\"",
                        program(command).unwrap_or("sh")
                    ));
                }
            }
            if evidence.is_some() {
                break;
            }
        }
        if let Some(evidence) = evidence {
            ctx.fail(
                step.field.clone(),
                "a downloaded script runs without being verified",
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
