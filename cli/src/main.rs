//! The `hullcheck` binary: `hullcheck --help` tells the rest.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(hullcheck_cli::run_process(std::env::args().skip(1).collect()))
}
