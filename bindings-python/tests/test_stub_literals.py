"""Every `Literal[...]` of the type stubs lists exactly the values the core's report schema allows.

The stubs are hand-written; `spec/report.schema.json` is generated from the core's types, so a
severity, outcome status or diagnostic origin added to the core fails this test until the stub
follows it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import hullcheck

from conftest import SPEC

STUBS = sorted((Path(__file__).resolve().parents[1] / "python" / "hullcheck").glob("*.pyi"))

# Each stub alias and the `$defs` entry of spec/report.schema.json it mirrors.
SCHEMA_OF_ALIAS: Dict[str, str] = {
    "_SeverityName": "Severity",
    "_StatusName": "OutcomeStatus",
    "_OriginName": "DiagnosticOrigin",
}


def _schema_values(schema: Dict[str, Any]) -> List[str]:
    if "enum" in schema:
        return list(schema["enum"])
    return [choice["const"] for choice in schema.get("oneOf", schema.get("anyOf", []))]


def _literal_aliases(texts: Optional[Dict[str, str]] = None) -> Dict[str, List[str]]:
    """`name -> values` for every `name = Literal[...]` of the stubs; fails on a `Literal` used elsewhere."""
    if texts is None:
        texts = {stub.name: stub.read_text() for stub in STUBS}
    aliases: Dict[str, List[str]] = {}
    inline: List[str] = []
    for name, text in texts.items():
        tree = ast.parse(text, filename=name)
        assigned = set()
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "Literal"
            ):
                items = node.value.slice
                elements = items.elts if isinstance(items, ast.Tuple) else [items]
                aliases[node.targets[0].id] = [ast.literal_eval(e) for e in elements]
                assigned.add(id(node.value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Literal"
                and id(node) not in assigned
            ):
                inline.append(f"{name}:{node.lineno}")
    assert not inline, f"Literal used outside a top-level alias (give it an alias here): {inline}"
    return aliases


def test_every_literal_alias_has_a_schema_source() -> None:
    aliases = _literal_aliases()
    assert aliases, "no Literal aliases found in the stubs"
    assert set(aliases) == set(SCHEMA_OF_ALIAS), "map each stub Literal alias to its schema $defs entry"


def test_literals_match_the_report_schema() -> None:
    defs = json.loads((SPEC / "report.schema.json").read_text())["$defs"]
    aliases = _literal_aliases()
    for alias, definition in SCHEMA_OF_ALIAS.items():
        expected = _schema_values(defs[definition])
        assert expected, f"$defs/{definition} lists no values"
        assert aliases[alias] == expected, f"{alias} differs from $defs/{definition}"


def test_severity_literal_matches_the_installed_module() -> None:
    assert _literal_aliases()["_SeverityName"] == hullcheck.severities()


def test_a_changed_literal_is_caught() -> None:
    """The comparison is not vacuous: the real stub with one status removed differs from the schema."""
    defs = json.loads((SPEC / "report.schema.json").read_text())["$defs"]
    core = next(stub for stub in STUBS if stub.name == "_core.pyi").read_text()
    mutated = core.replace(', "missing_input"]', "]", 1)
    assert mutated != core
    assert _literal_aliases({"_core.pyi": mutated})["_StatusName"] != _schema_values(defs["OutcomeStatus"])
