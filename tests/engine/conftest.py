"""A real Docker engine for the engine suite: the fleet is started once and removed at the end.

The suite needs a running dockerd (`.ci/run` installs Debian's docker.io and starts it) and
Debian's busybox-static for the image, which is built FROM scratch: no registry is reachable.
Without them the suite fails loudly when CI=true, and is a visible skip elsewhere.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import typing

import pytest

import fleet

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOW = "2026-12-01T00:00:00Z"


def unavailable(reason: str) -> typing.NoReturn:
    """Fails in CI, skips (visibly) elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"engine suite: {reason} (CI=true: the engine suite must run)", pytrace=False)
    pytest.skip(f"engine suite skipped: {reason}")


def docker(*args: str, check: bool = True, input: typing.Optional[str] = None) -> str:
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, input=input, timeout=120
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def cleanup() -> None:
    ids = docker("ps", "-aq", "--filter", f"label={fleet.LABEL}", check=False).split()
    if ids:
        docker("rm", "-f", *ids, check=False)
    docker("network", "rm", fleet.NETWORK, check=False)
    docker("image", "rm", "-f", fleet.HISTORY_IMAGE, fleet.IMAGE, check=False)


def build_image() -> None:
    busybox = shutil.which("busybox") or "/bin/busybox"
    if not os.path.exists(busybox):
        unavailable("busybox-static is not installed (apt-get install busybox-static)")
    with tempfile.TemporaryDirectory() as context:
        shutil.copy(busybox, os.path.join(context, "busybox"))
        pathlib.Path(context, "Dockerfile").write_text(
            "FROM scratch\n"
            "COPY busybox /bin/busybox\n"
            'RUN ["/bin/busybox", "--install", "-s", "/bin"]\n'
            f"LABEL {fleet.LABEL}=1\n"
            'CMD ["/bin/sleep", "3600"]\n'
        )
        docker("build", "-q", "-t", fleet.IMAGE, context)


class Fleet(typing.NamedTuple):
    names: typing.List[str]
    inspect: str
    info: str
    version: str


@pytest.fixture(scope="session")
def engine() -> typing.Iterator[Fleet]:
    if shutil.which("docker") is None:
        unavailable("the docker client is not installed")
    probe = subprocess.run(["docker", "info", "--format", "{{json .ServerVersion}}"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        unavailable(f"no Docker engine answers ({probe.stderr.strip() or 'docker info failed'})")
    cleanup()
    try:
        build_image()
        docker("network", "create", "--label", f"{fleet.LABEL}=1", fleet.NETWORK)
        names = [fleet.HARDENED] + [c.name for c in fleet.CASES]
        for name, args in [(fleet.HARDENED, fleet.run_args(fleet.case(fleet.HARDENED)))] + [
            (c.name, fleet.run_args(c)) for c in fleet.CASES
        ]:
            docker("run", "-d", "--name", name, "--label", f"{fleet.LABEL}=1", *args, fleet.IMAGE)
        for c in fleet.CASES:
            if c.exec_session:
                docker("exec", "-d", *c.exec_session, c.name, "/bin/sleep", "600")
        yield Fleet(
            names=names,
            inspect=docker("inspect", *names),
            info=docker("info", "--format", "{{json .}}"),
            version=docker("version", "--format", "{{json .}}"),
        )
    finally:
        cleanup()


@pytest.fixture(scope="session")
def live(engine: Fleet, binary: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """`hullcheck collect --docker` of the running fleet, saved as host.json."""
    folder = tmp_path_factory.mktemp("engine-live")
    done = run_cli(binary, ["collect", "--docker", "--output", "host.json"], folder)
    assert done.returncode == 0, done.stderr
    return folder


def hullcheck_binary() -> pathlib.Path:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target / "debug" / "hullcheck"
    if not binary.exists():
        subprocess.run(["cargo", "build", "-q", "-p", "hullcheck-cli"], cwd=ROOT, check=True)
    return binary


@pytest.fixture(scope="session")
def binary() -> pathlib.Path:
    return hullcheck_binary()


@pytest.fixture(scope="session")
def documents(engine: Fleet, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The fleet's documents as files, named as the report will name them. daemon.json does not
    exist on the test host: the collector states that as an empty daemon_config."""
    folder = tmp_path_factory.mktemp("engine-documents")
    (folder / "inspect.json").write_text(engine.inspect)
    (folder / "info.json").write_text(engine.info)
    (folder / "version.json").write_text(engine.version)
    (folder / "daemon.json").write_text("{}")
    return folder


def failing_rules(report: typing.Dict[str, typing.Any]) -> typing.Dict[str, typing.Set[str]]:
    """Subject name -> codes of the rules that failed on it."""
    out: typing.Dict[str, typing.Set[str]] = {}
    for outcome in report["outcomes"]:
        if outcome["status"] == "fail":
            name = report["subjects"][outcome["subject"]]["name"]
            out.setdefault(name, set()).add(outcome["code"])
    return out


def run_cli(binary: pathlib.Path, args: typing.List[str], cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def cli_report(binary: pathlib.Path, folder: pathlib.Path, *extra: str) -> typing.Dict[str, typing.Any]:
    done = run_cli(
        binary,
        ["--format", "json", "--now", NOW, *extra, "inspect.json", "info.json", "version.json",
         "--kind", "daemon_config", "daemon.json"],
        folder,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)
