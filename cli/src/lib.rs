//! The `hullcheck` command, written once: the Rust binary, the Python wheel's console script
//! and the npm package's `bin` all call [`run_process`], so every install behaves the same.
//!
//! The pure engine is the [`hullcheck`] crate; this crate does the IO around it: it reads
//! files and standard input, talks to a live engine ([`collect`]), reads the clock, and writes
//! the report.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line program writes to its streams"
)]

pub mod collect;

/// Runs the command with the process's own standard streams and returns its exit status
/// (0 passed, 1 gate failed, 2 usage or input error).
#[must_use]
pub fn run_process(args: Vec<String>) -> u8 {
    let _ = args;
    2
}
