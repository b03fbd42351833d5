//! The core's modules depend one way: base types -> document -> analysis, labels, seccomp ->
//! rules -> policy -> report -> engine -> spec, stream. A module may use its own layer's base
//! and any layer before it, never one after (that is how cycles start). Names re-exported at
//! the crate root (`use crate::{Bundle, Error}`) count for the module they come from, read from
//! `lib.rs`. Test modules at the end of a file (`#[cfg(test)]`) are not counted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::{BTreeMap, BTreeSet};

/// Each top-level module of the core and its layer.
const LAYERS: &[(&str, u8)] = &[
    // Base types: no module of a later layer is named by them.
    ("diagnostic", 0),
    ("document_kind", 0),
    ("error", 0),
    ("frameworks", 0),
    ("glob", 0),
    ("limits", 0),
    ("location", 0),
    ("pointer", 0),
    ("secrets", 0),
    ("severity", 0),
    ("time", 0),
    ("document", 1),
    ("analysis", 2),
    ("labels", 2),
    ("seccomp", 2),
    ("rules", 3),
    ("policy", 4),
    ("report", 5),
    ("engine", 6),
    ("spec", 7),
    ("stream", 7),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Root re-exports: `pub use module::{A, B};` and `pub use module::A;` lines of `lib.rs`.
fn root_names(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.trim();
            if !name.is_empty() {
                out.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    out
}

/// The modules a file's code (before its test module) names through `crate::`.
fn named_modules(text: &str, roots: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let mut rest = trimmed;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end].split(',').map(str::trim).collect()
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                vec![&rest[..end]]
            };
            for name in names {
                let first = name.split("::").next().unwrap_or("").trim();
                if layer(first).is_some() {
                    out.insert(first.to_owned());
                } else if let Some(module) = roots.get(first) {
                    out.insert(module.clone());
                }
            }
        }
    }
    out
}

#[test]
fn modules_depend_on_earlier_layers_only() {
    let src = common::repo_root().join("core/src");
    let roots = root_names(&common::read(&src.join("lib.rs")));
    let files = common::files_under(&src, "rs");
    let mut backward = Vec::new();
    let mut counted = 0;
    for path in &files {
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" {
            continue;
        }
        let own = layer(&top).unwrap_or_else(|| {
            panic!(
                "core/src/{} is in no layer: add `{top}` to LAYERS",
                relative.display()
            )
        });
        counted += 1;
        for module in named_modules(&common::read(path), &roots) {
            let theirs = layer(&module).unwrap_or(0);
            let same_layer_other = theirs == own && module != top && own > 0;
            if theirs > own || same_layer_other {
                backward.push(format!(
                    "core/src/{} ({top}, layer {own}) uses {module} (layer {theirs})",
                    relative.display()
                ));
            }
        }
    }
    assert!(counted > 100, "only {counted} source files were read");
    assert!(
        backward.is_empty(),
        "dependencies that point the wrong way:\n{}",
        backward.join("\n")
    );
}

#[test]
fn the_reader_sees_root_re_exports_and_groups() {
    let roots = root_names("pub use document::{Bundle, DocumentKind};\npub use engine::Engine;\n");
    let named = named_modules(
        "use crate::{Bundle, pointer};\nuse crate::engine::x;\nfn f() { crate::Engine::default(); }\n#[cfg(test)]\nuse crate::spec;\n",
        &roots,
    );
    let expected: BTreeSet<String> = ["document", "engine", "pointer"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(named, expected);
}
