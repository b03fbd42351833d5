//! `MON`: monitoring and metadata: logs, health checks, agents, labels.

family_rules!(
    container_sprawl,
    daemon_log_rotation_missing,
    host_local_log_driver,
    image_sprawl,
    label_key_invalid,
    label_schema_violation,
    log_rotation_missing,
    logging_disabled,
    missing_healthcheck,
    runtime_security_agent_missing,
    sshd_in_container,
    unhealthy_container,
);
