//! The `hullcheck` command, written once: the Rust binary, the Python wheel's console script
//! and the npm package's `bin` all call [`run_process`], so every install prints the same bytes
//! and exits with the same status.
//!
//! The pure engine is the [`hullcheck`] crate; this crate does the IO around it: it reads
//! files and standard input, talks to a live engine ([`collect`]), reads the clock, and writes
//! the report.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod audit;
mod catalog;
pub mod collect;
mod inputs;
mod options;

use std::io::{IsTerminal as _, Write};

use options::Command;

/// The exit status of the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the gate passed (or the command had nothing to gate: `rules`, `collect`, `--help`).
    Passed,
    /// 1: a finding reached the gate.
    GateFailed,
    /// 2: a usage error, or an input that could not be read.
    Usage,
}

impl Exit {
    /// The process exit code.
    #[must_use]
    pub const fn code(self) -> u8 {
        match self {
            Exit::Passed => 0,
            Exit::GateFailed => 1,
            Exit::Usage => 2,
        }
    }
}

/// Where the command writes.
pub(crate) struct Streams<'a> {
    pub(crate) stdout: &'a mut dyn Write,
    pub(crate) stderr: &'a mut dyn Write,
}

impl Streams<'_> {
    /// A problem that ends the command: printed, exit status 2.
    pub(crate) fn fail(&mut self, message: &str) -> Exit {
        self.error(message);
        Exit::Usage
    }

    pub(crate) fn error(&mut self, message: &str) {
        let _ = writeln!(self.stderr, "hullcheck: error: {message}");
    }

    pub(crate) fn warn(&mut self, message: &str) {
        let _ = writeln!(self.stderr, "hullcheck: warning: {message}");
    }

    /// Writes `text` to the file, or to standard output. A reader that stops early (`| head`)
    /// is not an error.
    pub(crate) fn deliver(&mut self, output: Option<&str>, text: &str) -> Result<(), String> {
        if let Some(path) = output {
            return std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"));
        }
        match self
            .stdout
            .write_all(text.as_bytes())
            .and_then(|()| self.stdout.flush())
        {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write the output: {e}"))
            }
            _ => Ok(()),
        }
    }
}

/// Runs the command with the process's own standard streams and returns its exit status
/// (0 passed, 1 gate failed, 2 usage or input error). `args` leaves out the program name.
#[must_use]
pub fn run_process(args: &[String]) -> Exit {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    run(
        args,
        &mut Streams {
            stdout: &mut out,
            stderr: &mut err,
        },
    )
}

fn run(args: &[String], streams: &mut Streams<'_>) -> Exit {
    let command = match options::parse(args) {
        Ok(command) => command,
        Err(message) => {
            let _ = writeln!(
                streams.stderr,
                "hullcheck: error: {message}\nusage: hullcheck [OPTIONS] [INPUT ...]; hullcheck --help tells more"
            );
            return Exit::Usage;
        }
    };
    match command {
        Command::Help => deliver(streams, &options::help_text()),
        Command::Version => deliver(
            streams,
            &format!("hullcheck {}\n", env!("CARGO_PKG_VERSION")),
        ),
        Command::Rules { json } => deliver(streams, &catalog::list(json)),
        Command::Explain(code) => match catalog::explain(&code) {
            Ok(text) => deliver(streams, &text),
            Err(message) => streams.fail(&message),
        },
        Command::Collect(command) => {
            let options = collect::CollectOptions {
                endpoint: command.source.endpoint.clone(),
                all: command.source.all,
                progress: std::io::stderr().is_terminal(),
            };
            match collect::collect_docker(&options) {
                Ok(collection) => {
                    for note in &collection.notes {
                        streams.warn(&note.message);
                    }
                    let mut text = collection.to_json_pretty();
                    text.push('\n');
                    match streams.deliver(command.output.as_deref(), &text) {
                        Ok(()) => Exit::Passed,
                        Err(message) => streams.fail(&message),
                    }
                }
                Err(error) => streams.fail(&error.to_string()),
            }
        }
        Command::Audit(options) => audit::audit(&options, streams),
    }
}

fn deliver(streams: &mut Streams<'_>, text: &str) -> Exit {
    match streams.deliver(None, text) {
        Ok(()) => Exit::Passed,
        Err(message) => streams.fail(&message),
    }
}
