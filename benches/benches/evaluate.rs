//! The full rule set on one realistic container document, parsing included, beside parsing the
//! same text into a generic `serde_json::Value`. Design budget: at most 0.5x the Value parse.
#![allow(clippy::unwrap_used, reason = "benchmark inputs are known to be valid")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hullcheck::{Bundle, Engine};
use hullcheck_benches::CONTAINER_INSPECT;

fn container_document(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("container_inspect_9kb");
    group.bench_function("serde_json_value_parse", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(CONTAINER_INSPECT)).unwrap());
    });
    group.bench_function("hullcheck_parse_and_evaluate", |b| {
        b.iter(|| {
            let bundle = Bundle::from_json(black_box(CONTAINER_INSPECT)).unwrap();
            engine.evaluate(&bundle, None)
        });
    });
    group.bench_function("hullcheck_parse_only", |b| {
        b.iter(|| Bundle::from_json(black_box(CONTAINER_INSPECT)).unwrap());
    });
    let bundle = Bundle::from_json(CONTAINER_INSPECT).unwrap();
    group.bench_function("hullcheck_evaluate_only", |b| {
        b.iter(|| engine.evaluate(black_box(&bundle), None));
    });
    group.finish();
}

criterion_group!(benches, container_document);
criterion_main!(benches);
