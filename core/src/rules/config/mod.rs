//! `CFG`: host, daemon and container runtime configuration.

mod added_capabilities;
mod all_ports_published;
mod cpu_unlimited;
mod custom_cgroup_parent;
mod dangerous_capability;
mod default_bridge_network;
mod docker_host_over_tcp;
mod host_cgroup_namespace;
mod host_devices_exposed;
mod host_ipc_namespace;
mod host_network_mode;
mod host_pid_namespace;
mod host_uts_namespace;
mod memory_unlimited;
mod net_raw_not_dropped;
mod pids_unlimited;
mod ports_published;
mod privileged_container;
mod privileged_host_port;
mod restart_policy_unbounded;
mod runtime_socket_mounted;
mod sensitive_host_mount;
mod shared_mount_propagation;
mod system_paths_unconfined;
mod ulimit_override;
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
];
