//! `CFG`: host, daemon and container runtime configuration.

mod all_ports_published;
mod cpu_unlimited;
mod custom_cgroup_parent;
mod default_bridge_network;
mod docker_host_over_tcp;
mod memory_unlimited;
mod pids_unlimited;
mod ports_published;
mod privileged_container;
mod privileged_host_port;
mod restart_policy_unbounded;
mod ulimit_override;
mod wildcard_host_binding;
mod writable_root_filesystem;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &privileged_container::RULE,
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
