//! Prints hullcheck's findings on Dockerfiles as JSON lines (`{"file","line","code","message","evidence"}`), for
//! `benches/hadolint_agreement.py`. Usage: `dockerfile_findings [--trusted-registry R]...
//! FILE...`.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line example prints its results"
)]

use hullcheck::{Bundle, Engine, Policy};

fn main() {
    let mut trusted: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--trusted-registry" {
            trusted.extend(args.next());
        } else {
            files.push(arg);
        }
    }
    let mut policy = Policy::default();
    if !trusted.is_empty() {
        policy.parameters.insert(
            "IMG013".to_owned(),
            [(
                "trusted_registries".to_owned(),
                serde_json::Value::from(trusted),
            )]
            .into_iter()
            .collect(),
        );
    }
    let engine = match Engine::new(&policy) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("policy: {e}");
            std::process::exit(2);
        }
    };
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let mut bundle = Bundle::new();
        if let Err(e) = bundle.add_json_as(&file, hullcheck::DocumentKind::Dockerfile, &text) {
            eprintln!("{file}: {e}");
            continue;
        }
        for finding in engine.evaluate(&bundle, None).findings {
            let line = serde_json::json!({
                "file": file,
                "line": finding.location.line,
                "code": finding.code,
                "message": finding.message,
                "evidence": finding.evidence,
            });
            println!("{line}");
        }
    }
}
