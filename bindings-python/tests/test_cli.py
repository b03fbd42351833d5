"""python -m hullcheck: files, stdin, the built-in sample, formats, the gate and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import hullcheck
from conftest import CORPUS, ONLY_CFG001, PLAIN, PRIVILEGED


def cli(*args: str, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hullcheck", *args], input=stdin, capture_output=True, timeout=120
    )


def test_sample_without_arguments() -> None:
    result = cli()
    assert result.returncode == 0
    assert b"built-in sample" in result.stderr
    assert b"CFG001" in result.stdout and b"node-exporter" in result.stdout


def test_every_format(tmp_path: Path) -> None:
    priv = tmp_path / "priv.json"
    priv.write_text(json.dumps(PRIVILEGED))
    report = hullcheck.evaluate((str(priv), json.dumps(PRIVILEGED)), now=1767225600)
    for name in hullcheck.formats():
        result = cli("--now", "2026-01-01T00:00:00Z", "--format", name, str(priv))
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().rstrip("\n") == report.render(name).rstrip("\n"), name
    sarif = json.loads(cli("--now", "2026-01-01", "--format", "sarif", str(priv)).stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == len(report.findings)


def test_stdin_and_json_format() -> None:
    text = (CORPUS / "rekcod_inspect_hostnet_privileged_array.json").read_bytes()
    result = cli("--now", "1767225600", "--format", "json", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == hullcheck.evaluate(("-", text), now=1767225600).to_dict()
    assert report["findings"][0]["location"]["source"] == "-"


def test_files_are_evaluated_together(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps([PLAIN]))
    b.write_text(json.dumps(PRIVILEGED))
    result = cli("--format", "json", str(a), str(b))
    report = json.loads(result.stdout)
    assert report["summary"]["subjects"] == 2
    assert [s["source"] for s in report["subjects"] if s["kind"] == "container"] == [str(a), str(b)]
    privileged = [f["subject"]["source"] for f in report["findings"] if f["code"] == "CFG001"]
    assert privileged == [str(b)]


def test_gate_exit_status(tmp_path: Path) -> None:
    priv, plain = tmp_path / "priv.json", tmp_path / "plain.json"
    priv.write_text(json.dumps(PRIVILEGED))
    plain.write_text(json.dumps(PLAIN))
    only = tmp_path / "only-cfg001.json"
    only.write_text(json.dumps(ONLY_CFG001))
    assert cli("--fail-on", "critical", str(priv)).returncode == 1
    assert cli("--fail-on", "HIGH", str(priv)).returncode == 1
    assert cli("--policy", str(only), "--fail-on", "critical", str(plain)).returncode == 0
    assert cli("--policy", str(only), "--fail-on", "critical", str(priv)).returncode == 1
    assert cli(str(priv)).returncode == 0  # no gate requested
    policy = tmp_path / "policy.json"
    # Ignoring every rule that fires on the container passes even the strictest gate ...
    fired = sorted({f.code for f in hullcheck.evaluate(PRIVILEGED).findings})
    assert "CFG001" in fired
    policy.write_text(json.dumps({"ignore": fired, "fail_on": "info"}))
    assert cli("--policy", str(policy), str(priv)).returncode == 0
    # ... and leaving one of them in fails it.
    policy.write_text(json.dumps({"ignore": [c for c in fired if c != "CFG001"], "fail_on": "info"}))
    assert cli("--policy", str(policy), str(priv)).returncode == 1
    policy.write_text(json.dumps({"fail_on": "info"}))
    assert cli("--policy", str(policy), str(priv)).returncode == 1


def test_diagnostics_go_to_stderr(tmp_path: Path) -> None:
    priv = tmp_path / "priv.json"
    priv.write_text(json.dumps(PRIVILEGED))
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"select": ["CFG001", "privileged-containr"], "fail_on": "critical"}))
    result = cli("--policy", str(policy), "--format", "json", str(priv))
    assert result.returncode == 1, result.stderr
    assert b"warning: unknown-rule" in result.stderr and b"privileged-container" in result.stderr
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["unknown-rule"]
    # The table lists them itself, once.
    table = cli("--policy", str(policy), str(priv))
    assert b"Note (policy, unknown-rule)" in table.stdout and b"warning:" not in table.stderr
    assert [f["code"] for f in report["findings"]] == ["CFG001"]


def test_waivers_use_the_current_time(tmp_path: Path) -> None:
    priv = tmp_path / "priv.json"
    priv.write_text(json.dumps(PRIVILEGED))
    policy = tmp_path / "policy.json"
    waiver = {"rule": "CFG001", "reason": "isolated CI host", "expires": "2999-12-31"}
    policy.write_text(json.dumps({"select": ["CFG001"], "fail_on": "low", "waivers": [waiver]}))
    # By default the evaluation time is now: the waiver applies and the gate passes.
    result = cli("--policy", str(policy), "--format", "json", str(priv))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["findings"] == [] and [s["finding"]["code"] for s in report["suppressed"]] == ["CFG001"]
    assert isinstance(report["evaluated_at"], int)
    # After the expiry the waiver no longer suppresses, and says so.
    late = cli("--policy", str(policy), "--now", "3000-01-01", "--format", "json", str(priv))
    assert late.returncode == 1 and b"warning: expired-waiver" in late.stderr
    assert [f["code"] for f in json.loads(late.stdout)["findings"]] == ["CFG001"]
    assert cli("--now", "yesterday", str(priv)).returncode == 2


def test_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"Id": "x", "HostConfig": "no"}')
    result = cli(str(bad))
    assert result.returncode == 2 and b"/HostConfig" in result.stderr
    assert cli(str(tmp_path / "missing.json")).returncode == 2
    assert cli("--format", "yaml").returncode == 2
    assert b"unknown severity" in cli("--fail-on", "urgent").stderr
    policy = tmp_path / "policy.json"
    policy.write_text("{nope")
    assert cli("--policy", str(policy)).returncode == 2
    policy.write_text('{"select": ["CFG999"]}')
    result = cli("--policy", str(policy))
    assert result.returncode == 2 and b"names no known rule" in result.stderr
    assert cli("-", stdin=b"\xff").returncode == 2
