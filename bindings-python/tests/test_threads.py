"""Several Python threads evaluating at once get exactly the single-threaded results."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Tuple

import hullcheck
from conftest import ONLY_CFG001, PRIVILEGED, corpus_files


def _inputs() -> List[Tuple[str, Any]]:
    out: List[Tuple[str, Any]] = []
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text))
        out.append((path.name + ":bytes", text.encode()))
        out.append((path.name + ":parsed", json.loads(text)))
    out.append(("broken", '{"Id": "x", "HostConfig": "no"}'))
    out.append(("policy", PRIVILEGED))
    return out


def _run(item: Tuple[str, Any]) -> str:
    name, document = item
    try:
        policy = {"fail_on": "critical"} if name == "policy" else None
        report = hullcheck.evaluate((name, document), policy=policy, now=1767225600)
        return report.to_json() + repr([f.to_dict() for f in report.findings])
    except hullcheck.InvalidInputError as err:
        return f"error: {err} {err.pointer}"


def test_threads_agree_with_a_single_thread() -> None:
    inputs = _inputs()
    expected = [_run(item) for item in inputs]
    assert any(e.startswith("error:") for e in expected)
    assert any('"findings":[{' in e for e in expected)
    rounds = 25
    work = inputs * rounds
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(_run, work))
    assert got == expected * rounds


def test_shared_report_read_from_threads() -> None:
    """Lazy conversion of one report from many threads yields one consistent object."""
    report = hullcheck.evaluate([PRIVILEGED, PRIVILEGED], policy=ONLY_CFG001)
    barrier = threading.Barrier(8)
    seen: List[Any] = []
    lock = threading.Lock()

    def read() -> None:
        barrier.wait()
        read = (report.findings, report.outcomes, report.subjects, report.diagnostics)
        with lock:
            seen.append(read)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8
    # Every thread got the very same (lazily built, cached) tuples.
    assert all(all(a is b for a, b in zip(s, seen[0])) for s in seen)
    findings, outcomes, subjects, diagnostics = seen[0]
    assert [f.code for f in findings] == ["CFG001", "CFG001"]
    assert [o.subject for o in outcomes] == list(subjects)[:2] and diagnostics == ()


def test_engine_shared_across_threads() -> None:
    engine = hullcheck.Engine({"select": ["CFG001"]})
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    expected = [engine.evaluate(t).to_json() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: engine.evaluate(t).to_json(), texts * 20))
    assert got == expected * 20
