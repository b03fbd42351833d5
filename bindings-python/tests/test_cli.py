"""python -m hullcheck: files, stdin, the built-in sample, formats, the gate and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import hullcheck
from conftest import CORPUS, PLAIN, PRIVILEGED


def cli(*args: str, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hullcheck", *args], input=stdin, capture_output=True, timeout=120
    )


def test_sample_without_arguments() -> None:
    result = cli()
    assert result.returncode == 0
    assert b"built-in sample" in result.stderr
    assert b"CFG001" in result.stdout and b"node-exporter" in result.stdout


def test_stdin_and_json_format() -> None:
    text = (CORPUS / "rekcod_inspect_hostnet_privileged_array.json").read_bytes()
    result = cli("--format", "json", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == hullcheck.evaluate(("-", text)).to_dict()
    assert report["findings"][0]["location"]["source"] == "-"


def test_files_are_evaluated_together(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps([PLAIN]))
    b.write_text(json.dumps(PRIVILEGED))
    result = cli("--format", "json", str(a), str(b))
    report = json.loads(result.stdout)
    assert report["summary"]["subjects"] == 2
    assert report["findings"][0]["subject"]["source"] == str(b)


def test_gate_exit_status(tmp_path: Path) -> None:
    priv, plain = tmp_path / "priv.json", tmp_path / "plain.json"
    priv.write_text(json.dumps(PRIVILEGED))
    plain.write_text(json.dumps(PLAIN))
    assert cli("--fail-on", "critical", str(priv)).returncode == 1
    assert cli("--fail-on", "HIGH", str(priv)).returncode == 1
    assert cli("--fail-on", "critical", str(plain)).returncode == 0
    assert cli(str(priv)).returncode == 0  # no gate requested
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"ignore": ["CFG001"], "fail_on": "info"}))
    assert cli("--policy", str(policy), str(priv)).returncode == 0
    policy.write_text(json.dumps({"fail_on": "info"}))
    assert cli("--policy", str(policy), str(priv)).returncode == 1


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
    assert b"unknown rule" in cli("--policy", str(policy)).stderr
    assert cli("-", stdin=b"\xff").returncode == 2
