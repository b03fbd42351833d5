use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG014",
    name: "host-devices-exposed",
    summary: "Container has direct access to host devices",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.18",
            "Ensure that host devices are not directly exposed to containers",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails once for each entry of `HostConfig.Devices` (`--device`, naming the host path and permissions), of `HostConfig.DeviceCgroupRules` (`--device-cgroup-rule`, which allows device nodes the container creates or receives later) and of `HostConfig.DeviceRequests` (`--gpus` and other driver requests, naming the driver or capabilities and the count).",
        why: "A device node bypasses the container's file system isolation and speaks to a host kernel driver directly: a disk device gives the host's raw file systems, `/dev/mem` or `/dev/kmsg` host memory and logs, and every driver added widens the kernel attack surface reachable from the container.",
        remediation: Remediation {
            docker_run: "Remove `--device`, `--device-cgroup-rule` and `--gpus` flags the workload does not need; grant the narrowest permissions (`--device /dev/x:/dev/x:r`).",
            compose: "Remove entries from `devices:`, `device_cgroup_rules:` and `deploy.resources.reservations.devices:`.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let host = &container.host_config;
    for (i, device) in host.devices.iter().enumerate() {
        ctx.fail(
            format!("/HostConfig/Devices/{i}"),
            format!(
                "host device {} is exposed to the container",
                device.path_on_host
            ),
        )
        .evidence(format!(
            "PathOnHost={} PathInContainer={} CgroupPermissions={}",
            device.path_on_host, device.path_in_container, device.cgroup_permissions
        ));
    }
    for (i, rule) in host.device_cgroup_rules.iter().enumerate() {
        ctx.fail(
            format!("/HostConfig/DeviceCgroupRules/{i}"),
            format!("device cgroup rule '{rule}' allows access to host devices"),
        )
        .evidence(format!("DeviceCgroupRules[{i}]={rule}"));
    }
    for (i, request) in host.device_requests.iter().enumerate() {
        let capabilities: Vec<&str> = request
            .capabilities
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .collect();
        let what = if !request.driver.is_empty() {
            format!("driver {}", request.driver)
        } else if !capabilities.is_empty() {
            format!("capabilities {}", capabilities.join(","))
        } else {
            "the default driver".to_owned()
        };
        let count = if !request.device_ids.is_empty() {
            format!("devices {}", request.device_ids.join(","))
        } else if request.count < 0 {
            "all devices".to_owned()
        } else {
            format!("{} device(s)", request.count)
        };
        ctx.fail(
            format!("/HostConfig/DeviceRequests/{i}"),
            format!("device request for {what} ({count})"),
        )
        .evidence(format!(
            "Driver={} Capabilities=[{}] Count={} DeviceIDs=[{}]",
            request.driver,
            capabilities.join(","),
            request.count,
            request.device_ids.join(",")
        ));
    }
}
