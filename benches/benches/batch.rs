//! Parallel batches: 10,000 one-container bundles evaluated by `stream::evaluate_parallel` on
//! 1 and 2 threads (the calling thread plus one more for 2).
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
            // The reports are dropped outside the timing: freeing 10,000 of them is the
            // caller's (single-threaded) business, not the evaluation's.
            b.iter_with_large_drop(|| {
                stream::evaluate_parallel(&engine, black_box(&bundles), None, threads)
            });
        });
    }
    // The same work with each report reduced to its finding count on its own thread, as a
    // caller that consumes reports as they come (a gate, a counter, a writer) would.
    for threads in [1, 2] {
        group.bench_function(format!("{threads}_threads_consumed"), |b| {
            b.iter(|| {
                stream::evaluate_parallel_with(&engine, black_box(&bundles), None, threads, |r| {
                    r.findings.len()
                })
            });
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
