//! The cost of one document of each input kind: text in, report out (kind detection, limit
//! scan, parsing, every rule of the default engine), on a real document from the corpus.
//! The table in `benches/README.md` ("Per input kind") comes from this bench.
#![allow(clippy::unwrap_used, reason = "benchmark inputs are known to be valid")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hullcheck::{Bundle, Engine};

/// `(bench name, how the caller hands it over, text)`.
const DOCUMENTS: &[(&str, Input, &str)] = &[
    (
        "container_inspect",
        Input::Json,
        include_str!("../../tests/corpus/container-inspect/inspec_docker_inspect_nginx.json"),
    ),
    (
        "podman_container_inspect",
        Input::Json,
        include_str!(
            "../../tests/corpus/container-inspect/podfather_podman5_container_inspect.json"
        ),
    ),
    (
        "image_inspect",
        Input::Json,
        include_str!("../../tests/corpus/image-inspect/dockle_config_nginx.json"),
    ),
    (
        "dockerfile",
        Input::Dockerfile,
        include_str!("../../tests/corpus/dockerfile/docker_library_postgres16_bookworm.Dockerfile"),
    ),
    (
        "compose",
        Input::Compose,
        include_str!("../../tests/corpus/compose/dockercli_loader_full_example.yml"),
    ),
    (
        "docker_info",
        Input::Json,
        include_str!("../../tests/corpus/docker-info/dockercli_info_json_with_swarm.json"),
    ),
    (
        "daemon_json",
        Input::Json,
        include_str!(
            "../../tests/corpus/daemon-json/dockercli_docs_dockerd_full_example_linux.json"
        ),
    ),
    (
        "oci_runtime_config",
        Input::Json,
        include_str!(
            "../../tests/corpus/oci-runtime/runtime_spec_schema_test_spec_example_linux.json"
        ),
    ),
    (
        "seccomp_profile",
        Input::Json,
        include_str!("../../tests/corpus/seccomp/moby_profiles_seccomp_default.json"),
    ),
    (
        "trivy_report",
        Input::Json,
        include_str!("../../tests/corpus/vuln-trivy/trivy_schema2_image_debian_buster.json"),
    ),
    (
        "grype_report",
        Input::Json,
        include_str!("../../tests/corpus/vuln-grype/grype_snapshot_image_source.json"),
    ),
];

#[derive(Clone, Copy)]
enum Input {
    /// Any JSON document, kind detected.
    Json,
    Dockerfile,
    Compose,
}

fn bundle(input: Input, text: &str) -> Bundle {
    let mut bundle = Bundle::new();
    match input {
        Input::Json => bundle.add_json("input.json", text),
        Input::Dockerfile => bundle.add_dockerfile("Dockerfile", text),
        Input::Compose => bundle.add_compose(
            "compose.yaml",
            text,
            &hullcheck::document::ComposeOptions::default(),
        ),
    }
    .unwrap();
    bundle
}

fn kinds(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("kinds");
    for &(name, input, text) in DOCUMENTS {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| engine.evaluate(&bundle(input, black_box(text)), None));
        });
    }
    group.finish();
}

criterion_group!(benches, kinds);
criterion_main!(benches);
