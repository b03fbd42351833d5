"""The engine suite's fleet: one hardened container, and one container per defect.

Each defect container is the hardened one with one change, so what it fails beyond the
hardened container is exactly what that change broke. `adds` are the rule codes the change
must make fail; `removes` the ones it must make pass (a health check taken away, say).
"""

from __future__ import annotations

import dataclasses
import typing

LABEL = "hullcheck.engine-test"
IMAGE = "hullcheck-engine/busybox:1"
# Built FROM IMAGE with one known defect in its own layers, for the `docker history` tests.
HISTORY_IMAGE = "hullcheck-engine/setuid:1"
NETWORK = "hullcheck-engine-net"
HARDENED = "hc-hardened"

# What every container starts from: a user-defined network, a non-root user, no capabilities,
# a read-only root, no new privileges, limits, a health check, a bounded restart policy and
# rotated logs.
BASE_ARGS: typing.List[str] = [
    "--network", NETWORK,
    "--user", "1000:1000",
    "--cap-drop", "ALL",
    "--read-only",
    "--security-opt", "no-new-privileges",
    "--memory", "64m",
    "--cpus", "0.5",
    "--pids-limit", "64",
    "--health-cmd", "true",
    "--health-interval", "30s",
    "--restart", "on-failure:3",
    "--log-opt", "max-size=10m",
    "--log-opt", "max-file=3",
]


@dataclasses.dataclass(frozen=True)
class Case:
    """One container: BASE_ARGS without the `drop` flags, plus `change`."""

    name: str
    change: typing.Tuple[str, ...]
    adds: typing.FrozenSet[str]
    removes: typing.FrozenSet[str] = frozenset()
    drop: typing.Tuple[str, ...] = ()
    # `docker exec -d` options of a session left running in the container once it started.
    exec_session: typing.Tuple[str, ...] = ()
    # What it adds when audited live (`hullcheck --docker`), where the collector also reads
    # processes and exec sessions; None: the same as `adds`.
    adds_live: typing.Optional[typing.FrozenSet[str]] = None


def case(name, change=(), adds=(), removes=(), drop=(), exec_session=(), adds_live=None):
    return Case(
        name, tuple(change), frozenset(adds), frozenset(removes), tuple(drop),
        tuple(exec_session), None if adds_live is None else frozenset(adds_live),
    )


CASES: typing.List[Case] = [
    # A privileged container has no seccomp filter either (CIS 5.22).
    case("hc-privileged", ["--privileged"], {"CFG001", "CFG032"}),
    case("hc-host-network", ["--network", "host"], {"CFG008"}, drop=("--network",)),
    case("hc-host-pid", ["--pid", "host"], {"CFG009"}),
    case("hc-host-ipc", ["--ipc", "host"], {"CFG010"}),
    case("hc-host-uts", ["--uts", "host"], {"CFG011"}),
    case("hc-join-pid", ["--pid", "container:" + HARDENED], {"CFG035"}),
    # IPC can be joined only when the donor made it shareable; sharing it is no defect itself.
    case("hc-ipc-shareable", ["--ipc", "shareable"], set()),
    case("hc-join-ipc", ["--ipc", "container:hc-ipc-shareable"], {"CFG035"}),
    # NET_BIND_SERVICE is in Docker's default set: adding it back after --cap-drop ALL is no
    # defect; SYS_NICE is beyond the default set without being one of the dangerous ones.
    case("hc-cap-default", ["--cap-add", "NET_BIND_SERVICE"], set()),
    case("hc-cap-add", ["--cap-add", "SYS_NICE"], {"CFG002"}),
    case("hc-cap-dangerous", ["--cap-add", "SYS_ADMIN"], {"CFG002", "CFG004"}),
    case("hc-socket", ["-v", "/var/run/docker.sock:/var/run/docker.sock"], {"CFG007"}),
    case("hc-socket-dir", ["-v", "/var/run:/host-run"], {"CFG007", "CFG005"}),
    case("hc-etc-rw", ["-v", "/etc:/host-etc"], {"CFG005"}),
    case("hc-etc-ro", ["-v", "/etc:/host-etc:ro"], {"CFG005"}),
    case("hc-propagation", ["--mount", "type=bind,src=/mnt,dst=/mnt,bind-propagation=rshared"], {"CFG006"}),
    case("hc-seccomp", ["--security-opt", "seccomp=unconfined"], {"CFG032"}),
    case("hc-no-limits", [], {"CFG019", "CFG020", "CFG021"}, drop=("--memory", "--cpus", "--pids-limit")),
    case("hc-root", ["--user", "0:0"], {"IMG001"}, drop=("--user",)),
    case("hc-ports-all", ["-p", "18080:8080"], {"CFG017", "CFG018"}),
    case("hc-ports-loopback", ["-p", "127.0.0.1:18081:8080"], {"CFG017"}),
    case("hc-port-privileged", ["-p", "127.0.0.1:81:8080"], {"CFG015", "CFG017"}),
    case("hc-restart-always", ["--restart", "always"], {"CFG023"}, drop=("--restart",)),
    case("hc-device", ["--device", "/dev/null:/dev/xnull"], {"CFG014"}),
    case("hc-ulimit", ["--ulimit", "nofile=1024:2048"], {"CFG024"}),
    case("hc-new-privileges", [], {"CFG033"}, drop=("--security-opt",)),
    case("hc-writable-root", [], {"CFG022"}, drop=("--read-only",)),
    case("hc-no-healthcheck", ["--no-healthcheck"], {"MON001"}, drop=("--health-cmd", "--health-interval")),
    case("hc-default-bridge", ["--network", "bridge"], {"CFG026"}, drop=("--network",)),
    # Port 22 published while the process is /bin/sleep: no SSH server runs. From docker
    # inspect alone the port is a low hint; the live process list settles it.
    case("hc-sshd-port", ["-p", "127.0.0.1:10022:22"], {"CFG017", "MON003"}, adds_live={"CFG017"}),
    # Exec sessions are seen only live (docker inspect lists their ids, not what they run).
    case("hc-exec-root", [], set(), exec_session=("-u", "0"), adds_live={"CFG037"}),
    # (A privileged exec session cannot be started here: runc 1.1.5 refuses it in a container
    # of a non-root user, "unable to apply caps"; CFG036 is covered by its fixtures.)
]

# Base flags that take a value.
VALUED = {
    "--network", "--user", "--cap-drop", "--security-opt", "--memory", "--cpus", "--pids-limit",
    "--health-cmd", "--health-interval", "--restart", "--log-opt",
}


def run_args(c: Case) -> typing.List[str]:
    """The `docker run` options of a case."""
    out: typing.List[str] = []
    i = 0
    while i < len(BASE_ARGS):
        flag = BASE_ARGS[i]
        width = 2 if flag in VALUED else 1
        if flag not in c.drop:
            out.extend(BASE_ARGS[i:i + width])
        i += width
    out.extend(c.change)
    return out
