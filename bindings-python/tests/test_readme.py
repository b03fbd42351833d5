"""Runs every ```python block of the root README.md and bindings-python/README.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

import pytest

from conftest import REPO

READMES = [REPO / "README.md", REPO / "bindings-python" / "README.md"]
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def blocks() -> List[Tuple[str, str]]:
    out = []
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        for index, match in enumerate(FENCE.finditer(text)):
            out.append((f"{readme.relative_to(REPO)}#{index}", match.group(1)))
    return out


def test_binding_readme_has_python_blocks() -> None:
    assert any(name.startswith("bindings-python") for name, _ in blocks())


@pytest.mark.parametrize("name, code", blocks(), ids=[b[0] for b in blocks()])
def test_readme_block_runs(name: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(code, name, "exec"), {"__name__": "__readme__"})
