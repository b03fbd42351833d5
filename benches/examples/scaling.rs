//! How evaluation time grows with input size, for input shapes that make naive code
//! superlinear. Each shape is built at `n` and `4n` units; a linear path shows a ratio near 4,
//! a quadratic one near 16. Prints the median of several runs per size.
//!
//! ```text
//! cargo run --release -p hullcheck-benches --example scaling [N]
//! ```
#![allow(clippy::print_stdout, reason = "a measuring tool")]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use hullcheck::{Bundle, Engine};

/// An input shape: its name (which says how to read it) and how to build it at size `n`.
type Shape = (&'static str, fn(usize) -> String);

fn dockerfile_labels(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        let _ = writeln!(s, "ARG V{i}=x\nLABEL k{i}=$V{i}");
    }
    s
}

fn dockerfile_env(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        let _ = writeln!(s, "ENV A{i}=b{i}");
    }
    s
}

fn dockerfile_copy_from(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        let _ = writeln!(s, "COPY --from=img{}:1 /a /b", i % 50);
    }
    s
}

fn dockerfile_stages(n: usize) -> String {
    let mut s = String::from("FROM alpine AS base\n");
    for i in 0..n {
        let _ = writeln!(s, "ENV E{i}=x");
    }
    for i in 0..n {
        let _ = writeln!(s, "FROM base AS s{i}\nRUN echo $E0");
    }
    s
}

fn dockerfile_run_chain(n: usize) -> String {
    let cmds: Vec<String> = (0..n).map(|i| format!("apt-get install -y p{i}")).collect();
    format!("FROM alpine\nRUN {}\n", cmds.join(" && "))
}

fn container_lists(n: usize) -> String {
    let list = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"Id":"a","Name":"/a","Config":{{"Image":"nginx","Env":[{}]}},"HostConfig":{{"CapAdd":[{}],"Binds":[{}]}},"Mounts":[{}]}}"#,
        list(&|i| format!(r#""V{i}=x""#)),
        list(&|i| format!(r#""CAP_X{i}""#)),
        list(&|i| format!(r#""/h{i}:/c{i}""#)),
        list(&|i| format!(r#"{{"Type":"bind","Source":"/h{i}","Destination":"/c{i}","RW":true}}"#)),
    )
}

fn container_array(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"Id":"id{i}","Name":"/c{i}","Config":{{"Image":"nginx"}},"HostConfig":{{"Privileged":true}}}}"#)
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn image_history(n: usize) -> String {
    let history: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"created_by":"RUN /bin/sh -c apt-get install -y p{i} # buildkit"}}"#))
        .collect();
    format!(
        r#"{{"Id":"sha256:{}","Config":{{"Env":[]}},"history":[{}],"rootfs":{{"type":"layers","diff_ids":[]}}}}"#,
        "a".repeat(64),
        history.join(",")
    )
}

fn compose_services(n: usize) -> String {
    let mut s = String::from("services:\n");
    for i in 0..n {
        let _ = writeln!(s, "  s{i}:\n    image: nginx\n    privileged: true");
    }
    s
}

fn seccomp_rules(n: usize) -> String {
    let rules: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"names":["sys{i}a","sys{i}b"],"action":"SCMP_ACT_ALLOW"}}"#))
        .collect();
    format!(
        r#"{{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{}]}}"#,
        rules.join(",")
    )
}

fn trivy_findings(n: usize) -> String {
    let results: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"Target":"t{}","Class":"os-pkgs","Type":"debian","Vulnerabilities":[{{"VulnerabilityID":"CVE-2020-{i}","PkgName":"p{i}","InstalledVersion":"1","FixedVersion":"2","Severity":"HIGH"}}]}}"#, i % 100)
        })
        .collect();
    format!(
        r#"{{"SchemaVersion":2,"ArtifactName":"x","ArtifactType":"container_image","Results":[{}]}}"#,
        results.join(",")
    )
}

const SHAPES: &[Shape] = &[
    ("Dockerfile: LABEL k=$V", dockerfile_labels),
    ("Dockerfile: ENV lines", dockerfile_env),
    ("Dockerfile: COPY --from", dockerfile_copy_from),
    ("Dockerfile: stages over a base", dockerfile_stages),
    ("Dockerfile: one long RUN", dockerfile_run_chain),
    ("container: long lists", container_lists),
    ("docker inspect array", container_array),
    ("image history", image_history),
    ("compose services", compose_services),
    ("seccomp rules", seccomp_rules),
    ("Trivy results", trivy_findings),
];

fn median_time(engine: &Engine, name: &str, text: &str) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut bundle = Bundle::new();
            let added = if name.starts_with("Dockerfile") {
                bundle.add_dockerfile("Dockerfile", black_box(text))
            } else if name.starts_with("compose") {
                bundle.add_compose(
                    "compose.yaml",
                    black_box(text),
                    &hullcheck::document::ComposeOptions::default(),
                )
            } else {
                bundle.add_json("input.json", black_box(text))
            };
            if added.is_ok() {
                black_box(engine.evaluate(&bundle, None));
            }
            start.elapsed()
        })
        .collect();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4000);
    let engine = Engine::default();
    println!("| shape | n = {n} | n = {} | ratio (4 = linear) |", 4 * n);
    println!("| --- | ---: | ---: | ---: |");
    for (name, build) in SHAPES {
        let small = median_time(&engine, name, &build(n));
        let large = median_time(&engine, name, &build(4 * n));
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} |",
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3,
            large.as_secs_f64() / small.as_secs_f64().max(1e-9)
        );
    }
}
