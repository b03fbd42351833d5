//! Runs one workload many times, for instruction counting under
//! `valgrind --tool=callgrind`, which is repeatable on a busy machine where wall time is not:
//!
//! ```text
//! cargo build --release -p hullcheck-benches --bin instructions
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/instructions value 2000
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/instructions hullcheck 2000
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/instructions evaluate 2000
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/instructions dockerfile 200
//! ```
//!
//! Subtract a run with 0 iterations to remove start-up cost.
#![allow(clippy::print_stderr, reason = "a measuring tool")]

use std::hint::black_box;
use std::process::ExitCode;

use hullcheck::{Bundle, Engine};
use hullcheck_benches::{CONTAINER_INSPECT, DOCKERFILE};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_default();
    let iterations: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let engine = Engine::default();
    let parsed = Bundle::from_json(CONTAINER_INSPECT);
    for _ in 0..iterations {
        match workload.as_str() {
            "value" => {
                let value = serde_json::from_str::<serde_json::Value>(black_box(CONTAINER_INSPECT));
                black_box(value.is_ok());
            }
            "hullcheck" => {
                if let Ok(bundle) = Bundle::from_json(black_box(CONTAINER_INSPECT)) {
                    black_box(engine.evaluate(&bundle, None));
                }
            }
            "evaluate" => {
                if let Ok(bundle) = &parsed {
                    black_box(engine.evaluate(black_box(bundle), None));
                }
            }
            "dockerfile" => {
                let mut bundle = Bundle::new();
                if bundle
                    .add_dockerfile("Dockerfile", black_box(DOCKERFILE))
                    .is_ok()
                {
                    black_box(engine.evaluate(&bundle, None));
                }
            }
            _ => {
                eprintln!("usage: instructions value|hullcheck|evaluate|dockerfile [ITERATIONS]");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
