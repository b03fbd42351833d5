//! Dockerfiles: a BuildKit-grade reader that keeps the line and column of every instruction.
//!
//! What it understands: parser directives (`# syntax=`, `# escape=`, `# check=`), line
//! continuations with the file's escape character, comment and empty lines inside
//! continuations, here-documents (`<<EOF`, `<<-EOF`, quoted delimiters, several per
//! instruction), JSON (exec) and shell forms, flags (`RUN --mount=...`, `COPY --from=...`),
//! `ARG` before `FROM` with defaults resolved in `FROM`, stage names, case-insensitive
//! instructions and both `ENV` syntaxes. Text that is not a Dockerfile is an error that names
//! its line.

use std::collections::HashMap;

use super::origin::Origin;
use super::variables::{MAX_EXPANSION, VariableWalk, expand_within};
use crate::{DocumentKind, Error, InputProblem};

/// The instructions a Dockerfile may contain.
pub(super) const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// The arguments BuildKit defines in the global scope for every build, whose values depend on
/// the platform built for.
const PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// The variables a `FROM` sees: the global `ARG`s and BuildKit's platform arguments. One declared without a default may be
/// given with `--build-arg`, so it has no known value; a name no `ARG` declares is empty, as
/// BuildKit substitutes it (`FROM alpine$TAG` builds `alpine`, which is `alpine:latest`).
struct FromScope {
    defaults: HashMap<String, String>,
    declared: std::collections::HashSet<String>,
}

impl super::variables::Variables for FromScope {
    fn value(&self, name: &str) -> Option<&str> {
        match self.defaults.get(name) {
            Some(value) => Some(value),
            None if self.declared.contains(name) => None,
            None => Some(""),
        }
    }
}

/// A parsed Dockerfile subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dockerfile {
    /// The `# syntax=` directive, if any.
    pub syntax: Option<String>,
    /// The escape character (`\` unless `# escape=` says otherwise).
    pub escape: char,
    /// `ARG` instructions before the first `FROM`: name and default.
    pub global_args: Vec<(String, Option<String>)>,
    /// Every instruction, in order.
    pub instructions: Vec<Instruction>,
    /// Build stages, in order; the last one is the image the file builds by default.
    pub stages: Vec<Stage>,
    /// Where the file came from; positions are keyed `/instructions/<index>`.
    pub origin: Origin,
    pub(crate) shell: super::ShellCache,
    /// Stage indices by lower-cased name, in order (a name may be reused).
    stage_names: HashMap<String, Vec<usize>>,
}

/// One instruction, with its continuation lines joined and comments inside them removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Instruction {
    /// Upper-case keyword (`RUN`).
    pub keyword: String,
    /// 1-based line of the keyword.
    pub line: u32,
    /// 1-based column of the keyword.
    pub column: u32,
    /// Flags before the arguments (`--mount=type=cache,target=/x`): name and value.
    pub flags: Vec<(String, Option<String>)>,
    /// The arguments after the flags, as written (continuations joined).
    pub args: String,
    /// The arguments in JSON (exec) form, when they are a JSON array of strings.
    pub exec: Option<Vec<String>>,
    /// Here-documents introduced by this instruction, in order.
    pub heredocs: Vec<Heredoc>,
    /// Index of the stage the instruction belongs to (`None` before the first `FROM`).
    pub stage: Option<usize>,
    /// The keyword is no Dockerfile instruction (a typo, a stray line): BuildKit refuses the
    /// file. It is kept, with its keyword as written (upper-cased), so the rest of the file is
    /// still read and a rule can show it.
    pub unknown: bool,
}

/// A here-document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Heredoc {
    /// The delimiter word.
    pub delimiter: String,
    /// Whether variables expand in the body (the delimiter was not quoted).
    pub expand: bool,
    /// The body, without the terminating line (leading tabs removed for `<<-`).
    pub body: String,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stage {
    /// Position among the stages.
    pub index: usize,
    /// `AS` name, if any (as written).
    pub name: Option<String>,
    /// The image reference as written in `FROM`.
    pub base: String,
    /// The reference with global `ARG` defaults substituted; `None` when a variable has no
    /// default.
    pub resolved_base: Option<String>,
    /// Index of the earlier stage this one builds on, when `FROM` names a stage.
    pub parent: Option<usize>,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// Index one past the stage's last instruction.
    pub end: usize,
}

impl Instruction {
    /// A flag's value by name (`from` for `--from=builder`).
    #[must_use]
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_deref().unwrap_or(""))
    }

    /// The shell text the instruction runs or carries: its arguments followed by the bodies of
    /// its here-documents.
    #[must_use]
    pub fn script(&self) -> String {
        let mut out = match &self.exec {
            Some(words) => words.join(" "),
            None => self.args.clone(),
        };
        for doc in &self.heredocs {
            out.push('\n');
            out.push_str(&doc.body);
        }
        out
    }

    /// For `ONBUILD`: the instruction it registers, which runs in every build `FROM` the image
    /// this file builds (at the `ONBUILD`'s own position). `None` for any other instruction, and
    /// for an `ONBUILD` without one.
    #[must_use]
    pub fn trigger(&self) -> Option<Instruction> {
        if self.keyword != "ONBUILD" {
            return None;
        }
        let text = self.args.trim_start();
        let len = text.find(char::is_whitespace).unwrap_or(text.len());
        let keyword = text.get(..len)?.to_ascii_uppercase();
        if keyword.is_empty() {
            return None;
        }
        let (flags, args, exec) = instruction_parts(&keyword, text.get(len..).unwrap_or(""));
        Some(Instruction {
            unknown: !KEYWORDS.contains(&keyword.as_str()),
            keyword,
            line: self.line,
            column: self.column,
            flags,
            args,
            exec,
            heredocs: Vec::new(),
            stage: self.stage,
        })
    }

    /// Whitespace-separated words of the arguments, with quotes removed.
    #[must_use]
    pub fn words(&self) -> Vec<String> {
        match &self.exec {
            Some(words) => words.clone(),
            None => split_words(&self.args),
        }
    }

    /// `KEY=value` pairs (`ENV`, `LABEL`, `ARG`), accepting the legacy `ENV key value` form.
    /// `ARG name` without a default gives `None`.
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, Option<String>)> {
        let words = split_words(&self.args);
        let legacy = self.keyword != "ARG"
            && words.first().is_some_and(|w| !w.contains('='))
            && words.len() > 1;
        if legacy {
            let trimmed = self.args.trim_start();
            let key_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let key = trimmed.get(..key_len).unwrap_or("").to_owned();
            let value = trimmed.get(key_len..).unwrap_or("").trim();
            let value = split_words(value).join(" ");
            return vec![(key, Some(value))];
        }
        words
            .into_iter()
            .map(|w| match w.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (w, None),
            })
            .collect()
    }
}

impl Dockerfile {
    /// The pointer-like field a rule reports for instruction `index`; the origin maps it to the
    /// instruction's line and column.
    #[must_use]
    pub fn field(index: usize) -> String {
        format!("/instructions/{index}")
    }

    /// The stage the file builds by default (the last one).
    #[must_use]
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The instructions of stage `index` with their indices.
    pub fn stage_instructions(&self, index: usize) -> impl Iterator<Item = (usize, &Instruction)> {
        let range = self.stages.get(index).map_or(0..0, |s| (s.from + 1)..s.end);
        range.filter_map(move |i| self.instructions.get(i).map(|ins| (i, ins)))
    }

    /// The stages the final image is made of: the final stage, then the stage it builds on,
    /// and so on (an image built `FROM builder` inherits `builder`'s instructions).
    #[must_use]
    pub fn final_chain(&self) -> Vec<usize> {
        self.stages
            .len()
            .checked_sub(1)
            .map_or_else(Vec::new, |last| self.stage_chain(last))
    }

    /// The stages the image built with `--target` stage `index` is made of: that stage, then
    /// the stage it builds on, and so on.
    #[must_use]
    pub fn stage_chain(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = (index < self.stages.len()).then_some(index);
        while let Some(i) = cur {
            // A parent is always an earlier stage; anything else would loop.
            if out.last().is_some_and(|&last| i >= last) {
                break;
            }
            out.push(i);
            cur = self.stages.get(i).and_then(|s| s.parent);
        }
        out
    }

    /// The instructions that end up in the final image, oldest first (the final stage's chain
    /// of parent stages, root first).
    #[must_use]
    pub fn final_instructions(&self) -> Vec<(usize, &Instruction)> {
        self.stages
            .len()
            .checked_sub(1)
            .map_or_else(Vec::new, |last| self.stage_chain_instructions(last))
    }

    /// The instructions that end up in the image built with `--target` stage `index`, oldest
    /// first.
    #[must_use]
    pub fn stage_chain_instructions(&self, index: usize) -> Vec<(usize, &Instruction)> {
        let mut chain = self.stage_chain(index);
        chain.reverse();
        chain
            .into_iter()
            .flat_map(|s| self.stage_instructions(s))
            .collect()
    }

    /// The last stage before stage `before` named `name` (case-insensitive), or by its number.
    #[must_use]
    pub fn stage_named(&self, name: &str, before: usize) -> Option<usize> {
        if let Ok(n) = name.parse::<usize>() {
            return (n < before).then_some(n);
        }
        let stages = self.stage_names.get(&name.to_ascii_lowercase())?;
        let count = stages.partition_point(|&s| s < before);
        count.checked_sub(1).and_then(|i| stages.get(i)).copied()
    }

    /// The `ARG` and `ENV` values in effect at each instruction, walked forward (see
    /// [`VariableWalk`]).
    #[must_use]
    pub fn variables(&self) -> VariableWalk<'_> {
        VariableWalk::new(self)
    }
}

/// Splits shell-like text into words: whitespace separates, quotes group and are removed,
/// a backslash escapes the next character.
#[must_use]
pub fn split_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(&n) = chars.peek()
                    && matches!(n, '"' | '\\' | '$')
                {
                    cur.push(n);
                    chars.next();
                } else {
                    cur.push(c);
                }
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

fn syntax_error(line: usize, column: usize, message: String) -> Error {
    Error::InvalidInput {
        problem: InputProblem::Syntax,
        source_name: None,
        kind: Some(DocumentKind::Dockerfile),
        pointer: None,
        line: Some(line),
        column: Some(column),
        message,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Parses a Dockerfile. `source` names it in findings.
pub fn parse_dockerfile(text: &str, source: &str) -> Result<Dockerfile, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut file = Dockerfile {
        escape: '\\',
        origin: Origin::json(source, String::new()),
        ..Dockerfile::default()
    };
    // Global `ARG` defaults, collected at the first `FROM` (no global comes after it), and the
    // bytes `FROM` references may still expand to (see `variables`).
    let mut globals: Option<FromScope> = None;
    let mut expansion_budget = super::variables::WALK_BUDGET;
    let mut i = 0;
    // Parser directives: only at the very top, before any other comment, blank line or
    // instruction.
    let mut seen_directives: Vec<String> = Vec::new();
    while let Some(line) = lines.get(i) {
        let Some((key, value)) = directive(line) else {
            break;
        };
        if seen_directives.contains(&key) {
            break;
        }
        match key.as_str() {
            "escape" => match value.as_str() {
                "\\" => file.escape = '\\',
                "`" => file.escape = '`',
                other => {
                    return Err(syntax_error(
                        i + 1,
                        1,
                        format!("invalid escape character `{other}` (expected `\\` or `` ` ``)"),
                    ));
                }
            },
            "syntax" => file.syntax = Some(value),
            _ => {}
        }
        seen_directives.push(key);
        i += 1;
    }
    let escape = file.escape;

    while let Some(&first) = lines.get(i) {
        let trimmed = first.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let line_no = i + 1;
        let column = first.chars().count() - trimmed.chars().count() + 1;
        // Join continuation lines.
        let mut logical = String::new();
        let mut cur = trimmed;
        loop {
            let end_trimmed = cur.trim_end();
            if let Some(stripped) = end_trimmed.strip_suffix(escape) {
                logical.push_str(stripped);
                i += 1;
                while lines.get(i).is_some_and(|l| {
                    let t = l.trim_start();
                    t.is_empty() || t.starts_with('#')
                }) {
                    i += 1;
                }
                match lines.get(i) {
                    Some(next) => cur = next,
                    None => break,
                }
            } else {
                logical.push_str(cur);
                i += 1;
                break;
            }
        }
        let keyword_len = logical.find(char::is_whitespace).unwrap_or(logical.len());
        let keyword_raw = logical.get(..keyword_len).unwrap_or("");
        let keyword = keyword_raw.to_ascii_uppercase();
        let unknown = !KEYWORDS.contains(&keyword.as_str());
        // Before the first FROM an unknown word says the text is not a Dockerfile at all; after
        // it, the line is kept as an unknown instruction and the rest is read.
        if unknown && file.stages.is_empty() {
            let shown: String = keyword_raw.chars().take(40).collect();
            return Err(syntax_error(
                line_no,
                column,
                format!("unknown instruction `{shown}`"),
            ));
        }
        let keyword = if unknown {
            keyword.chars().take(40).collect()
        } else {
            keyword
        };
        let (flags, args, exec) =
            instruction_parts(&keyword, logical.get(keyword_len..).unwrap_or(""));
        let mut heredocs = Vec::new();
        if exec.is_none() && matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (delimiter, expand, strip_tabs) in heredoc_markers(&args) {
                let mut body = String::new();
                let mut closed = false;
                while let Some(l) = lines.get(i) {
                    i += 1;
                    let candidate = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if candidate == delimiter {
                        closed = true;
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                if !closed {
                    return Err(syntax_error(
                        line_no,
                        column,
                        format!("here-document `{delimiter}` is not terminated"),
                    ));
                }
                heredocs.push(Heredoc {
                    delimiter,
                    expand,
                    body,
                });
            }
        }
        let index = file.instructions.len();
        let stage = if keyword == "FROM" {
            Some(file.stages.len())
        } else {
            file.stages.len().checked_sub(1)
        };
        let instruction = Instruction {
            keyword,
            line: to_u32(line_no),
            column: to_u32(column),
            flags,
            args,
            exec,
            heredocs,
            stage,
            unknown,
        };
        match instruction.keyword.as_str() {
            "FROM" => {
                let words = split_words(&instruction.args);
                let Some(base) = words.first().cloned() else {
                    return Err(syntax_error(
                        line_no,
                        column,
                        "FROM needs an image reference".to_owned(),
                    ));
                };
                let name = match words.get(1) {
                    Some(w) if w.eq_ignore_ascii_case("as") => words.get(2).cloned(),
                    _ => None,
                };
                let globals = globals.get_or_insert_with(|| FromScope {
                    defaults: file
                        .global_args
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
                        .collect(),
                    declared: file
                        .global_args
                        .iter()
                        .map(|(k, _)| k.clone())
                        .chain(PLATFORM_ARGS.iter().map(|&a| a.to_owned()))
                        .collect(),
                });
                let resolved_base =
                    expand_within(&base, globals, expansion_budget.min(MAX_EXPANSION));
                if let Some(resolved) = &resolved_base {
                    expansion_budget = expansion_budget.saturating_sub(resolved.len());
                }
                let stage_index = file.stages.len();
                let parent = resolved_base
                    .as_deref()
                    .and_then(|b| file.stage_named(b, stage_index))
                    .filter(|_| {
                        resolved_base
                            .as_deref()
                            .is_none_or(|b| b.parse::<usize>().is_err())
                    });
                if let Some(last) = file.stages.last_mut() {
                    last.end = index;
                }
                if let Some(name) = &name {
                    file.stage_names
                        .entry(name.to_ascii_lowercase())
                        .or_default()
                        .push(stage_index);
                }
                file.stages.push(Stage {
                    index: stage_index,
                    name,
                    base,
                    resolved_base,
                    parent,
                    from: index,
                    end: index + 1,
                });
            }
            "ARG" if file.stages.is_empty() => {
                file.global_args.extend(instruction.pairs());
            }
            other if file.stages.is_empty() => {
                return Err(syntax_error(
                    line_no,
                    column,
                    format!("`{other}` before the first FROM (only ARG may come before FROM)"),
                ));
            }
            _ => {}
        }
        file.origin
            .positions
            .insert(Dockerfile::field(index), (to_u32(line_no), to_u32(column)));
        file.instructions.push(instruction);
        if let Some(last) = file.stages.last_mut() {
            last.end = file.instructions.len();
        }
    }
    if file.stages.is_empty() {
        let line = lines.len().max(1);
        return Err(syntax_error(
            line,
            1,
            "no FROM instruction: the text is not a Dockerfile".to_owned(),
        ));
    }
    let first = file
        .instructions
        .first()
        .map_or((1, 1), |ins| (ins.line, ins.column));
    file.origin.positions.insert(String::new(), first);
    Ok(file)
}

/// An instruction's flags: name and value.
type Flags = Vec<(String, Option<String>)>;

/// An instruction's flags, arguments and exec form, from the text after its keyword.
fn instruction_parts(keyword: &str, after_keyword: &str) -> (Flags, String, Option<Vec<String>>) {
    let mut rest = after_keyword.trim_start();
    let mut flags = Vec::new();
    if matches!(keyword, "FROM" | "RUN" | "COPY" | "ADD" | "HEALTHCHECK") {
        while let Some(after) = rest.strip_prefix("--") {
            let len = after.find(char::is_whitespace).unwrap_or(after.len());
            let flag = after.get(..len).unwrap_or("");
            let (name, value) = match flag.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.trim_matches('"').to_owned())),
                None => (flag.to_owned(), None),
            };
            flags.push((name, value));
            rest = after.get(len..).unwrap_or("").trim_start();
        }
    }
    let args = rest.trim_end().to_owned();
    let exec = if args.starts_with('[')
        && matches!(
            keyword,
            "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "VOLUME" | "COPY" | "ADD" | "HEALTHCHECK"
        ) {
        serde_json::from_str::<Vec<String>>(&args).ok()
    } else {
        None
    };
    (flags, args, exec)
}

/// `# key=value` at the top of the file.
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?;
    let (key, value) = body.split_once('=')?;
    let key = key.trim().to_ascii_lowercase();
    if !matches!(key.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    Some((key, value.trim().to_owned()))
}

/// The here-document markers in an instruction's arguments, in order: delimiter, whether the
/// body expands variables, and whether leading tabs are stripped (`<<-`).
fn heredoc_markers(args: &str) -> Vec<(String, bool, bool)> {
    let bytes = args.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == q => {
                quote = None;
                i += 1;
                continue;
            }
            Some(_) => {
                i += 1;
                continue;
            }
            None => {}
        }
        if b == b'\'' || b == b'"' {
            quote = Some(b);
            i += 1;
            continue;
        }
        if b == b'<'
            && bytes.get(i + 1) == Some(&b'<')
            && bytes.get(i + 2) != Some(&b'<')
            && (i == 0 || bytes.get(i - 1) != Some(&b'<'))
        {
            let mut j = i + 2;
            let strip_tabs = bytes.get(j) == Some(&b'-');
            if strip_tabs {
                j += 1;
            }
            let open = bytes.get(j).copied().filter(|c| *c == b'"' || *c == b'\'');
            if open.is_some() {
                j += 1;
            }
            let start = j;
            while bytes.get(j).is_some_and(|c| {
                c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-' || *c == b'.'
            }) {
                j += 1;
            }
            if j > start {
                let word = args.get(start..j).unwrap_or("").to_owned();
                if let Some(q) = open
                    && bytes.get(j) == Some(&q)
                {
                    j += 1;
                }
                out.push((word, open.is_none(), strip_tabs));
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Dockerfile {
        match parse_dockerfile(text, "Dockerfile") {
            Ok(d) => d,
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn continuations_comments_and_positions() {
        let d = parse(
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n\n  run apk add \\\n  # a comment\n\n    curl\nUSER 1000\n",
        );
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(d.instructions.len(), 3);
        let run = &d.instructions[1];
        assert_eq!(run.keyword, "RUN");
        assert_eq!((run.line, run.column), (4, 3));
        assert_eq!(run.args, "apk add     curl");
        assert_eq!(d.instructions[2].line, 8);
    }

    #[test]
    fn escape_directive_backtick() {
        let d = parse(
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir C:\\ `\n  && echo done\n",
        );
        assert_eq!(d.escape, '`');
        assert_eq!(d.instructions[1].args, "dir C:\\   && echo done");
    }

    #[test]
    fn several_heredocs_and_dash_form() {
        let d = parse("FROM a\nRUN <<A <<-'B' cat\nfoo\nA\n\tbar $x\n\tB\nUSER app\n");
        let run = &d.instructions[1];
        assert_eq!(run.heredocs.len(), 2);
        assert_eq!(run.heredocs[0].body, "foo\n");
        assert!(run.heredocs[0].expand);
        assert_eq!(run.heredocs[1].body, "bar $x\n");
        assert!(!run.heredocs[1].expand);
        assert_eq!(d.instructions[2].line, 7);
    }

    #[test]
    fn unterminated_heredoc_names_its_line() {
        let result = parse_dockerfile("FROM a\nRUN <<EOF\necho\n", "x");
        assert!(matches!(
            result,
            Err(Error::InvalidInput { line: Some(2), .. })
        ));
    }

    #[test]
    fn arg_defaults_and_stages() {
        let d = parse(
            "ARG BASE=debian\nARG TAG\nFROM ${BASE}:${TAG:-12} AS build\nRUN make\nFROM build\nFROM $BASE\n",
        );
        assert_eq!(d.stages.len(), 3);
        assert_eq!(d.stages[0].resolved_base.as_deref(), Some("debian:12"));
        assert_eq!(d.stages[0].name.as_deref(), Some("build"));
        assert_eq!(d.stages[1].parent, Some(0));
        assert_eq!(d.stages[2].parent, None);
        assert_eq!(d.final_chain(), vec![2]);
    }

    #[test]
    fn env_both_syntaxes_and_exec_form() {
        let d =
            parse("FROM a\nENV A=1 B=\"two words\"\nENV LEGACY some value\nCMD [\"run\", \"x\"]\n");
        assert_eq!(
            d.instructions[1].pairs(),
            vec![
                ("A".to_owned(), Some("1".to_owned())),
                ("B".to_owned(), Some("two words".to_owned()))
            ]
        );
        assert_eq!(
            d.instructions[2].pairs(),
            vec![("LEGACY".to_owned(), Some("some value".to_owned()))]
        );
        assert_eq!(
            d.instructions[3].exec,
            Some(vec!["run".to_owned(), "x".to_owned()])
        );
    }

    #[test]
    fn flags_are_split() {
        let d = parse(
            "FROM --platform=$BUILDPLATFORM a\nCOPY --from=build --chmod=755 /x /y\nRUN --mount=type=cache,target=/root/.cache go build\n",
        );
        assert_eq!(d.instructions[1].flag("from"), Some("build"));
        assert_eq!(d.instructions[2].args, "go build");
    }

    #[test]
    fn not_a_dockerfile() {
        let result = parse_dockerfile("hello world\n", "x");
        assert!(matches!(
            result,
            Err(Error::InvalidInput {
                line: Some(1),
                column: Some(1),
                ..
            })
        ));
        // After FROM, a line that is no instruction is kept (marked unknown) and the rest read.
        let file = parse_dockerfile("FROM a\nFOO bar\nUSER 1\n", "x").unwrap_or_default();
        let unknown: Vec<(&str, bool)> = file
            .instructions
            .iter()
            .map(|i| (i.keyword.as_str(), i.unknown))
            .collect();
        assert_eq!(
            unknown,
            vec![("FROM", false), ("FOO", true), ("USER", false)]
        );
        let result = parse_dockerfile("FOO bar\nFROM a\n", "x");
        assert!(matches!(
            result,
            Err(Error::InvalidInput { line: Some(1), .. })
        ));
        assert!(parse_dockerfile("RUN x\n", "x").is_err());
        assert!(parse_dockerfile("# only a comment\n", "x").is_err());
    }
}
