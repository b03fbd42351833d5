"""hullcheck.generate_seccomp: allowlist seccomp profiles from syscall traces."""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, List

import pytest

import hullcheck
from hullcheck import InvalidInputError, UsageError

# What the core adds by default: the syscalls runc and crun make after installing the filter.
RUNTIME_ESSENTIALS = ["execve", "exit", "exit_group", "futex", "rt_sigreturn"]
DEFAULT_ARCHITECTURES = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]

STRACE_F = """\
execve("/usr/bin/app", ["app"], 0x7ffd /* 20 vars */) = 0
brk(NULL)                               = 0x55d4c000
[pid  4242] openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
[pid  4243] read(3, "\\177ELF", 832 <unfinished ...>
[pid  4242] close(3)                    = 0
[pid  4243] <... read resumed>)         = 832
4244  12:00:01.123456 clone3({flags=CLONE_VM, exit_signal=0}, 88) = 4245
[pid  4245] +++ exited with 0 +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---
this line is not strace output (really)
"""


def allowed(profile: Dict[str, Any]) -> List[str]:
    names: List[str] = []
    for rule in profile["syscalls"]:
        assert rule["action"] == "SCMP_ACT_ALLOW"
        names.extend(rule["names"])
    return names


def test_known_list_gives_that_list_plus_runtime_essentials() -> None:
    listed = ["read", "write", "openat", "close", "mmap"]
    result = hullcheck.generate_seccomp("\n".join(listed))
    assert set(result) == {"observed", "docker", "oci", "diff"}
    assert result["observed"] == {"syscalls": sorted(listed), "skipped_lines": []}
    for profile in (result["docker"], result["oci"]):
        assert profile["defaultAction"] == "SCMP_ACT_ERRNO"
        assert profile["defaultErrnoRet"] == 1
        assert profile["architectures"] == DEFAULT_ARCHITECTURES
        assert sorted(allowed(profile)) == sorted(set(listed) | set(RUNTIME_ESSENTIALS))
    # Plain data, loadable by docker as-is.
    json.dumps(result)


def test_without_runtime_essentials_exactly_the_list() -> None:
    result = hullcheck.generate_seccomp(
        "# observed in staging\nread, write\nexit_group\n", {"runtime_essentials": False}
    )
    assert sorted(allowed(result["docker"])) == ["exit_group", "read", "write"]


def test_options_change_the_profile() -> None:
    result = hullcheck.generate_seccomp(
        "read",
        {
            "architectures": ["SCMP_ARCH_AARCH64"],
            "default_action": "SCMP_ACT_KILL_PROCESS",
            "default_errno_ret": 38,
            "runtime_essentials": False,
        },
    )
    docker = result["docker"]
    assert docker["architectures"] == ["SCMP_ARCH_AARCH64"]
    assert docker["defaultAction"] == "SCMP_ACT_KILL_PROCESS"
    assert docker["defaultErrnoRet"] == 38
    assert allowed(docker) == ["read"]


def test_strace_f_snippet() -> None:
    result = hullcheck.generate_seccomp(STRACE_F, {"runtime_essentials": False})
    assert result["observed"]["syscalls"] == ["brk", "clone3", "close", "execve", "openat", "read"]
    # The prose line is left for review; the signal line is understood.
    skipped = result["observed"]["skipped_lines"]
    assert 10 in skipped and 9 not in skipped
    assert sorted(allowed(result["oci"])) == result["observed"]["syscalls"]


def test_diff_against_docker_default() -> None:
    # uselib: not in Docker's default profile at all; mount: only with CAP_SYS_ADMIN there.
    result = hullcheck.generate_seccomp("read write mount uselib", {"runtime_essentials": False})
    diff = result["diff"]
    assert set(diff) == {"added", "widened", "removed", "common"}
    assert diff["added"] == ["uselib"]
    assert diff["widened"] == ["mount"]
    assert diff["common"] == ["read", "write"]
    assert "mmap" in diff["removed"] and "read" not in diff["removed"]


def test_empty_trace_allows_nothing_observed() -> None:
    result = hullcheck.generate_seccomp("", {"runtime_essentials": False})
    assert result["observed"] == {"syscalls": [], "skipped_lines": []}
    assert result["docker"]["syscalls"] == []
    assert result["docker"]["defaultAction"] == "SCMP_ACT_ERRNO"


@pytest.mark.parametrize(
    "options",
    [
        {"runtime_essentials": "yes"},
        {"architectures": "SCMP_ARCH_X86_64"},
        {"default_errno_ret": -1},
        {"runtime-essentials": False},
        {"defaultAction": "SCMP_ACT_ERRNO"},
    ],
)
def test_bad_options_are_usage_errors(options: Dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        hullcheck.generate_seccomp("read", options)


def test_wrong_argument_types() -> None:
    with pytest.raises(TypeError):
        hullcheck.generate_seccomp(b"read")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullcheck.generate_seccomp("read", ["runtime_essentials"])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        hullcheck.generate_seccomp("read\n\ud800")
    assert hullcheck.generate_seccomp("read", None) == hullcheck.generate_seccomp("read")


def test_threads_get_the_same_result() -> None:
    expected = hullcheck.generate_seccomp(STRACE_F * 200)
    results: List[Dict[str, Any]] = []

    def work() -> None:
        results.append(hullcheck.generate_seccomp(STRACE_F * 200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


# --- compose options of evaluate ---------------------------------------------------------

COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIV}\n"
RULES = {"select": ["CFG001", "CFG119"]}


def codes(report: hullcheck.Report) -> List[str]:
    return sorted(f.code for f in report.findings)


def test_compose_variables_are_interpolated() -> None:
    # Unsupplied: evaluated as empty (not privileged) and reported as unresolved.
    assert codes(hullcheck.evaluate(COMPOSE, policy=RULES)) == ["CFG119"]
    report = hullcheck.evaluate(COMPOSE, policy=RULES, compose={"variables": {"PRIV": "true"}})
    assert codes(report) == ["CFG001"]
    assert report.findings[0].subject.kind == "container"
    # The same through an Engine, a named tuple with a stated kind, and bytes.
    engine = hullcheck.Engine(RULES)
    variables = {"variables": {"PRIV": "true"}}
    assert codes(engine.evaluate(("c.yaml", COMPOSE, "compose"), compose=variables)) == ["CFG001"]
    assert codes(engine.evaluate(COMPOSE.encode(), compose=variables)) == ["CFG001"]
    plain = json.dumps({"Id": "beef", "Name": "/plain", "HostConfig": {"Privileged": False}})
    assert codes(engine.evaluate([COMPOSE, plain], compose=variables)) == ["CFG001"]


def test_compose_options_leave_other_documents_alone() -> None:
    container = {"Id": "c0ffee", "Name": "/priv", "HostConfig": {"Privileged": True}}
    report = hullcheck.evaluate(container, policy=RULES, compose={"variables": {}})
    assert codes(report) == ["CFG001"]
    with pytest.raises(InvalidInputError):
        hullcheck.evaluate("not a document {", compose={"project": "p"})


def test_compose_files_inline_seccomp_profiles() -> None:
    text = "services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - seccomp=./p.json\n"
    profile = json.dumps({"defaultAction": "SCMP_ACT_ALLOW"})
    only = {"select": ["CFG100"]}
    # Without the file's contents there is no profile to judge; with them CFG100 sees it.
    assert codes(hullcheck.evaluate(text, policy=only)) == []
    inlined = hullcheck.evaluate(text, policy=only, compose={"files": {"./p.json": profile}})
    assert codes(inlined) == ["CFG100"]


def test_bad_compose_options() -> None:
    with pytest.raises(UsageError):
        hullcheck.evaluate(COMPOSE, compose={"vars": {"PRIV": "true"}})
    with pytest.raises(UsageError):
        hullcheck.evaluate(COMPOSE, compose={"variables": {"PRIV": True}})
    with pytest.raises(TypeError):
        hullcheck.evaluate(COMPOSE, compose="PRIV=true")  # type: ignore[arg-type]
