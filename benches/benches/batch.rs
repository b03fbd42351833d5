//! Parallel batches: 10,000 one-container bundles evaluated by `stream::evaluate_parallel` on
//! 1 and 2 threads.
#![allow(clippy::unwrap_used, reason = "benchmark inputs are known to be valid")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hullcheck::{Bundle, Engine, stream};
use hullcheck_benches::CONTAINER_INSPECT;

fn batch(c: &mut Criterion) {
    let engine = Engine::default();
    let bundles: Vec<Bundle> = (0..10_000)
        .map(|_| Bundle::from_json(CONTAINER_INSPECT).unwrap())
        .collect();
    let mut group = c.benchmark_group("batch_10000_containers");
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(format!("{threads}_threads"), |b| {
            b.iter(|| stream::evaluate_parallel(&engine, black_box(&bundles), None, threads));
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
