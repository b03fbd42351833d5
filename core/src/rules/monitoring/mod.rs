//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

mod missing_healthcheck;
mod sshd_in_container;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[&missing_healthcheck::RULE, &sshd_in_container::RULE];
