//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

mod container_sprawl;
mod host_local_log_driver;
mod image_sprawl;
mod runtime_security_agent_missing;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &host_local_log_driver::RULE,
    &runtime_security_agent_missing::RULE,
    &image_sprawl::RULE,
    &container_sprawl::RULE,
];
