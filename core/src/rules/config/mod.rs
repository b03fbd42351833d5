//! `CFG`: host, daemon and container runtime configuration.

mod privileged_container;
mod seccomp_architectures_missing;
mod seccomp_dangerous_syscall_allowed;
mod seccomp_default_allow;
mod seccomp_wider_than_docker_default;
mod unresolved_compose_variable;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &privileged_container::RULE,
    &seccomp_default_allow::RULE,
    &seccomp_dangerous_syscall_allowed::RULE,
    &seccomp_architectures_missing::RULE,
    &seccomp_wider_than_docker_default::RULE,
    &unresolved_compose_variable::RULE,
];
