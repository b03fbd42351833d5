use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG022",
    name: "unknown-instruction",
    summary: "Dockerfile line is no Dockerfile instruction",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails on each line after the first `FROM` whose first word is no Dockerfile instruction (a typo such as `RUNN`, a stray `~`, a shell line that lost its `RUN` or its line continuation). The rest of the file is still read and judged by every other rule; a word before the first `FROM` that is no instruction means the text is not a Dockerfile, which stays an input error.",
        why: "BuildKit and the classic builder refuse the whole file on such a line, so the image it describes is never built from it; a line that lost its continuation also means a command is not the one the author meant. Showing the line, with the findings on the rest, is more use than refusing the file.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: fix the Dockerfile.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Spell the instruction (`RUN`, `COPY`, ...), join a command that lost its line continuation (end the line before with `\\`), or delete the line.",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    for (index, ins) in file.instructions.iter().enumerate() {
        if ins.unknown {
            ctx.fail(
                Dockerfile::field(index),
                format!(
                    "`{}` is no Dockerfile instruction: the builder refuses the file",
                    ins.keyword
                ),
            )
            .evidence(ins.keyword.clone());
        }
    }
}
