//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[];
