//! Inputs shared by the benchmarks in `benches/benches/`.

/// A real ~9 KB `docker inspect` document (inspec/inspec's nginx fixture, Apache-2.0; see
/// `tests/corpus/container-inspect/SOURCES.md`).
pub const CONTAINER_INSPECT: &str =
    include_str!("../../tests/corpus/container-inspect/inspec_docker_inspect_nginx.json");

/// The official postgres 16 Dockerfile (218 lines: long RUN chains, ENV, ARG; MIT, see
/// `tests/corpus/dockerfile/SOURCES.md`).
pub const DOCKERFILE: &str =
    include_str!("../../tests/corpus/dockerfile/docker_library_postgres16_bookworm.Dockerfile");
