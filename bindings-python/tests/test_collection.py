"""Saved collections (``hullcheck_collection`` documents) and ``collect_docker``."""

from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
from typing import Any, Dict

import pytest

import hullcheck
from conftest import PRIVILEGED

COLLECTION: Dict[str, Any] = {
    "hullcheck_collection": 1,
    "collected_at": "2026-01-01T00:00:00Z",
    "collector": "hand-made for the tests",
    "endpoint": "unix:///var/run/docker.sock",
    "documents": [
        {"source": "docker:/containers/c0ffee/json", "kind": "container", "document": PRIVILEGED},
        {"source": "/etc/docker/daemon.json", "kind": "daemon_config", "document": {}},
    ],
    "notes": [{"message": "container 9b1c disappeared during collection; skipped"}],
}


def test_evaluate_reads_a_collection_dict() -> None:
    report = hullcheck.evaluate(copy.deepcopy(COLLECTION), now=1767225600)
    subjects = {(s.kind, s.source) for s in report.subjects}
    assert ("container", "docker:/containers/c0ffee/json") in subjects
    # The empty daemon.json is read as the kind the collection states (`{}` has no shape to
    # detect), and its rules run.
    assert ("daemon", "/etc/docker/daemon.json") in subjects
    daemon_findings = {f.code for f in report.findings if f.location.source == "/etc/docker/daemon.json"}
    assert daemon_findings and all(f.subject.kind == "daemon" for f in report.findings if f.code in daemon_findings)
    privileged = [f for f in report.findings if f.code == "CFG001"]
    assert [f.location.source for f in privileged] == ["docker:/containers/c0ffee/json"]
    # The collector's notes are input diagnostics of the report.
    assert [(d.code, d.origin, d.message) for d in report.diagnostics] == [
        ("collection-note", "input", "container 9b1c disappeared during collection; skipped")
    ]


def test_a_collection_reads_the_same_as_dict_text_and_tuple() -> None:
    as_dict = hullcheck.evaluate(copy.deepcopy(COLLECTION), now=0)
    as_text = hullcheck.evaluate(json.dumps(COLLECTION), now=0)
    assert as_dict == as_text
    named = hullcheck.evaluate(("saved.json", json.dumps(COLLECTION)), now=0)
    assert [f.code for f in named.findings] == [f.code for f in as_dict.findings]


def test_a_collection_with_the_wrong_kind_is_an_input_error() -> None:
    bad = copy.deepcopy(COLLECTION)
    bad["documents"][1]["kind"] = "no_such_kind"
    with pytest.raises(hullcheck.InvalidInputError):
        hullcheck.evaluate(bad)


def test_collect_docker_unreachable_engine_raises_collection_error() -> None:
    with pytest.raises(hullcheck.CollectionError) as info:
        hullcheck.collect_docker("unix:///nonexistent.sock")
    err = info.value
    assert isinstance(err, hullcheck.HullcheckError) and isinstance(err, OSError)
    assert err.kind == "collection" and err.message and str(err) == err.message
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is hullcheck.CollectionError and clone.message == err.message
    with pytest.raises(hullcheck.CollectionError):
        hullcheck.collect_docker("tcp://127.0.0.1:1", all=True)


def test_collect_docker_reads_a_live_engine() -> None:
    probe = subprocess.run(
        ["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=60
    )
    if probe.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Docker engine answers ({probe.stderr.strip()}); CI starts one")
        pytest.skip("no Docker engine answers")
    collection = hullcheck.collect_docker()
    assert next(iter(collection)) == "hullcheck_collection"
    kinds = {d["kind"] for d in collection["documents"]}
    assert {"daemon_info", "daemon_version", "host_facts", "network"} <= kinds
    report = hullcheck.evaluate(collection)
    assert {s.kind for s in report.subjects} >= {"daemon", "host"}


def test_collect_docker_arguments() -> None:
    with pytest.raises(TypeError):
        hullcheck.collect_docker(7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullcheck.collect_docker(None, True)  # type: ignore[misc]  # `all` is keyword-only
    with pytest.raises(TypeError):
        hullcheck.collect_docker(all="yes")  # type: ignore[arg-type]
