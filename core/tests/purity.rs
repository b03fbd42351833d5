//! The core is IO-free. Three layers prove it: `core/clippy.toml` bans the std functions and
//! types that reach files, network, processes, environment and clock (CI runs clippy with
//! `-D warnings`); `scripts/check-core-deps.sh` bans IO and async-runtime crates from the core's
//! dependency tree; and this test reads the core's sources and manifest, so a banned path that
//! clippy's lists miss (a new std function, a `use` of a whole IO module) still fails CI.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

mod common;

use std::path::Path;

/// Std modules the core never names. `std::net` is allowed only for its address types, which
/// parse text (`IpAddr` in published-port checks).
const BANNED_PATHS: &[&str] = &[
    "std::fs",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "std::net::TcpStream",
    "std::net::TcpListener",
    "std::net::UdpSocket",
    "std::net::ToSocketAddrs",
    "std::time::SystemTime",
    "std::time::Instant",
    "std::thread::sleep",
    "std::os::",
    "tokio::",
    "libc::",
];

/// Crates the core may never depend on (normal dependencies); the script checks the whole
/// tree, this checks the manifest so the failure names the line.
const BANNED_CRATES: &[&str] = &[
    "tokio",
    "async-std",
    "smol",
    "mio",
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "libc",
    "nix",
    "walkdir",
    "tempfile",
    "glob",
    "dirs",
    "getrandom",
    "rand",
];

#[allow(
    clippy::disallowed_methods,
    reason = "the test reads the repository's sources"
)]
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_sources_name_no_io_module() {
    let root = common::repo_root().join("core/src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "found the core's sources");
    let mut found = Vec::new();
    for file in &files {
        let text = common::read(file);
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for banned in BANNED_PATHS {
                if code.contains(banned) {
                    found.push(format!("{}:{}: {banned}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core names IO paths:\n{}",
        found.join("\n")
    );
}

#[test]
fn core_manifest_has_no_io_dependency() {
    let manifest = common::read(&common::repo_root().join("core/Cargo.toml"));
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    assert!(deps.contains("serde_json"), "found the dependency table");
    for line in deps.lines() {
        let name = line.split(['=', ' ']).next().unwrap_or("").trim();
        assert!(
            !BANNED_CRATES.contains(&name),
            "core/Cargo.toml depends on {name}"
        );
    }
}

#[test]
fn clippy_lists_ban_the_io_entry_points() {
    let lists = common::read(&common::repo_root().join("core/clippy.toml"));
    for path in [
        "std::fs::File",
        "std::fs::read_to_string",
        "std::net::TcpStream",
        "std::process::Command",
        "std::env::var",
        "std::time::SystemTime::now",
        "std::io::stdout",
    ] {
        assert!(
            lists.contains(&format!("\"{path}\"")),
            "core/clippy.toml does not ban {path}"
        );
    }
    let lib = common::read(&common::repo_root().join("core/src/lib.rs"));
    assert!(lib.contains("clippy::disallowed_methods") && lib.contains("forbid(unsafe_code)"));
}
