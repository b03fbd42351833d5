//! `CFG`: host, daemon and container runtime configuration.

mod apparmor_profile_missing;
mod host_user_namespace;
mod new_privileges_allowed;
mod privileged_container;
mod seccomp_unconfined;
mod selinux_labels_missing;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &privileged_container::RULE,
    &apparmor_profile_missing::RULE,
    &selinux_labels_missing::RULE,
    &seccomp_unconfined::RULE,
    &new_privileges_allowed::RULE,
    &host_user_namespace::RULE,
];
