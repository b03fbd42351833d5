"""generate_labels: image labels from build facts, under the built-in or a caller's schema."""

from __future__ import annotations

import json

import pytest

import hullcheck

REVISION = "0123456789abcdef0123456789abcdef01234567"


def test_the_built_in_oci_schema_labels_the_facts_given() -> None:
    out = hullcheck.generate_labels({"revision": REVISION, "title": 'shop "api"'})
    assert out["labels"] == {
        "org.opencontainers.image.revision": REVISION,
        "org.opencontainers.image.title": 'shop "api"',
    }
    assert out["args"] == [
        "--label",
        f"org.opencontainers.image.revision={REVISION}",
        "--label",
        'org.opencontainers.image.title=shop "api"',
    ]
    assert len(out["label_lines"]) == 2 and all(l.startswith("LABEL ") for l in out["label_lines"])
    assert out["problems"] == []


def test_a_schema_as_dict_or_text_reports_what_it_cannot_generate() -> None:
    schema = {
        "labels": {
            "org.opencontainers.image.revision": {"type": "git-hash", "required": True, "fact": "revision"},
            "com.example.team": {"type": "enum", "values": ["payments"], "required": True, "default": "payments"},
        }
    }
    for given in (schema, json.dumps(schema)):
        out = hullcheck.generate_labels({"revision": "not-a-hash"}, schema=given)
        assert out["labels"] == {"com.example.team": "payments"}
        [problem] = out["problems"]
        assert problem["key"] == "org.opencontainers.image.revision" and problem["kind"] == "invalid"
    yaml = "labels:\n  com.example.owner: {required: true, fact: vendor}\n"
    out = hullcheck.generate_labels({}, schema=yaml)
    assert [(p["key"], p["kind"]) for p in out["problems"]] == [("com.example.owner", "missing")]


def test_the_same_answer_as_the_label_rule_checks() -> None:
    """Labels generated under a schema pass MON030 under that schema (round trip)."""
    schema = {"strict": True, "labels": {"com.example.team": {"type": "enum", "values": ["a"], "required": True, "default": "a"}}}
    labels = hullcheck.generate_labels({}, schema=schema)["labels"]
    container = {"Id": "c", "Name": "/c", "Config": {"Image": "x", "Labels": labels}, "HostConfig": {}}
    policy = {"select": ["MON030"], "parameters": {"MON030": {"schema": schema}}}
    assert len(hullcheck.evaluate(container, policy=policy).findings) == 0
    container["Config"]["Labels"] = {}
    assert [f.code for f in hullcheck.evaluate(container, policy=policy).findings] == ["MON030"]


def test_bad_arguments_are_typed_errors() -> None:
    with pytest.raises(hullcheck.UsageError, match="unknown variant `colour`"):
        hullcheck.generate_labels({"colour": "blue"})
    with pytest.raises(TypeError):
        hullcheck.generate_labels(["revision"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullcheck.generate_labels({}, schema=3)  # type: ignore[arg-type]
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.generate_labels({}, schema={"labels": {"k": {"type": "regex"}}})
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.generate_labels({}, schema="labels: [1")
