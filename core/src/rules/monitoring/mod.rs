//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

mod container_sprawl;
mod daemon_log_rotation_missing;
mod host_local_log_driver;
mod image_sprawl;
mod label_key_invalid;
mod label_schema_violation;
mod log_rotation_missing;
mod logging_disabled;
mod missing_healthcheck;
mod runtime_security_agent_missing;
mod sshd_in_container;
mod unhealthy_container;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &unhealthy_container::RULE,
    &logging_disabled::RULE,
    &log_rotation_missing::RULE,
    &daemon_log_rotation_missing::RULE,
    &host_local_log_driver::RULE,
    &runtime_security_agent_missing::RULE,
    &image_sprawl::RULE,
    &container_sprawl::RULE,
    &missing_healthcheck::RULE,
    &sshd_in_container::RULE,
    &label_schema_violation::RULE,
    &label_key_invalid::RULE,
];
