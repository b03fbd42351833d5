"""The ``hullcheck`` command of the wheel: the console script and ``python -m hullcheck`` both run
the Rust command (``_core.run_cli``), so these tests check that it is wired up (arguments,
standard streams, exit status) and the behaviour a Python user meets first. The byte-for-byte
comparison with the Rust binary and the npm package's bin is bindings-node/__test__/cli.test.mjs.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import hullcheck
from conftest import PLAIN, PRIVILEGED, REPO
from hullcheck import _core

CONSOLE_SCRIPT = Path(sys.executable).parent / "hullcheck"
NOW = ["--now", "2026-01-01T00:00:00Z"]


def cli(*args: str, stdin: Optional[bytes] = b"") -> subprocess.CompletedProcess:
    """``python -m hullcheck ARGS``; standard input is `stdin` (empty unless given)."""
    return subprocess.run(
        [sys.executable, "-m", "hullcheck", *args], input=stdin, capture_output=True, timeout=120
    )


def script(*args: str, stdin: Optional[bytes] = b"") -> subprocess.CompletedProcess:
    """The console script ``hullcheck ARGS`` the wheel installs."""
    return subprocess.run([str(CONSOLE_SCRIPT), *args], input=stdin, capture_output=True, timeout=120)


def without_json_positions(report: Dict[str, Any]) -> Dict[str, Any]:
    """The report without the lines and columns the command gives findings on JSON documents
    (it holds the text and locates each finding's pointer in it, `Report::locate` in Rust);
    the library's report names those values by pointer only. Everything else is the same."""
    out = copy.deepcopy(report)
    findings = out["findings"] + [s["finding"] for s in out["suppressed"]]
    for finding in findings:
        location = finding["location"]
        if "pointer" in location:
            location.pop("line", None)
            location.pop("column", None)
    return out


def test_help_on_stdout_exit_0() -> None:
    for run in (cli, script):
        result = run("--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(b"hullcheck: audit Docker hosts")
        assert b"usage:" in result.stdout and b"exit status:" in result.stdout
        assert result.stderr == b""
    assert cli("-h").stdout == cli("--help").stdout == script("--help").stdout


def test_console_script_is_installed() -> None:
    assert CONSOLE_SCRIPT.is_file(), f"maturin develop did not install {CONSOLE_SCRIPT}"
    text = CONSOLE_SCRIPT.read_text(encoding="utf-8", errors="replace")
    assert "hullcheck.__main__" in text


def test_version() -> None:
    for run in (cli, script):
        result = run("--version")
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            f"hullcheck {hullcheck.__version__}\n".encode(),
            b"",
        )


def test_piped_stdin_is_audited_without_dash() -> None:
    text = json.dumps([PRIVILEGED]).encode()
    result = cli("--format", "json", *NOW, stdin=text)
    assert result.returncode == 1, result.stderr  # CFG001 is critical; the default gate is high
    report = json.loads(result.stdout)
    containers = [s["name"] for s in report["subjects"] if s["kind"] == "container"]
    assert containers == ["priv"]  # not the built-in sample
    assert "CFG001" in [f["code"] for f in report["findings"]]
    assert report["findings"][0]["location"]["source"] == "stdin"
    assert b"sample" not in result.stderr
    # The same report as the library gives for the same document, source and gate.
    expected = hullcheck.evaluate(("stdin", text), policy={"fail_on": "high"}, now=1767225600)
    assert without_json_positions(report) == expected.to_dict()
    assert script("--format", "json", *NOW, stdin=text).stdout == result.stdout


def test_every_format_is_the_library_rendering(tmp_path: Path) -> None:
    priv = tmp_path / "priv.json"
    priv.write_text(json.dumps(PRIVILEGED))
    report = hullcheck.evaluate(
        (str(priv), json.dumps(PRIVILEGED)), policy={"fail_on": "high"}, now=1767225600
    )
    for name in hullcheck.formats():
        result = cli(*NOW, "--format", name, str(priv))
        assert result.returncode == 1, (name, result.stderr)
        text = result.stdout.decode().rstrip("\n")
        if name == "json":
            assert without_json_positions(json.loads(text)) == json.loads(report.render(name)), name
        elif name == "sarif":
            # The command's regions give the value's line; the library's say line 1.
            ours, theirs = json.loads(text), json.loads(report.render(name))
            for sarif in (ours, theirs):
                for result_ in sarif["runs"][0]["results"]:
                    for location in result_["locations"]:
                        location["physicalLocation"].pop("region")
            assert ours == theirs
        elif name == "compliance":
            assert text == report.render(name).rstrip("\n"), name
        else:
            # Table, JUnit and Markdown show the located line; the findings are the same.
            assert all(f.code in text for f in report.findings), name


def test_sample_only_when_asked() -> None:
    result = cli("--sample", *NOW)
    assert result.returncode == 1
    assert b"built-in sample" in result.stderr and b"CFG001" in result.stdout
    # Without inputs, an empty standard input is an error, not the sample.
    empty = cli()
    assert empty.returncode == 2 and b"standard input is empty" in empty.stderr
    assert b"CFG001" not in empty.stdout


def test_unreadable_file_is_named_and_the_rest_reported(tmp_path: Path) -> None:
    good, missing = tmp_path / "good.json", tmp_path / "missing.json"
    good.write_text(json.dumps(PRIVILEGED))
    result = cli(*NOW, "--format", "json", str(missing), str(good))
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert f"{missing} was left out" in stderr and "exit status 2" in stderr
    report = json.loads(result.stdout)
    assert [s["source"] for s in report["subjects"] if s["kind"] == "container"] == [str(good)]
    assert "CFG001" in [f["code"] for f in report["findings"]]
    assert [d["code"] for d in report["diagnostics"]] == ["input-left-out"]


def test_yaml_policy_file(tmp_path: Path) -> None:
    policy = REPO / "examples" / "policies" / "waivers.yaml"
    runner = {
        "Id": "c1",
        "Name": "/ci-runner-7",
        "Config": {"Image": "docker:27-dind"},
        "HostConfig": {"Privileged": True},
    }
    inspect = tmp_path / "runner.json"
    inspect.write_text(json.dumps([runner]))
    result = cli("--policy", str(policy), *NOW, "--format", "json", str(inspect))
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["fail_on"] == "high" and report["report_on"] == "info"
    waived = [s["finding"]["code"] for s in report["suppressed"]]
    assert "CFG001" in waived and "CFG001" not in [f["code"] for f in report["findings"]]
    # The library reads the same YAML text the same way.
    library = hullcheck.evaluate(
        (str(inspect), inspect.read_text()), policy=policy.read_text(), now=1767225600
    )
    assert without_json_positions(report) == library.to_dict()


def test_gate_text_agrees_with_exit_status(tmp_path: Path) -> None:
    priv, plain = tmp_path / "priv.json", tmp_path / "plain.json"
    priv.write_text(json.dumps(PRIVILEGED))
    plain.write_text(json.dumps(PLAIN))
    cases: List[List[str]] = [
        [str(priv)],
        ["--fail-on", "critical", str(priv)],
        ["--fail-on", "critical", str(plain)],
        ["--policy", str(REPO / "examples" / "policies" / "waivers.yaml"), str(plain)],
    ]
    seen = set()
    for args in cases:
        result = cli(*NOW, *args)
        (summary,) = [line for line in result.stdout.decode().splitlines() if "Gate (fail on " in line]
        passed = summary.endswith(": passed.") or summary.endswith(": PASSED.")
        failed = summary.endswith(": FAILED.")
        assert passed != failed, summary
        assert result.returncode == (1 if failed else 0), (args, summary)
        seen.add(result.returncode)
    assert seen == {0, 1}


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    bad = cli("--no-such-flag")
    assert bad.returncode == 2 and bad.stdout == b""
    assert bad.stderr.startswith(b"hullcheck: error: ") and b"usage: hullcheck" in bad.stderr
    assert cli("--format", "yaml", "x.json").returncode == 2
    assert b"urgent" in cli("--fail-on", "urgent", "x.json").stderr
    assert cli("--now", "yesterday", "--sample").returncode == 2
    policy = tmp_path / "policy.json"
    policy.write_text('{"select": ["CFG999"]}')
    result = cli("--policy", str(policy), "--sample")
    assert result.returncode == 2 and b"names no known rule" in result.stderr
    assert cli("explain", "CFG999").returncode == 2


def test_rules_and_explain() -> None:
    listed = cli("rules", "--format", "json")
    assert listed.returncode == 0
    codes = [r["code"] for r in json.loads(listed.stdout)]
    assert codes == [r["code"] for r in hullcheck.rules()]
    explained = cli("explain", "CFG001")
    assert explained.returncode == 0 and b"privileged" in explained.stdout


def test_run_cli_in_process_flushes_python_output_first(capfd: pytest.CaptureFixture[str]) -> None:
    print("from python, unflushed:", end=" ")
    sys.stderr.write("python stderr;")
    assert _core.run_cli(["--version"]) == 0
    assert _core.run_cli(("--no-such-flag",)) == 2
    out, err = capfd.readouterr()
    assert out == f"from python, unflushed: hullcheck {hullcheck.__version__}\n"
    assert err.startswith("python stderr;hullcheck: error: ")


def test_run_cli_refuses_arguments_that_are_not_a_list_of_str() -> None:
    for args in ("--help", b"--help", None, 7, {"--help": 1}, iter(["--help"])):
        with pytest.raises(TypeError, match="args must be a list of str"):
            _core.run_cli(args)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"args\[1\] must be a str, not int"):
        _core.run_cli(["--version", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"args\[0\] must be a str, not bytes"):
        _core.run_cli([b"--version"])  # type: ignore[list-item]
    # An undecodable command-line byte (surrogateescape) has no UTF-8 form.
    with pytest.raises(hullcheck.UsageError, match=r"args\[0\] is not valid Unicode"):
        _core.run_cli(["caf\udce9.json"])


def test_main_module_is_a_thin_call() -> None:
    import hullcheck.__main__ as main_module

    assert main_module.run_cli is _core.run_cli
    assert not (Path(hullcheck.__file__).parent / "_sample.py").exists()
