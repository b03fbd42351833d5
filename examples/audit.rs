//! `audit`: the command-line auditor.
//!
//! ```text
//! audit [--format FORMAT] [--fail-on SEVERITY] [--policy FILE] [--now TIME] [FILE ...|-]
//! docker inspect $(docker ps -aq) | cargo run -q -p hullcheck-examples --example audit -- -
//! ```
//!
//! Reads each file (or standard input for `-`), detects the kind of each document (container,
//! image, docker info/version, daemon.json, Dockerfile, compose, OCI runtime config, seccomp
//! profile, host facts), evaluates them as one bundle and prints the report as `table`
//! (default), `json`, `sarif`, `junit`, `markdown` or `compliance`. With no file it audits a
//! built-in sample container and says so. The policy is JSON or YAML; the evaluation time is the
//! clock's unless `--now` gives one (Unix seconds or an RFC 3339 date), so waiver expiry works.
//! Policy diagnostics end the table, or go to standard error with the other formats. Exit status: 0 when the gate passes (always,
//! without `--fail-on` or a policy `fail_on`), 1 when a finding reaches the gate, 2 for bad
//! arguments or unreadable input.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line program"
)]

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use hullcheck::{Bundle, Engine, Format, Policy, Severity, Timestamp};

const SAMPLE: &str = include_str!("../cli/src/sample-container.json");

struct Options {
    format: Format,
    fail_on: Option<Severity>,
    policy: Option<String>,
    now: Option<Timestamp>,
    files: Vec<String>,
}

const USAGE: &str =
    "usage: audit [--format table|json] [--fail-on SEVERITY] [--policy FILE] [FILE ...|-]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        format: Format::Table,
        fail_on: None,
        policy: None,
        now: None,
        files: Vec::new(),
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--format" | "-f" => {
                options.format = value("--format")?.parse().map_err(|e| format!("{e}"))?;
            }
            "--fail-on" => {
                options.fail_on = Some(value("--fail-on")?.parse().map_err(|e| format!("{e}"))?);
            }
            "--policy" => options.policy = Some(value("--policy")?),
            "--now" => {
                let raw = value("--now")?;
                options.now = Some(match raw.parse::<i64>() {
                    Ok(seconds) => Timestamp::from_unix_seconds(seconds),
                    Err(_) => raw.parse().map_err(|e| format!("{e}"))?,
                });
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}\n{USAGE}"));
            }
            _ => options.files.push(arg),
        }
    }
    Ok(options)
}

fn read_source(name: &str) -> Result<String, String> {
    if name == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(name).map_err(|e| format!("cannot read {name}: {e}"))
    }
}

fn run() -> Result<bool, String> {
    let options = parse_args(std::env::args().skip(1))?;
    let mut policy = match &options.policy {
        Some(path) => Policy::parse(&read_source(path)?).map_err(|e| e.to_string())?,
        None => Policy::default(),
    };
    // A policy file states its own gate (`fail_on`); without one, only --fail-on sets it.
    let gate_requested = options.fail_on.is_some() || options.policy.is_some();
    if let Some(fail_on) = options.fail_on {
        policy.fail_on = fail_on;
    }
    let engine = Engine::new(&policy).map_err(|e| e.to_string())?;
    let mut bundle = Bundle::new();
    if options.files.is_empty() {
        eprintln!(
            "audit: no input given; auditing the built-in sample container (examples/sample/container.json)"
        );
        bundle
            .add_json("sample/container.json", SAMPLE)
            .map_err(|e| e.to_string())?;
    }
    for name in &options.files {
        let text = read_source(name)?;
        bundle.add_json(name, &text).map_err(|e| e.to_string())?;
    }
    let now = options.now.or_else(clock);
    let report = engine.evaluate(&bundle, now);
    // The table lists diagnostics itself; other formats carry them as data, so people see
    // them on standard error.
    if options.format != Format::Table {
        for diagnostic in &report.diagnostics {
            eprintln!("audit: warning: {}", diagnostic.message);
        }
    }
    let mut text = report.render(options.format);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("cannot write the report: {e}"));
        }
        _ => {}
    }
    if !gate_requested {
        eprintln!(
            "audit: report only; pass --fail-on SEVERITY to make findings set the exit status"
        );
        return Ok(true);
    }
    Ok(report.passed)
}

/// The current time, which the core never reads itself.
fn clock() -> Option<Timestamp> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    i64::try_from(seconds)
        .ok()
        .map(Timestamp::from_unix_seconds)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("audit: {message}");
            ExitCode::from(2)
        }
    }
}
