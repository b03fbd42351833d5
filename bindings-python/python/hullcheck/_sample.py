"""A built-in sample for ``python -m hullcheck`` without arguments.

Written for hullcheck (not copied from anywhere): the shape ``docker inspect`` prints for a
privileged monitoring agent with the Docker socket mounted, a pattern seen in real deployments.
"""

SOURCE = "sample:node-exporter"

SAMPLE = r"""[
  {
    "Id": "5f3c9a1e2b7d4c6a8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
    "Created": "2026-11-02T09:14:31.228415637Z",
    "Path": "/bin/node_exporter",
    "Args": ["--path.rootfs=/host"],
    "State": {
      "Status": "running",
      "Running": true,
      "Paused": false,
      "Restarting": false,
      "OOMKilled": false,
      "Dead": false,
      "Pid": 2314,
      "ExitCode": 0,
      "Error": "",
      "StartedAt": "2026-11-02T09:14:32.001942113Z",
      "FinishedAt": "0001-01-01T00:00:00Z"
    },
    "Image": "sha256:8d1c2f0e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d",
    "Name": "/node-exporter",
    "RestartCount": 0,
    "Driver": "overlay2",
    "Platform": "linux",
    "AppArmorProfile": "unconfined",
    "HostConfig": {
      "Binds": ["/:/host:ro,rslave", "/var/run/docker.sock:/var/run/docker.sock"],
      "NetworkMode": "host",
      "PortBindings": {},
      "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0},
      "CapAdd": null,
      "CapDrop": null,
      "PidMode": "host",
      "Privileged": true,
      "ReadonlyRootfs": false,
      "SecurityOpt": ["label=disable"],
      "Memory": 0,
      "PidsLimit": null,
      "LogConfig": {"Type": "json-file", "Config": {}}
    },
    "Mounts": [
      {"Type": "bind", "Source": "/", "Destination": "/host", "Mode": "ro,rslave", "RW": false, "Propagation": "rslave"},
      {"Type": "bind", "Source": "/var/run/docker.sock", "Destination": "/var/run/docker.sock", "Mode": "", "RW": true, "Propagation": "rprivate"}
    ],
    "Config": {
      "Hostname": "monitoring-01",
      "User": "",
      "ExposedPorts": {"9100/tcp": {}},
      "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      "Cmd": ["--path.rootfs=/host"],
      "Image": "quay.io/prometheus/node-exporter:v1.8.2",
      "Entrypoint": ["/bin/node_exporter"],
      "Labels": {"maintainer": "The Prometheus Authors <prometheus-developers@googlegroups.com>"}
    },
    "NetworkSettings": {"Networks": {"host": {"NetworkID": "3b1f0c9d2e8a", "IPAddress": ""}}}
  }
]
"""
