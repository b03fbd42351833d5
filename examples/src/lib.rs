//! Runnable examples of hullcheck live in this package's `examples/` targets; see `audit.rs`.
