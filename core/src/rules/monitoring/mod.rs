//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

mod log_rotation_missing;
mod logging_disabled;
mod unhealthy_container;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &unhealthy_container::RULE,
    &logging_disabled::RULE,
    &log_rotation_missing::RULE,
];
