//! The `hullcheck` binary: `hullcheck --help` tells the rest.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(hullcheck_cli::run_process(&args).code())
}
