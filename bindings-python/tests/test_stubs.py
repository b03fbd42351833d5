"""The type stubs match the native module, and the package type-checks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "python" / "hullcheck"

pytest.importorskip("mypy")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # Run outside the repository, so mypy finds the package once (through the installed path).
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=600, cwd=cwd
    )


def test_stubtest_core(tmp_path: Path) -> None:
    result = _run("mypy.stubtest", "hullcheck._core", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubtest_package(tmp_path: Path) -> None:
    result = _run("mypy.stubtest", "hullcheck", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubtest_detects_a_wrong_stub(tmp_path: Path) -> None:
    """stubtest is not vacuous here: a stub missing a function fails."""
    stubs = tmp_path / "hullcheck"
    stubs.mkdir()
    text = (PACKAGE / "_core.pyi").read_text().replace("def severities() -> List[str]: ...\n", "")
    (stubs / "_core.pyi").write_text(text)
    (stubs / "__init__.pyi").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "hullcheck._core", "--mypy-config-file", "/dev/null"],
        capture_output=True,
        text=True,
        timeout=600,
        env={"MYPYPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert result.returncode != 0 and "severities" in result.stdout


def test_typed_usage_checks(tmp_path: Path) -> None:
    sample = tmp_path / "use.py"
    sample.write_text(
        textwrap.dedent(
            """
            import hullcheck
            report = hullcheck.evaluate('[]', policy={"fail_on": "high"}, now=0)
            passed: bool = report.passed
            codes: list[str] = [f.code for f in report.findings]
            pointer = report.findings[0].location.pointer if report.findings else None
            subjects: tuple[hullcheck.Subject, ...] = report.subjects
            reasons: list[str] = [s.waiver.reason for s in report.suppressed]
            index: int | None = report.outcomes[0].subject_index if report.outcomes else None
            suggestions: list[str | None] = [d.suggestion for d in report.diagnostics]
            report_on: str = report.report_on
            sarif: str = report.to_sarif() + report.to_junit() + report.to_markdown()
            try:
                hullcheck.evaluate(b"{}")
            except hullcheck.InvalidInputError as err:
                problem: str = err.problem
                line = err.line
            """
        )
    )
    ok = _run("mypy", "--strict", str(sample), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("import hullcheck\nx: int = hullcheck.evaluate('[]').passed_count\n")
    wrong = _run("mypy", "--strict", str(bad), cwd=tmp_path)
    assert wrong.returncode != 0 and "passed_count" in wrong.stdout


def test_package_is_strictly_typed(tmp_path: Path) -> None:
    result = _run("mypy", "--strict", str(PACKAGE), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
