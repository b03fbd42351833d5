//! `CFG`: host, daemon and container runtime configuration.

mod privileged_container;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[&privileged_container::RULE];
