//! Benchmarks and measurement scripts for hullcheck live in this package's `benches/` and
//! `examples/`; the library itself is empty.
