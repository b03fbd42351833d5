//! Parsing plus every image rule on a ~200-line Dockerfile and on image documents.
#![allow(missing_docs, reason = "criterion generates the entry point")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hullcheck::{Bundle, Engine, Policy};
use hullcheck_benches::DOCKERFILE;

/// A 649-line multi-stage Dockerfile with heredocs, cache mounts and ARG-before-FROM.
const LARGE_DOCKERFILE: &str =
    include_str!("../../tests/corpus/dockerfile/moby_engine_multistage.Dockerfile");
/// An image config blob with history (nginx).
const IMAGE_CONFIG: &str =
    include_str!("../../tests/corpus/image-inspect/dockle_config_nginx.json");
/// `podman image inspect` output.
const IMAGE_INSPECT: &str =
    include_str!("../../tests/corpus/image-inspect/podfather_podman5_image_inspect.json");

fn image_engine() -> Engine {
    let select = hullcheck::catalog()
        .iter()
        .filter(|r| {
            r.subjects().iter().any(|k| {
                matches!(
                    k,
                    hullcheck::rules::SubjectKind::Image
                        | hullcheck::rules::SubjectKind::Dockerfile
                )
            })
        })
        .map(|r| r.code.to_owned())
        .collect();
    match Engine::new(&Policy {
        select,
        ..Policy::default()
    }) {
        Ok(engine) => engine,
        Err(e) => unreachable!("the image rules resolve: {e}"),
    }
}

fn evaluate(engine: &Engine, name: &str, text: &str) -> usize {
    let mut bundle = Bundle::new();
    match bundle.add_json(name, text) {
        Ok(_) => engine.evaluate(&bundle, None).findings.len(),
        Err(e) => unreachable!("{name} parses: {e}"),
    }
}

fn bench(c: &mut Criterion) {
    let engine = image_engine();
    c.bench_function("dockerfile_218_lines_parse", |b| {
        b.iter(|| hullcheck::document::parse_dockerfile(black_box(DOCKERFILE), "Dockerfile"));
    });
    c.bench_function("dockerfile_218_lines_parse_and_rules", |b| {
        b.iter(|| evaluate(&engine, "Dockerfile", black_box(DOCKERFILE)));
    });
    c.bench_function("dockerfile_649_lines_parse_and_rules", |b| {
        b.iter(|| evaluate(&engine, "Dockerfile", black_box(LARGE_DOCKERFILE)));
    });
    c.bench_function("image_config_with_history_parse_and_rules", |b| {
        b.iter(|| evaluate(&engine, "config.json", black_box(IMAGE_CONFIG)));
    });
    c.bench_function("podman_image_inspect_parse_and_rules", |b| {
        b.iter(|| evaluate(&engine, "inspect.json", black_box(IMAGE_INSPECT)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
