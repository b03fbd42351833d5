//! `seccomp_profile`: build a seccomp allowlist from what a program was seen to do.
//!
//! ```text
//! seccomp_profile [--out PROFILE.json] [--oci] -- COMMAND [ARG ...]   # traces COMMAND with strace
//! seccomp_profile [--out PROFILE.json] [--oci] --trace FILE           # reads a saved trace
//! cargo run -q -p hullcheck-examples --example seccomp_profile -- --out app.json -- ls -l /
//! ```
//!
//! The profiling workflow end to end:
//!
//! 1. run the workload under `strace -f` (or read a trace saved earlier: `strace -f`/`-c`
//!    output, Falco or Tracee JSON lines, or a plain list of syscall names);
//! 2. hand the trace text to `hullcheck::seccomp::generate_from_trace`, which is pure;
//! 3. write the profile (Docker's JSON form, or the OCI `linux.seccomp` object with `--oci`),
//!    print how it differs from Docker's default profile, and audit it with the seccomp rules.
//!
//! Use it with `docker run --security-opt seccomp=PROFILE.json ...`. A trace only shows the code
//! paths that ran: exercise the workload fully while tracing, and review the result.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line program"
)]

use std::process::{Command, ExitCode};

use hullcheck::seccomp::{self, GenerateOptions};
use hullcheck::{Bundle, Engine, Format};

const USAGE: &str =
    "usage: seccomp_profile [--out FILE] [--oci] (--trace FILE | -- COMMAND [ARG ...])";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let mut out = None;
    let mut oci = false;
    let mut trace_file = None;
    let mut command: Vec<String> = Vec::new();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = Some(iter.next().ok_or(USAGE)?),
            "--oci" => oci = true,
            "--trace" => trace_file = Some(iter.next().ok_or(USAGE)?),
            "--" => {
                command = iter.by_ref().collect();
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let trace = match (trace_file, command.is_empty()) {
        (Some(path), true) => {
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?
        }
        (None, false) => trace_command(&command)?,
        _ => return Err(USAGE.to_owned()),
    };

    let generated = seccomp::generate_from_trace(&trace, &GenerateOptions::default());
    eprintln!(
        "observed {} syscalls ({} unreadable lines)",
        generated.observed.syscalls.len(),
        generated.observed.skipped_lines.len()
    );
    let diff = &generated.diff;
    eprintln!(
        "compared with Docker's default profile: {} in common, {} removed, {} added{}, {} allowed without the default's capability or argument condition{}",
        diff.common.len(),
        diff.removed.len(),
        diff.added.len(),
        list(&diff.added),
        diff.widened.len(),
        list(&diff.widened),
    );

    let profile = if oci {
        &generated.oci
    } else {
        &generated.docker
    };
    let text = serde_json::to_string_pretty(profile).map_err(|e| e.to_string())?;
    match &out {
        Some(path) => {
            std::fs::write(path, format!("{text}\n"))
                .map_err(|e| format!("cannot write {path}: {e}"))?;
            eprintln!("wrote {path}");
        }
        None => println!("{text}"),
    }

    // Audit what was generated with the same rules that judge any profile.
    let bundle = Bundle::from_json(&text).map_err(|e| e.to_string())?;
    let report = Engine::default().evaluate(&bundle, None);
    eprint!("{}", report.render(Format::Table));
    Ok(ExitCode::SUCCESS)
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

/// Runs `command` under `strace -f` and returns the trace text.
fn trace_command(command: &[String]) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("hullcheck-strace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let trace_path = dir.join("trace.txt");
    let status = Command::new("strace")
        .arg("-f")
        .arg("-qq")
        .arg("-o")
        .arg(&trace_path)
        .arg("--")
        .args(command)
        .status()
        .map_err(|e| format!("cannot run strace (is it installed?): {e}"))?;
    if !status.success() {
        eprintln!("note: the traced command exited with {status}");
    }
    let trace = std::fs::read_to_string(&trace_path).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(trace)
}
