//! Compose, OCI runtime config and seccomp inputs: parsing into subjects, evaluation with the
//! full rule set, and seccomp allowlist generation.
#![allow(clippy::unwrap_used, reason = "benchmark inputs are known to be valid")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hullcheck::seccomp::{self, GenerateOptions};
use hullcheck::{Bundle, Engine};

const COMPOSE: &str = include_str!("../../tests/corpus/compose/dockercli_loader_full_example.yml");
const OCI: &str =
    include_str!("../../tests/corpus/oci-runtime/runtime_spec_schema_test_spec_example_linux.json");

fn formats(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("formats");
    group.bench_function("compose_full_example_parse_and_evaluate", |b| {
        b.iter(|| {
            let bundle = Bundle::from_json(black_box(COMPOSE)).unwrap();
            engine.evaluate(&bundle, None)
        });
    });
    group.bench_function("oci_runtime_spec_example_parse_and_evaluate", |b| {
        b.iter(|| {
            let bundle = Bundle::from_json(black_box(OCI)).unwrap();
            engine.evaluate(&bundle, None)
        });
    });
    group.bench_function("seccomp_docker_default_parse_and_evaluate", |b| {
        b.iter(|| {
            let bundle = Bundle::from_json(black_box(seccomp::DOCKER_DEFAULT_JSON)).unwrap();
            engine.evaluate(&bundle, None)
        });
    });
    let mut trace = String::new();
    for name in seccomp::docker_default().unconditionally_allowed() {
        trace.push_str(&name);
        trace.push_str("(0x1, 0x2) = 0\n");
    }
    group.bench_function("seccomp_generate_from_300_line_trace", |b| {
        b.iter(|| seccomp::generate_from_trace(black_box(&trace), &GenerateOptions::default()));
    });
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
