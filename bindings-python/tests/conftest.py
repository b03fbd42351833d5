"""Shared paths and documents for the hullcheck Python tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus" / "container-inspect"
SPEC = REPO / "spec"

PRIVILEGED: Dict[str, Any] = {
    "Id": "c0ffee",
    "Name": "/priv",
    "HostConfig": {"Privileged": True},
}
# Tests about one rule select it, so rules added to the catalog later do not change them.
ONLY_CFG001: Dict[str, Any] = {"select": ["CFG001"]}
PLAIN: Dict[str, Any] = {
    "Id": "beef",
    "Name": "/plain",
    "HostConfig": {"Privileged": False},
}


# Two `docker info` documents: a bundle describes one host, so the second is refused.
DOCKER_INFO: Dict[str, Any] = {"ServerVersion": "28.5.1", "SecurityOptions": []}


def corpus_files() -> List[Path]:
    files = sorted(CORPUS.glob("*.json"))
    assert files, f"no corpus documents in {CORPUS}"
    return files


@pytest.fixture
def corpus_texts() -> Dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in corpus_files()}


def compact(value: Any) -> str:
    """JSON text the way serde_json writes a value (compact, keys sorted)."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
