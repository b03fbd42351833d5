"""Runs the language-neutral cases in spec/cases/ exactly as core/tests/conformance.rs does.

Every document is handed over as text (``content`` serialised like serde_json does), under its
``source`` name, with its stated ``kind`` when the case gives one. A second run hands ``content``
documents over as parsed Python objects and must agree too.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import hullcheck
from conftest import SPEC, compact

CASES = sorted((SPEC / "cases").glob("*.json"))


def test_cases_exist() -> None:
    assert CASES, "no conformance cases found"


def _documents(case: Dict[str, Any], parsed: bool) -> List[Tuple[str, Any, Optional[str]]]:
    out = []
    for doc in case["documents"]:
        has_content, has_text = "content" in doc, "text" in doc
        assert has_content != has_text, "a document has exactly one of content and text"
        if has_text:
            body: Any = doc["text"]
        elif parsed:
            body = doc["content"]
        else:
            body = compact(doc["content"])
        out.append((doc["source"], body, doc.get("kind")))
    return out


def _project(report: Dict[str, Any], expect: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"passed": report["passed"]}
    if "findings" in expect:
        out["findings"] = [
            {
                "code": f["code"],
                "subject": f["subject"]["name"],
                "severity": f["severity"],
                "location": f["location"],
            }
            for f in report["findings"]
        ]
    if "outcomes" in expect:
        counts = Counter(o["status"] for o in report["outcomes"])
        out["outcomes"] = {k: counts.get(k, 0) for k in expect["outcomes"]}
    return out


def run_case(path: Path, parsed: bool) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(case) - {"description", "documents", "policy", "now", "expect"}
    assert not unknown, f"unknown case fields {unknown}"
    expect = case["expect"]
    policy = case.get("policy")
    try:
        report = hullcheck.evaluate(
            _documents(case, parsed),
            policy=None if policy is None else compact(policy),
            now=case.get("now"),
        )
    except hullcheck.HullcheckError as err:
        wanted = expect.get("error")
        assert wanted is not None, f"unexpected error: {err}"
        assert err.kind == wanted["kind"], f"expected {wanted}, got {err!r}"
        if "problem" in wanted:
            assert isinstance(err, hullcheck.InvalidInputError)
            assert err.problem == wanted["problem"], f"expected {wanted}, got {err}"
        if "pointer" in wanted:
            assert isinstance(err, hullcheck.InvalidInputError)
            assert err.pointer == wanted["pointer"], f"expected {wanted}, got {err}"
        return
    assert "error" not in expect, f"expected error {expect['error']}, got a report"
    assert _project(report.to_dict(), expect) == expect


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_as_text(path: Path) -> None:
    run_case(path, parsed=False)


PARSED = [p for p in CASES if all("content" in d for d in json.loads(p.read_text())["documents"])]


@pytest.mark.parametrize("path", PARSED, ids=[p.stem for p in PARSED])
def test_case_as_parsed_objects(path: Path) -> None:
    run_case(path, parsed=True)


def test_runner_reports_disagreement(tmp_path: Path) -> None:
    """The runner is not vacuous: a case whose expectation is wrong fails."""
    case = json.loads((SPEC / "cases" / "privileged_container_array.json").read_text())
    case["expect"]["passed"] = True
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(case))
    with pytest.raises(AssertionError):
        run_case(wrong, parsed=False)
    case["expect"] = {"error": {"kind": "invalid_input"}}
    wrong.write_text(json.dumps(case))
    with pytest.raises(AssertionError):
        run_case(wrong, parsed=False)
