//! The frameworks hullcheck reports against: every CIS Docker Benchmark recommendation and every
//! NIST SP 800-190 countermeasure section, as data.
//!
//! The compliance view lists every control here, so recommendations that no rule implements
//! show up as `not_automated` instead of silently missing. Ids and titles are those of CIS
//! Docker Benchmark v1.6.0 (the same in v1.7.0; v1.8.0 shifts section 2 by one after 2.6, given
//! in `v1_8`). v1.8.0's new 2.7 (devicemapper storage driver) has no v1.6 id and is not listed.

/// A CIS Docker Benchmark recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CisControl {
    /// Id in v1.6.0/v1.7.0 numbering.
    pub id: &'static str,
    /// Id in v1.8.0 where it differs.
    pub v1_8: Option<&'static str>,
    /// Title (abbreviated where the benchmark repeats a long prefix).
    pub title: &'static str,
    /// Profile level: 1 or 2.
    pub level: u8,
    /// Whether the recommendation belongs to the swarm profile (section 7).
    pub swarm: bool,
}

/// A NIST SP 800-190 countermeasure section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NistControl {
    /// Section (`4.4.3`).
    pub id: &'static str,
    /// Title of the risk it counters.
    pub title: &'static str,
}

/// Every CIS Docker Benchmark v1.6.0 recommendation (sections 1 to 7), in benchmark order.
pub const CIS_DOCKER: &[CisControl] = &[
    CisControl {
        id: "1.1.1",
        v1_8: None,
        title: "Ensure a separate partition for containers has been created",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.2",
        v1_8: None,
        title: "Ensure only trusted users are allowed to control Docker daemon",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.3",
        v1_8: None,
        title: "Ensure auditing is configured for the Docker daemon",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.4",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /run/containerd",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.5",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.6",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /etc/docker",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.1.7",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - docker.service",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.8",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - containerd.sock",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.9",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - docker.socket (1.6) / docker.sock (1.7)",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.10",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.11",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.12",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.13",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.14",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.15",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.16",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - containerd-shim-runc-v1",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.17",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - containerd-shim-runc-v2",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.1.18",
        v1_8: None,
        title: "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "1.2.1",
        v1_8: None,
        title: "Ensure the container host has been Hardened",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "1.2.2",
        v1_8: None,
        title: "Ensure that the version of Docker is up to date",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.1",
        v1_8: None,
        title: "Run the Docker daemon as a non-root user, if possible",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.2",
        v1_8: None,
        title: "Ensure network traffic is restricted between containers on the default bridge",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.3",
        v1_8: None,
        title: "Ensure the logging level is set to 'info'",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.4",
        v1_8: None,
        title: "Ensure Docker is allowed to make changes to iptables",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.5",
        v1_8: None,
        title: "Ensure insecure registries are not used",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.6",
        v1_8: None,
        title: "Ensure aufs storage driver is not used",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.7",
        v1_8: Some("2.8"),
        title: "Ensure TLS authentication for Docker daemon is configured",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.8",
        v1_8: Some("2.9"),
        title: "Ensure the default ulimit is configured appropriately",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.9",
        v1_8: Some("2.10"),
        title: "Enable user namespace support",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.10",
        v1_8: Some("2.11"),
        title: "Ensure the default cgroup usage has been confirmed",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.11",
        v1_8: Some("2.12"),
        title: "Ensure base device size is not changed until needed",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.12",
        v1_8: Some("2.13"),
        title: "Ensure that authorization for Docker client commands is enabled",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.13",
        v1_8: Some("2.14"),
        title: "Ensure centralized and remote logging is configured",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.14",
        v1_8: Some("2.15"),
        title: "Ensure containers are restricted from acquiring new privileges",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.15",
        v1_8: Some("2.16"),
        title: "Ensure live restore is enabled",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.16",
        v1_8: Some("2.17"),
        title: "Ensure Userland Proxy is Disabled",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "2.17",
        v1_8: Some("2.18"),
        title: "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "2.18",
        v1_8: Some("2.19"),
        title: "Ensure that experimental features are not implemented in production",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.1",
        v1_8: None,
        title: "Ensure that the docker.service file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.2",
        v1_8: None,
        title: "Ensure that the docker.service file permissions are appropriately set",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.3",
        v1_8: None,
        title: "Ensure that the docker.socket file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.4",
        v1_8: None,
        title: "Ensure that the docker.socket file permissions are set to 644 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.5",
        v1_8: None,
        title: "Ensure that the /etc/docker directory ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.6",
        v1_8: None,
        title: "Ensure that the /etc/docker directory permissions are set to 755 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.7",
        v1_8: None,
        title: "Ensure that the registry certificate file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.8",
        v1_8: None,
        title: "Ensure that the registry certificate file permissions are set to 444 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.9",
        v1_8: None,
        title: "Ensure that the TLS CA certificate file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.10",
        v1_8: None,
        title: "Ensure that the TLS CA certificate file permissions are set to 444 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.11",
        v1_8: None,
        title: "Ensure that the Docker server certificate file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.12",
        v1_8: None,
        title: "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.13",
        v1_8: None,
        title: "Ensure that the Docker server certificate key file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.14",
        v1_8: None,
        title: "Ensure that the Docker server certificate key file permissions are set to 400",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.15",
        v1_8: None,
        title: "Ensure that the Docker socket file ownership is set to root:docker",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.16",
        v1_8: None,
        title: "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.17",
        v1_8: None,
        title: "Ensure that the daemon.json file ownership is set to root:root",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.18",
        v1_8: None,
        title: "Ensure that the daemon.json file permissions are set to 644 or more restrictively",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.19",
        v1_8: None,
        title: "Ensure that the /etc/default/docker file ownership is set to root:root",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.20",
        v1_8: None,
        title: "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.21",
        v1_8: None,
        title: "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.22",
        v1_8: None,
        title: "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "3.23",
        v1_8: None,
        title: "Ensure that the containerd socket file ownership is set to root:root",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "3.24",
        v1_8: None,
        title: "Ensure that the containerd socket file permissions are set to 660 or more restrictively",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.1",
        v1_8: None,
        title: "Ensure that a user for the container has been created",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.2",
        v1_8: None,
        title: "Ensure that containers use only trusted base images",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.3",
        v1_8: None,
        title: "Ensure that unnecessary packages are not installed in the container",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.4",
        v1_8: None,
        title: "Ensure images are scanned and rebuilt to include security patches",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.5",
        v1_8: None,
        title: "Ensure Content trust for Docker is Enabled",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "4.6",
        v1_8: None,
        title: "Ensure that HEALTHCHECK instructions have been added to container images",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.7",
        v1_8: None,
        title: "Ensure update instructions are not used alone in Dockerfiles",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.8",
        v1_8: None,
        title: "Ensure setuid and setgid permissions are removed",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "4.9",
        v1_8: None,
        title: "Ensure that COPY is used instead of ADD in Dockerfiles",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.10",
        v1_8: None,
        title: "Ensure secrets are not stored in Dockerfiles",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "4.11",
        v1_8: None,
        title: "Ensure only verified packages are installed",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "4.12",
        v1_8: None,
        title: "Ensure all signed artifacts are validated",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.1",
        v1_8: None,
        title: "Ensure swarm mode is not Enabled, if not needed",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.2",
        v1_8: None,
        title: "Ensure that, if applicable, an AppArmor Profile is enabled",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.3",
        v1_8: None,
        title: "Ensure that, if applicable, SELinux security options are set",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "5.4",
        v1_8: None,
        title: "Ensure that Linux kernel capabilities are restricted within containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.5",
        v1_8: None,
        title: "Ensure that privileged containers are not used",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.6",
        v1_8: None,
        title: "Ensure sensitive host system directories are not mounted on containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.7",
        v1_8: None,
        title: "Ensure sshd is not run within containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.8",
        v1_8: None,
        title: "Ensure privileged ports are not mapped within containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.9",
        v1_8: None,
        title: "Ensure that only needed ports are open on the container",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.10",
        v1_8: None,
        title: "Ensure that the host's network namespace is not shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.11",
        v1_8: None,
        title: "Ensure that the memory usage for containers is limited",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.12",
        v1_8: None,
        title: "Ensure that CPU priority is set appropriately on containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.13",
        v1_8: None,
        title: "Ensure that the container's root filesystem is mounted as read only",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.14",
        v1_8: None,
        title: "Ensure that incoming container traffic is bound to a specific host interface",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.15",
        v1_8: None,
        title: "Ensure that the 'on-failure' container restart policy is set to '5'",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.16",
        v1_8: None,
        title: "Ensure that the host's process namespace is not shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.17",
        v1_8: None,
        title: "Ensure that the host's IPC namespace is not shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.18",
        v1_8: None,
        title: "Ensure that host devices are not directly exposed to containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.19",
        v1_8: None,
        title: "Ensure that the default ulimit is overwritten at runtime if needed",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.20",
        v1_8: None,
        title: "Ensure mount propagation mode is not set to shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.21",
        v1_8: None,
        title: "Ensure that the host's UTS namespace is not shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.22",
        v1_8: None,
        title: "Ensure the default seccomp profile is not Disabled",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.23",
        v1_8: None,
        title: "Ensure that docker exec commands are not used with the privileged option",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "5.24",
        v1_8: None,
        title: "Ensure that docker exec commands are not used with the user=root option",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "5.25",
        v1_8: None,
        title: "Ensure that cgroup usage is confirmed",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.26",
        v1_8: None,
        title: "Ensure that the container is restricted from acquiring additional privileges",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.27",
        v1_8: None,
        title: "Ensure that container health is checked at runtime",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.28",
        v1_8: None,
        title: "Ensure that Docker commands always make use of the latest version of their image",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.29",
        v1_8: None,
        title: "Ensure that the PIDs cgroup limit is used",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.30",
        v1_8: None,
        title: "Ensure that Docker's default bridge \"docker0\" is not used",
        level: 2,
        swarm: false,
    },
    CisControl {
        id: "5.31",
        v1_8: None,
        title: "Ensure that the host's user namespaces are not shared",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "5.32",
        v1_8: None,
        title: "Ensure that the Docker socket is not mounted inside any containers",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "6.1",
        v1_8: None,
        title: "Ensure that image sprawl is avoided",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "6.2",
        v1_8: None,
        title: "Ensure that container sprawl is avoided",
        level: 1,
        swarm: false,
    },
    CisControl {
        id: "7.1",
        v1_8: None,
        title: "Ensure that the minimum number of manager nodes have been created in a swarm",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.2",
        v1_8: None,
        title: "Ensure that swarm services are bound to a specific host interface",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.3",
        v1_8: None,
        title: "Ensure that all Docker swarm overlay networks are encrypted",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.4",
        v1_8: None,
        title: "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.5",
        v1_8: None,
        title: "Ensure that swarm manager is run in auto-lock mode",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.6",
        v1_8: None,
        title: "Ensure that the swarm manager auto-lock key is rotated periodically",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.7",
        v1_8: None,
        title: "Ensure that node certificates are rotated as appropriate",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.8",
        v1_8: None,
        title: "Ensure that CA certificates are rotated as appropriate",
        level: 1,
        swarm: true,
    },
    CisControl {
        id: "7.9",
        v1_8: None,
        title: "Ensure that management plane traffic is separated from data plane traffic",
        level: 1,
        swarm: true,
    },
];

/// Every NIST SP 800-190 section-4 countermeasure, in document order.
pub const NIST_800_190: &[NistControl] = &[
    NistControl {
        id: "4.1.1",
        title: "Image vulnerabilities",
    },
    NistControl {
        id: "4.1.2",
        title: "Image configuration defects",
    },
    NistControl {
        id: "4.1.3",
        title: "Embedded malware",
    },
    NistControl {
        id: "4.1.4",
        title: "Embedded clear-text secrets",
    },
    NistControl {
        id: "4.1.5",
        title: "Use of untrusted images",
    },
    NistControl {
        id: "4.2.1",
        title: "Insecure connections to registries",
    },
    NistControl {
        id: "4.2.2",
        title: "Stale images in registries",
    },
    NistControl {
        id: "4.2.3",
        title: "Insufficient registry authentication and authorization",
    },
    NistControl {
        id: "4.3.1",
        title: "Unbounded administrative access",
    },
    NistControl {
        id: "4.3.2",
        title: "Unauthorized access",
    },
    NistControl {
        id: "4.3.3",
        title: "Poorly separated inter-container network traffic",
    },
    NistControl {
        id: "4.3.4",
        title: "Mixing of workload sensitivity levels",
    },
    NistControl {
        id: "4.3.5",
        title: "Orchestrator node trust",
    },
    NistControl {
        id: "4.4.1",
        title: "Vulnerabilities within the runtime software",
    },
    NistControl {
        id: "4.4.2",
        title: "Unbounded network access from containers",
    },
    NistControl {
        id: "4.4.3",
        title: "Insecure container runtime configurations",
    },
    NistControl {
        id: "4.4.4",
        title: "App vulnerabilities",
    },
    NistControl {
        id: "4.4.5",
        title: "Rogue containers",
    },
    NistControl {
        id: "4.5.1",
        title: "Large host attack surface",
    },
    NistControl {
        id: "4.5.2",
        title: "Shared kernel",
    },
    NistControl {
        id: "4.5.3",
        title: "Host OS component vulnerabilities",
    },
    NistControl {
        id: "4.5.4",
        title: "Improper user access rights",
    },
    NistControl {
        id: "4.5.5",
        title: "Host OS file system tampering",
    },
];

/// The CIS recommendation with v1.6 id `id`.
#[must_use]
pub fn cis(id: &str) -> Option<&'static CisControl> {
    CIS_DOCKER.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::{CIS_DOCKER, NIST_800_190};

    #[test]
    fn ids_are_unique_and_section_2_shifts_in_v1_8() {
        let mut ids: Vec<&str> = CIS_DOCKER.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CIS_DOCKER.len());
        assert_eq!(super::cis("2.18").and_then(|c| c.v1_8), Some("2.19"));
        assert_eq!(super::cis("2.6").and_then(|c| c.v1_8), None);
        assert_eq!(super::cis("5.5").map(|c| c.level), Some(1));
        assert!(NIST_800_190.iter().any(|n| n.id == "4.4.3"));
    }
}
