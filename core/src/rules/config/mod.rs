//! `CFG`: host, daemon and container runtime configuration.

mod added_capabilities;
mod all_ports_published;
mod apparmor_profile_missing;
mod audit_rule_missing;
mod authorization_plugin_missing;
mod cgroup_parent_set;
mod container_image_outdated;
mod content_trust_disabled;
mod cpu_unlimited;
mod custom_cgroup_parent;
mod daemon_file_ownership_wrong;
mod daemon_file_permissions_too_open;
mod daemon_log_level_not_info;
mod daemon_new_privileges_allowed;
mod daemon_runs_as_root;
mod daemon_seccomp_unconfined;
mod dangerous_capability;
mod data_root_on_shared_partition;
mod default_bridge_icc_enabled;
mod default_bridge_network;
mod default_cgroup_namespace_host;
mod default_ulimits_unset;
mod dm_basesize_set;
mod docker_host_over_tcp;
mod engine_version_outdated;
mod exec_runs_as_root;
mod experimental_features_enabled;
mod host_cgroup_namespace;
mod host_devices_exposed;
mod host_ipc_namespace;
mod host_network_mode;
mod host_pid_namespace;
mod host_user_namespace;
mod host_uts_namespace;
mod insecure_registry_allowed;
mod iptables_management_disabled;
mod live_restore_disabled;
mod memory_unlimited;
mod namespace_shared_with_container;
mod net_raw_not_dropped;
mod new_privileges_allowed;
mod obsolete_storage_driver;
mod overlay_network_unencrypted;
mod pids_unlimited;
mod ports_published;
mod privileged_container;
mod privileged_exec_session;
mod privileged_host_port;
mod restart_policy_unbounded;
mod runtime_socket_mounted;
mod runtime_version_vulnerable;
mod seccomp_architectures_missing;
mod seccomp_dangerous_syscall_allowed;
mod seccomp_default_allow;
mod seccomp_unconfined;
mod seccomp_wider_than_docker_default;
mod selinux_labels_missing;
mod sensitive_host_mount;
mod shared_mount_propagation;
mod swarm_autolock_disabled;
mod swarm_manager_count_unsafe;
mod swarm_mode_enabled;
mod swarm_node_cert_expiry_long;
mod system_paths_unconfined;
mod tcp_socket_unauthenticated;
mod ulimit_override;
mod unresolved_compose_variable;
mod untrusted_docker_group_member;
mod userland_proxy_enabled;
mod userns_remap_disabled;
mod wildcard_host_binding;
mod writable_root_filesystem;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &privileged_container::RULE,
    &added_capabilities::RULE,
    &net_raw_not_dropped::RULE,
    &dangerous_capability::RULE,
    &sensitive_host_mount::RULE,
    &shared_mount_propagation::RULE,
    &runtime_socket_mounted::RULE,
    &host_network_mode::RULE,
    &host_pid_namespace::RULE,
    &host_ipc_namespace::RULE,
    &host_uts_namespace::RULE,
    &host_cgroup_namespace::RULE,
    &system_paths_unconfined::RULE,
    &host_devices_exposed::RULE,
    &privileged_host_port::RULE,
    &all_ports_published::RULE,
    &ports_published::RULE,
    &wildcard_host_binding::RULE,
    &memory_unlimited::RULE,
    &cpu_unlimited::RULE,
    &pids_unlimited::RULE,
    &writable_root_filesystem::RULE,
    &restart_policy_unbounded::RULE,
    &ulimit_override::RULE,
    &custom_cgroup_parent::RULE,
    &default_bridge_network::RULE,
    &docker_host_over_tcp::RULE,
    &apparmor_profile_missing::RULE,
    &selinux_labels_missing::RULE,
    &seccomp_unconfined::RULE,
    &new_privileges_allowed::RULE,
    &host_user_namespace::RULE,
    &namespace_shared_with_container::RULE,
    &privileged_exec_session::RULE,
    &exec_runs_as_root::RULE,
    &container_image_outdated::RULE,
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
    &overlay_network_unencrypted::RULE,
    &default_cgroup_namespace_host::RULE,
    &audit_rule_missing::RULE,
    &daemon_file_ownership_wrong::RULE,
    &daemon_file_permissions_too_open::RULE,
    &data_root_on_shared_partition::RULE,
    &untrusted_docker_group_member::RULE,
    &content_trust_disabled::RULE,
    &seccomp_default_allow::RULE,
    &seccomp_dangerous_syscall_allowed::RULE,
    &seccomp_architectures_missing::RULE,
    &seccomp_wider_than_docker_default::RULE,
    &unresolved_compose_variable::RULE,
];
