#!/usr/bin/env python3
"""Collect the host facts hullcheck's host rules read (CFG070-CFG072), as JSON on stdout.

hullcheck's core never touches the host; this script does the IO instead. It stats the
files of CIS Docker Benchmark sections 1.1 and 3 (plus the TLS files named in daemon.json and
the registry certificates under /etc/docker/certs.d) and captures the loaded audit rules.

    sudo python3 examples/collect_host_facts.py > host-facts.json
    sudo docker info --format '{{json .}}' > info.json
    sudo cp /etc/docker/daemon.json daemon.json
    # then evaluate host-facts.json, info.json and daemon.json as one bundle

The output follows spec/host-facts.schema.json. Run it as root: `auditctl -l` and some of
the files need it. Nothing is written anywhere.
"""

import glob
import grp
import json
import os
import pwd
import socket
import stat
import subprocess
import sys

PATHS = [
    # CIS 1.1.x audit targets and section 3 files
    "/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd",
    "/run/containerd", "/run/containerd/containerd.sock",
    "/var/lib/docker", "/etc/docker", "/etc/docker/daemon.json",
    "/lib/systemd/system/docker.service", "/usr/lib/systemd/system/docker.service",
    "/etc/systemd/system/docker.service",
    "/lib/systemd/system/docker.socket", "/usr/lib/systemd/system/docker.socket",
    "/etc/systemd/system/docker.socket",
    "/run/docker.sock", "/var/run/docker.sock",
    "/etc/default/docker", "/etc/sysconfig/docker", "/etc/containerd/config.toml",
    "/usr/bin/containerd", "/usr/local/bin/containerd",
    "/usr/bin/containerd-shim", "/usr/bin/containerd-shim-runc-v1",
    "/usr/bin/containerd-shim-runc-v2",
    "/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc",
]


def file_type(mode):
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISLNK(mode):
        return "symlink"
    return "file"


def fact(path):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {"path": path, "exists": False}
    except PermissionError:
        return None  # unknown: leave it out rather than guess
    out = {"path": path, "uid": st.st_uid, "gid": st.st_gid,
           # an octal string, as `stat -c %a` prints it; never a bare number
           "mode": format(stat.S_IMODE(st.st_mode), "o"),
           "type": file_type(st.st_mode)}
    try:
        out["user"] = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        pass
    try:
        out["group"] = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        pass
    return out


def tls_paths(daemon_json="/etc/docker/daemon.json"):
    try:
        with open(daemon_json, encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError):
        return []
    return [config[k] for k in ("tlscacert", "tlscert", "tlskey")
            if isinstance(config.get(k), str) and config[k]]


def audit_rules():
    try:
        done = subprocess.run(["auditctl", "-l"], capture_output=True, text=True, check=True)
        return done.stdout
    except (OSError, subprocess.CalledProcessError):
        pass
    texts = []
    for path in ["/etc/audit/audit.rules", *sorted(glob.glob("/etc/audit/rules.d/*.rules"))]:
        try:
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
        except OSError:
            continue
    return "\n".join(texts) if texts else None


def main():
    paths = PATHS + tls_paths() + sorted(glob.glob("/etc/docker/certs.d/*/*"))
    seen, files = set(), []
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        f = fact(path)
        if f is not None:
            files.append(f)
    facts = {"hostname": socket.gethostname(), "files": files}
    rules = audit_rules()
    if rules is not None:
        facts["audit_rules"] = rules
    json.dump(facts, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
