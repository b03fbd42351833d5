//! Runnable examples of hullcheck live in this package's `examples/` targets; see `seccomp_profile.rs`; the command-line auditor is the `hullcheck` command in `cli/`.
