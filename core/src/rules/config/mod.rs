//! `CFG`: host, daemon and container runtime configuration.

mod apparmor_profile_missing;
mod audit_rule_missing;
mod authorization_plugin_missing;
mod cgroup_parent_set;
mod daemon_file_ownership_wrong;
mod daemon_file_permissions_too_open;
mod daemon_log_level_not_info;
mod daemon_new_privileges_allowed;
mod daemon_runs_as_root;
mod daemon_seccomp_unconfined;
mod default_bridge_icc_enabled;
mod default_ulimits_unset;
mod dm_basesize_set;
mod engine_version_outdated;
mod experimental_features_enabled;
mod host_user_namespace;
mod insecure_registry_allowed;
mod iptables_management_disabled;
mod live_restore_disabled;
mod namespace_shared_with_container;
mod new_privileges_allowed;
mod obsolete_storage_driver;
mod privileged_container;
mod runtime_version_vulnerable;
mod seccomp_unconfined;
mod selinux_labels_missing;
mod swarm_autolock_disabled;
mod swarm_manager_count_unsafe;
mod swarm_mode_enabled;
mod swarm_node_cert_expiry_long;
mod tcp_socket_unauthenticated;
mod userland_proxy_enabled;
mod userns_remap_disabled;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &privileged_container::RULE,
    &apparmor_profile_missing::RULE,
    &selinux_labels_missing::RULE,
    &seccomp_unconfined::RULE,
    &new_privileges_allowed::RULE,
    &host_user_namespace::RULE,
    &namespace_shared_with_container::RULE,
    &engine_version_outdated::RULE,
    &runtime_version_vulnerable::RULE,
    &daemon_runs_as_root::RULE,
    &default_bridge_icc_enabled::RULE,
    &daemon_log_level_not_info::RULE,
    &iptables_management_disabled::RULE,
    &insecure_registry_allowed::RULE,
    &obsolete_storage_driver::RULE,
    &tcp_socket_unauthenticated::RULE,
    &default_ulimits_unset::RULE,
    &userns_remap_disabled::RULE,
    &cgroup_parent_set::RULE,
    &dm_basesize_set::RULE,
    &authorization_plugin_missing::RULE,
    &daemon_new_privileges_allowed::RULE,
    &live_restore_disabled::RULE,
    &userland_proxy_enabled::RULE,
    &daemon_seccomp_unconfined::RULE,
    &experimental_features_enabled::RULE,
    &swarm_mode_enabled::RULE,
    &swarm_manager_count_unsafe::RULE,
    &swarm_autolock_disabled::RULE,
    &swarm_node_cert_expiry_long::RULE,
    &audit_rule_missing::RULE,
    &daemon_file_ownership_wrong::RULE,
    &daemon_file_permissions_too_open::RULE,
];
