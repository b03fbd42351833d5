//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

mod container_sprawl;
mod host_local_log_driver;
mod image_sprawl;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &host_local_log_driver::RULE,
    &image_sprawl::RULE,
    &container_sprawl::RULE,
];
