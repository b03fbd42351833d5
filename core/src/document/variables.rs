//! Dockerfile variables: `$VAR` expansion, and the `ARG`/`ENV` values in effect at each
//! instruction, computed in one forward pass.
//!
//! Both are bounded for untrusted input. [`VariableWalk`] keeps each stage's variables in a
//! persistent map, so a stage that builds on another starts from its parent's variables without
//! copying them (a file of many stages over one base with many variables stays linear), and
//! every expansion charges one budget per walk: `ENV B=$A$A` repeated 64 times would otherwise
//! build a value of 2^64 bytes. Past the budget a reference is left unresolved, which rules
//! already treat as "cannot be judged".

use std::collections::{BTreeMap, HashMap};

use rpds::HashTrieMapSync;

use super::dockerfile::Dockerfile;

/// The most bytes one [`expand`] call builds; a longer result is unresolved (`None`).
pub const MAX_EXPANSION: usize = 1 << 20;

/// The most bytes all expansions of one [`VariableWalk`] build together.
pub(crate) const WALK_BUDGET: usize = 16 << 20;

/// Where [`expand`] looks variables up.
pub trait Variables {
    /// The value of `name`, if it is set.
    fn value(&self, name: &str) -> Option<&str>;
}

impl Variables for BTreeMap<String, String> {
    fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl<S: std::hash::BuildHasher> Variables for HashMap<String, String, S> {
    fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

/// The variables of one point of a Dockerfile, shared structurally between stages.
type Scope = HashTrieMapSync<String, String>;

impl Variables for Scope {
    fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

/// Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:+alt}` in `text`.
/// Returns `None` when a variable has no value and no default, or when the result would be
/// longer than [`MAX_EXPANSION`] bytes.
#[must_use]
pub fn expand<V: Variables + ?Sized>(text: &str, vars: &V) -> Option<String> {
    expand_within(text, vars, MAX_EXPANSION)
}

/// [`expand`] with a result of at most `limit` bytes.
pub(crate) fn expand_within<V: Variables + ?Sized>(
    text: &str,
    vars: &V,
    limit: usize,
) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if out.len() > limit {
            return None;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('{') => {
                let rest = chars.get(i + 2..).unwrap_or(&[]);
                let close = rest.iter().position(|&c| c == '}')?;
                let inner: String = rest.get(..close).unwrap_or(&[]).iter().collect();
                let name_len = inner
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(inner.len());
                let (name, modifier) = inner.split_at(name_len);
                let set = vars.value(name);
                let value = set.filter(|v| !v.is_empty());
                let room = limit.saturating_sub(out.len());
                let nested = |text: &str| expand_within(text, vars, room);
                let resolved = if let Some(default) = modifier.strip_prefix(":-") {
                    value.map(str::to_owned).or_else(|| nested(default))
                } else if let Some(default) = modifier.strip_prefix('-') {
                    set.map(str::to_owned).or_else(|| nested(default))
                } else if let Some(alt) = modifier.strip_prefix(":+") {
                    Some(if value.is_some() {
                        nested(alt)?
                    } else {
                        String::new()
                    })
                } else if let Some(alt) = modifier.strip_prefix('+') {
                    Some(if set.is_some() {
                        nested(alt)?
                    } else {
                        String::new()
                    })
                } else {
                    set.map(str::to_owned)
                };
                out.push_str(&resolved?);
                i += close + 3;
            }
            Some(n) if n.is_ascii_alphabetic() || *n == '_' => {
                let start = i + 1;
                let mut end = start;
                while chars
                    .get(end)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    end += 1;
                }
                let name: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
                out.push_str(vars.value(&name)?);
                i = end;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    (out.len() <= limit).then_some(out)
}

/// The `ARG` defaults and `ENV` settings in effect before each instruction of a Dockerfile,
/// walked forward in one pass: a stage starts from the variables its parent stage ended with.
///
/// Ask for instructions in increasing order; asking for an earlier one starts the walk over
/// (correct, only slower).
#[derive(Debug)]
pub struct VariableWalk<'f> {
    file: &'f Dockerfile,
    /// Global `ARG` defaults (before the first `FROM`), for a stage's `ARG name` without a value.
    globals: Scope,
    /// The variables each stage ended with, for the stages already left.
    ends: Vec<Scope>,
    /// The variables in effect before instruction `next`.
    current: Scope,
    /// The stage instruction `next - 1` belongs to.
    stage: Option<usize>,
    next: usize,
    budget: usize,
}

impl<'f> VariableWalk<'f> {
    /// A walk at the top of `file`.
    #[must_use]
    pub fn new(file: &'f Dockerfile) -> Self {
        let globals = file
            .global_args
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
            .collect();
        Self {
            file,
            globals,
            ends: Vec::new(),
            current: Scope::new_sync(),
            stage: None,
            next: 0,
            budget: WALK_BUDGET,
        }
    }

    /// `text` with the variables in effect just before instruction `index` expanded; `None`
    /// when a variable has no value, or the walk's expansion budget is spent.
    pub fn expand_before(&mut self, index: usize, text: &str) -> Option<String> {
        self.advance_to(index);
        let value = expand_within(text, &self.current, self.budget.min(MAX_EXPANSION))?;
        self.budget = self.budget.saturating_sub(value.len());
        Some(value)
    }

    /// The variables in effect just before instruction `index`, as an ordered map.
    pub fn before(&mut self, index: usize) -> BTreeMap<String, String> {
        self.advance_to(index);
        self.current
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn advance_to(&mut self, index: usize) {
        if index < self.next {
            *self = Self::new(self.file);
        }
        while self.next < index {
            let Some(ins) = self.file.instructions.get(self.next) else {
                break;
            };
            self.next += 1;
            if ins.stage.is_none() {
                // A global `ARG`: its value reaches stages only through `ARG name` in them.
                continue;
            }
            if ins.keyword == "FROM" {
                self.enter_stage(ins.stage);
                continue;
            }
            let is_arg = match ins.keyword.as_str() {
                "ARG" => true,
                "ENV" => false,
                _ => continue,
            };
            for (name, value) in ins.pairs() {
                let value = match value {
                    Some(value) => {
                        let limit = self.budget.min(MAX_EXPANSION);
                        let expanded = expand_within(&value, &self.current, limit);
                        if let Some(expanded) = &expanded {
                            self.budget = self.budget.saturating_sub(expanded.len());
                        }
                        expanded
                    }
                    None if is_arg => self.globals.get(&name).cloned(),
                    None => None,
                };
                if let Some(value) = value {
                    self.current.insert_mut(name, value);
                }
            }
        }
    }

    /// Leaves the current stage (keeping what it ended with) and starts `stage` from its
    /// parent's variables, or from none.
    fn enter_stage(&mut self, stage: Option<usize>) {
        if let Some(left) = self.stage {
            if self.ends.len() <= left {
                self.ends.resize(left + 1, Scope::new_sync());
            }
            if let Some(end) = self.ends.get_mut(left) {
                *end = std::mem::replace(&mut self.current, Scope::new_sync());
            }
        }
        self.stage = stage;
        let parent = stage
            .and_then(|s| self.file.stages.get(s))
            .and_then(|s| s.parent);
        self.current = match parent.and_then(|p| self.ends.get(p)) {
            // A persistent map: the clone shares the parent's entries.
            Some(end) => end.clone(),
            None => Scope::new_sync(),
        };
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failing test should stop loudly")]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::document::parse_dockerfile;

    #[test]
    fn expansion() {
        let mut vars = BTreeMap::new();
        vars.insert("A".to_owned(), "x".to_owned());
        assert_eq!(expand("${A}-$A-${B:-d}", &vars).as_deref(), Some("x-x-d"));
        assert_eq!(expand("${B}", &vars), None);
        assert_eq!(expand("${A:+y}${B:+z}", &vars).as_deref(), Some("y"));
        assert_eq!(expand("\\$A ${A-q} $", &vars).as_deref(), Some("$A x $"));
        assert_eq!(expand("${A", &vars), None);
    }

    #[test]
    fn an_expansion_past_the_limit_is_unresolved() {
        let mut vars = BTreeMap::new();
        vars.insert("A".to_owned(), "x".repeat(MAX_EXPANSION / 2 + 1));
        assert!(expand("$A", &vars).is_some());
        assert_eq!(expand("$A$A", &vars), None);
        assert_eq!(expand("${B:-$A$A}", &vars), None);
    }

    #[test]
    fn the_walk_follows_stages_and_their_parents() {
        let file = parse_dockerfile(
            "ARG BASE=alpine\nARG TAG\nFROM $BASE AS build\nARG BASE\nENV HOME=/b USER=u\n\
             FROM scratch\nENV ONLY=here\nFROM build AS final\nENV HOME=$HOME/f\nUSER $USER\n",
            "Dockerfile",
        )
        .unwrap();
        let user = file
            .instructions
            .iter()
            .position(|i| i.keyword == "USER")
            .unwrap();
        let mut walk = VariableWalk::new(&file);
        let vars = walk.before(user);
        assert_eq!(vars.get("HOME").map(String::as_str), Some("/b/f"));
        assert_eq!(vars.get("BASE").map(String::as_str), Some("alpine"));
        assert_eq!(
            vars.get("ONLY"),
            None,
            "a sibling stage's ENV does not leak"
        );
        assert_eq!(
            vars.get("TAG"),
            None,
            "a global ARG without a default has no value"
        );
        assert_eq!(walk.expand_before(user, "$USER").as_deref(), Some("u"));
        // Going back restarts the walk instead of answering from a later point.
        let scratch_env = user - 3;
        assert_eq!(walk.before(scratch_env).get("ONLY"), None);
        assert_eq!(
            walk.before(scratch_env + 1).get("ONLY").map(String::as_str),
            Some("here")
        );
    }

    #[test]
    fn doubling_values_stop_at_the_budget_instead_of_growing() {
        let mut text = String::from("FROM alpine\nENV A0=0123456789abcdef\n");
        for i in 1..=64 {
            writeln!(text, "ENV A{i}=$A{p}$A{p}", p = i - 1).unwrap();
        }
        text.push_str("USER $A64\n");
        let file = parse_dockerfile(&text, "Dockerfile").unwrap();
        let mut walk = VariableWalk::new(&file);
        let last = file.instructions.len() - 1;
        assert_eq!(walk.expand_before(last, "$A64"), None);
        assert_eq!(
            walk.expand_before(last, "$A10").map(|v| v.len()),
            Some(16 << 10)
        );
    }
}
