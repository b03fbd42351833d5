//! `CFG`: host, daemon and container runtime configuration.

mod added_capabilities;
mod dangerous_capability;
mod host_cgroup_namespace;
mod host_devices_exposed;
mod host_ipc_namespace;
mod host_network_mode;
mod host_pid_namespace;
mod host_uts_namespace;
mod net_raw_not_dropped;
mod privileged_container;
mod runtime_socket_mounted;
mod sensitive_host_mount;
mod shared_mount_propagation;
mod system_paths_unconfined;

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
];
