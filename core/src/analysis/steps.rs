//! One view of build instructions, whether they come from a Dockerfile or from an image's
//! history, so a rule about `RUN`, `COPY` or `ENV` is written once and evaluated on both.

use std::sync::Arc;

use super::shell::{Command, Pipeline, pipelines};
use crate::document::{Dockerfile, Image, Instruction, split_words};

/// A build instruction from a Dockerfile or an image history entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// Upper-case keyword.
    pub(crate) keyword: String,
    /// Arguments as written (after flags).
    pub(crate) args: String,
    /// For `RUN`: the shell text it runs, here-document bodies included.
    pub(crate) script: String,
    /// Arguments split into words (exec form taken as is); empty for `RUN`, which rules read
    /// through `script`.
    pub(crate) words: Vec<String>,
    /// Flags (`--from`, `--checksum`, `--mount`).
    pub(crate) flags: Vec<(String, Option<String>)>,
    /// Build arguments recorded with a history `RUN`.
    pub(crate) build_args: Vec<(String, String)>,
    /// The field a finding about this step reports.
    pub(crate) field: String,
    /// Whether the step comes from image history (no flags, `file:<hash>` sources).
    pub(crate) from_history: bool,
    /// For `RUN`: the script read as shell pipelines (shared with every rule).
    pub(crate) pipelines: Arc<Vec<Pipeline>>,
}

impl Step {
    /// A flag's value by name.
    pub(crate) fn flag(&self, name: &str) -> Option<&str> {
        let flag = format!("--{name}");
        self.flags
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_deref().unwrap_or(""))
            .or_else(|| {
                // History keeps flags inside the arguments (`ADD --checksum=... url /x`).
                self.words.iter().find_map(|w| {
                    let (n, v) = w.split_once('=').unwrap_or((w.as_str(), ""));
                    n.eq_ignore_ascii_case(&flag).then_some(v)
                })
            })
    }

    /// Whether a `RUN --mount=type=cache` covers `dir`: its target is `dir` or a directory
    /// that holds it, so what the build writes there stays out of the layer.
    pub(crate) fn cache_mounted(&self, dir: &str) -> bool {
        self.flags
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("mount"))
            .filter_map(|(_, value)| value.as_deref())
            .any(|value| {
                let fields: Vec<(&str, &str)> = value
                    .split(',')
                    .map(|f| f.split_once('=').unwrap_or((f, "")))
                    .collect();
                fields.iter().any(|&(k, v)| k == "type" && v == "cache")
                    && fields.iter().any(|&(k, v)| {
                        let target = v.trim_end_matches('/');
                        matches!(k, "target" | "dst" | "destination")
                            && !target.is_empty()
                            && (target == dir
                                || dir
                                    .strip_prefix(target)
                                    .is_some_and(|rest| rest.starts_with('/')))
                    })
            })
    }

    /// The simple commands of a `RUN` script, in order.
    pub(crate) fn commands(&self) -> impl Iterator<Item = &Command> {
        self.pipelines.iter().flatten()
    }

    /// Whether the step is the instruction `keyword`.
    pub(crate) fn is(&self, keyword: &str) -> bool {
        self.keyword == keyword
    }

    /// `COPY`/`ADD` sources and destination (history `file:<hash> in <dest>` gives the
    /// destination only).
    pub(crate) fn copy_parts(&self) -> (Vec<String>, String) {
        let words: Vec<String> = self
            .words
            .iter()
            .filter(|w| !w.starts_with("--"))
            .cloned()
            .collect();
        if self.from_history
            && let Some(pos) = words.iter().position(|w| w == "in")
        {
            let sources = words.get(..pos).unwrap_or(&[]).to_vec();
            let dest = words
                .get(pos + 1..)
                .map(|d| d.join(" "))
                .unwrap_or_default();
            return (sources, dest);
        }
        match words.split_last() {
            Some((dest, sources)) => (sources.to_vec(), dest.clone()),
            None => (Vec::new(), String::new()),
        }
    }
}

fn run_script(ins: &Instruction) -> String {
    match (&ins.exec, ins.keyword.as_str()) {
        (Some(words), "RUN") => match words.as_slice() {
            [shell, flag, rest @ ..] if flag == "-c" && shell.ends_with("sh") => rest.join(" "),
            _ => words.join(" "),
        },
        _ => ins.script(),
    }
}

/// The shell pipelines of every instruction of `file` (empty for non-`RUN`), parsed once.
fn dockerfile_shell(file: &Dockerfile) -> &[Arc<Vec<Pipeline>>] {
    file.shell.0.get_or_init(|| {
        file.instructions
            .iter()
            .map(|ins| {
                let trigger = ins.trigger();
                match trigger.as_ref().unwrap_or(ins) {
                    run if run.keyword == "RUN" => Arc::new(pipelines(&run_script(run))),
                    _ => Arc::default(),
                }
            })
            .collect()
    })
}

/// The step of instruction `index`; an `ONBUILD` is read as the instruction it registers.
fn from_instruction(file: &Dockerfile, index: usize, ins: &Instruction) -> Step {
    let trigger = ins.trigger();
    let ins = trigger.as_ref().unwrap_or(ins);
    Step {
        keyword: ins.keyword.clone(),
        args: ins.args.clone(),
        script: run_script(ins),
        // RUN is read through its script; splitting long scripts into words is not needed.
        words: if ins.keyword == "RUN" {
            Vec::new()
        } else {
            ins.words()
        },
        flags: ins.flags.clone(),
        build_args: Vec::new(),
        field: Dockerfile::field(index),
        from_history: false,
        pipelines: dockerfile_shell(file)
            .get(index)
            .cloned()
            .unwrap_or_default(),
    }
}

/// The instructions that make the final image: the final stage and the stages it builds on.
pub(crate) fn final_steps(file: &Dockerfile) -> Vec<Step> {
    file.final_instructions()
        .into_iter()
        .map(|(i, ins)| from_instruction(file, i, ins))
        .collect()
}

/// Every instruction of every stage (not `FROM` and not global `ARG`s).
pub(crate) fn all_steps(file: &Dockerfile) -> Vec<Step> {
    all_instruction_steps(file).map(|(_, step)| step).collect()
}

/// Every instruction of every stage with its step, for rules that need both.
pub(crate) fn all_instruction_steps(
    file: &Dockerfile,
) -> impl Iterator<Item = (&Instruction, Step)> {
    file.instructions
        .iter()
        .enumerate()
        .filter(|(_, ins)| ins.stage.is_some() && ins.keyword != "FROM")
        .map(|(i, ins)| (ins, from_instruction(file, i, ins)))
}

/// The image's own history entries (after the base image's) as steps.
pub(crate) fn history_steps(image: &Image) -> Vec<Step> {
    let shell = image.shell.0.get_or_init(|| {
        image
            .history
            .iter()
            .map(|h| match h.instruction() {
                Some(ins) if ins.keyword == "RUN" => Arc::new(pipelines(&ins.args)),
                _ => Arc::default(),
            })
            .collect()
    });
    image
        .own_instructions()
        .into_iter()
        .map(|(i, ins)| {
            let words = if ins.keyword == "RUN" {
                Vec::new()
            } else if ins.args.trim_start().starts_with('[') {
                serde_json::from_str::<Vec<String>>(&ins.args)
                    .unwrap_or_else(|_| split_words(&ins.args))
            } else {
                split_words(&ins.args)
            };
            Step {
                script: ins.args.clone(),
                keyword: ins.keyword,
                args: ins.args,
                words,
                flags: Vec::new(),
                build_args: ins.build_args,
                field: image.history_field(i),
                from_history: true,
                pipelines: shell.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect()
}
