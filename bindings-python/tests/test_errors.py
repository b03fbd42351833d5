"""Every error class on bad input; nothing a caller passes may crash the interpreter."""

from __future__ import annotations

import json
import math
import pickle
from typing import Any, List

import pytest

import hullcheck
from hullcheck import HullcheckError, InvalidInputError, LimitExceededError, PolicyError, UsageError
from conftest import DOCKER_INFO, ONLY_CFG001, PRIVILEGED

DEEP = 10_000


def test_hierarchy() -> None:
    for cls in (InvalidInputError, PolicyError, UsageError):
        assert issubclass(cls, HullcheckError)
        assert issubclass(cls, ValueError)
    assert issubclass(HullcheckError, Exception) and not issubclass(HullcheckError, ValueError)
    assert (InvalidInputError.kind, PolicyError.kind, UsageError.kind) == (
        "invalid_input",
        "policy",
        "usage",
    )
    assert hullcheck.errors.InvalidInputError is InvalidInputError


def raises_input(documents: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        hullcheck.evaluate(documents)
    err = info.value
    assert err.kind == "invalid_input"
    assert str(err) == err.message and err.message.startswith("invalid input")
    return err


@pytest.mark.parametrize("text", ["this is not a document", "{", '{"Id": "x",}', "[1, 2", "nul"])
def test_not_json(text: str) -> None:
    err = raises_input(text)
    assert err.problem in {"syntax", "unknown_kind"}
    assert err.source == "input"


def test_syntax_error_has_line_and_column() -> None:
    err = raises_input('{\n  "Id": "x",\n  "HostConfig": {"Privileged": tru}\n}')
    assert (err.problem, err.line) == ("syntax", 3)
    assert err.column is not None and err.column > 1


@pytest.mark.parametrize("text", ["", "   \n", "\ufeff"])
def test_empty(text: str) -> None:
    assert raises_input(text).problem == "empty"


@pytest.mark.parametrize(
    "document",
    [{"hello": "world"}, {}, [1, 2], ["x"], 'true', '"text"', "42"],
    ids=["unknown-keys", "empty-object", "numbers", "strings-in-array-text", "bool", "string", "number"],
)
def test_wrong_shape(document: Any) -> None:
    if isinstance(document, list) and document and isinstance(document[0], str):
        document = json.dumps(document)
    err = raises_input(document)
    assert err.problem in {"unknown_kind", "type", "syntax"}


def test_wrong_types_name_the_pointer() -> None:
    bad = {"Id": "c1", "Name": "/x", "HostConfig": "privileged"}
    for form in (bad, json.dumps(bad), [bad], json.dumps([bad]).encode()):
        err = raises_input(form)
        assert err.problem == "type"
        assert err.document_kind == "container"
        assert err.pointer in {"/HostConfig", "/0/HostConfig"}
    err = raises_input([PRIVILEGED, {"Id": "c2", "HostConfig": {"Privileged": "maybe"}}])
    assert err.pointer == "/1/HostConfig/Privileged"


def test_invalid_utf8_bytes() -> None:
    err = raises_input(b'{"Id": "x",\n "Name": "\xff\xfe"}')
    assert err.problem == "syntax"
    assert (err.line, err.column) == (2, 11)
    assert "UTF-8" in err.message
    assert raises_input(bytearray(b"\xc3")).problem == "syntax"
    with pytest.raises(InvalidInputError):
        hullcheck.detect_kind(b"\xff")
    with pytest.raises(PolicyError, match="UTF-8"):
        hullcheck.evaluate(PRIVILEGED, policy=b"\xff")


def test_lone_surrogate_in_str() -> None:
    err = raises_input('{"Id": "\ud800", "HostConfig": {}}')
    assert "surrogate" in err.message
    with pytest.raises(InvalidInputError):
        hullcheck.detect_kind('{"Id": "\ud800"}')
    err = raises_input({"Id": "\ud800", "HostConfig": {}})
    assert err.pointer == "/Id"


def raises_limit(documents: Any) -> LimitExceededError:
    with pytest.raises(LimitExceededError) as info:
        hullcheck.evaluate(documents)
    err = info.value
    assert isinstance(err, InvalidInputError) and isinstance(err, HullcheckError)
    assert (err.kind, err.problem) == ("limit_exceeded", "limit_exceeded")
    assert str(err) == err.message
    return err


def test_deep_nesting_as_text() -> None:
    # The core's depth limit (64) refuses deep text before parsing, even under a key no rule
    # reads, and names the limit.
    nested_unknown = '{"Id":"x","HostConfig":{"Unknown":' + '{"a":' * DEEP + "1" + "}" * DEEP + "}}"
    nested_known = '{"Id":"x","HostConfig":{"CapAdd":' + "[" * DEEP + "]" * DEEP + "}}"
    for text in ("[" * DEEP + "]" * DEEP, '{"a":' * DEEP + "1" + "}" * DEEP, nested_unknown, nested_known):
        err = raises_limit(text)
        assert (err.limit, err.value, err.max) == ("depth", 65, 64)
        assert err.source == "input"
        assert "depth limit" in err.message
    with pytest.raises(InvalidInputError):
        hullcheck.detect_kind("[" * DEEP + "]" * DEEP)


def test_limit_exceeded_is_pickled_with_its_attributes() -> None:
    err = raises_limit("[" * 100 + "]" * 100)
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, LimitExceededError)
    assert (copy.limit, copy.value, copy.max, copy.message) == (err.limit, err.value, err.max, err.message)


def test_a_huge_document_is_refused_by_size() -> None:
    huge = '{"Id": "x", "Config": {"Env": ["A=' + "x" * (65 << 20) + '"]}}'
    err = raises_limit(huge)
    assert (err.limit, err.value, err.max) == ("document_bytes", len(huge), 64 << 20)


def _deep_list(depth: int) -> List[Any]:
    value: List[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _deep_dict(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_deep_nesting_as_python_objects() -> None:
    err = raises_input(_deep_list(DEEP))
    assert err.problem == "too_deep"
    err = raises_input({"Id": "x", "HostConfig": _deep_dict(DEEP)})
    assert err.problem == "too_deep"
    assert err.pointer is not None and err.pointer.startswith("/HostConfig/a/a")
    err = raises_input([{"Id": "x", "Labels": _deep_list(DEEP)}])
    assert err.problem == "too_deep"
    with pytest.raises(InvalidInputError):
        hullcheck.detect_kind(_deep_dict(DEEP))
    with pytest.raises(PolicyError, match="deeper"):
        hullcheck.evaluate(PRIVILEGED, policy={"parameters": _deep_dict(DEEP)})
    # Objects are held to the core's nesting limit (64 levels, where JSON text is refused too):
    # the document and _deep_dict(62) nest 64 deep, which is fine; one level more is refused
    # while the object is converted, at its pointer.
    within = {"Id": "x", "HostConfig": {}, "Extra": _deep_dict(62)}
    assert hullcheck.evaluate(within, policy=ONLY_CFG001).passed
    just_beyond = {"Id": "x", "HostConfig": {}, "Extra": _deep_dict(63)}
    for beyond in (just_beyond, {"Id": "x", "Extra": _deep_dict(100)}):
        with pytest.raises(InvalidInputError) as info:
            hullcheck.evaluate(beyond, policy=ONLY_CFG001)
        assert not isinstance(info.value, LimitExceededError)
        assert info.value.problem == "too_deep"
        assert info.value.pointer == "/Extra" + "/a" * 63
        assert "deeper than 64 levels" in info.value.message


class Custom:
    pass


@pytest.mark.parametrize(
    "value, words",
    [
        ({"a", "b"}, "set"),
        (Custom(), "Custom"),
        (math.nan, "NaN"),
        (math.inf, "inf"),
        (b"bytes", "bytes"),
        (2**80, "64-bit"),
        (object(), "object"),
    ],
    ids=["set", "custom", "nan", "inf", "bytes", "bigint", "object"],
)
def test_not_json_representable(value: Any, words: str) -> None:
    err = raises_input({"Id": "x", "HostConfig": {"CapAdd": value}})
    assert err.problem == "type"
    assert err.pointer == "/HostConfig/CapAdd"
    assert words.lower() in err.message.lower()


def test_non_string_keys() -> None:
    err = raises_input({"Id": "x", "HostConfig": {1: True}})
    assert "keys must be str" in err.message and err.pointer == "/HostConfig"


@pytest.mark.parametrize("documents", [42, None, 3.5, {1, 2}, Custom(), memoryview(b"{}")])
def test_wrong_argument_type_is_type_error(documents: Any) -> None:
    with pytest.raises(TypeError, match="documents must be"):
        hullcheck.evaluate(documents)


def test_bad_tuples() -> None:
    with pytest.raises(UsageError, match="tuple"):
        hullcheck.evaluate(("only-a-name",))
    with pytest.raises(TypeError, match="source"):
        hullcheck.evaluate((1, "{}"))
    with pytest.raises(TypeError, match="kind"):
        hullcheck.evaluate(("a", "{}", 3))


def test_policy_errors() -> None:
    for policy in (
        {"select": ["no-such-rule"]},
        {"unknown_field": 1},
        {"fail_on": "severe"},
        {"select": ["CFG001"], "parameters": {"CFG001": {"no_such_parameter": 1}}},
        {"extends": "paranoid"},
        {"waivers": [{"rule": "CFG001", "reason": ""}]},
        {"waivers": [{"rule": "CFG001", "reason": "accepted", "expires": "someday"}]},
        "{not json",
        {"select": [math.nan]},
    ):
        with pytest.raises(PolicyError) as info:
            hullcheck.evaluate(PRIVILEGED, policy=policy)
        assert info.value.kind == "policy" and "policy" in str(info.value)
    # A select whose every entry names no rule would run nothing: an error, with a suggestion.
    with pytest.raises(PolicyError, match="names no known rule.*did you mean `privileged-container`"):
        hullcheck.evaluate(PRIVILEGED, policy={"select": ["privileged-containr"]})
    # An unknown rule next to known ones, or under `parameters`, is a diagnostic instead
    # (see test_api.test_policy_diagnostics).
    report = hullcheck.evaluate(PRIVILEGED, policy={"parameters": {"CFG999": {}}})
    assert [d.code for d in report.diagnostics] == ["unknown-rule"]
    with pytest.raises(TypeError, match="policy must be"):
        hullcheck.evaluate(PRIVILEGED, policy=["CFG001"])  # type: ignore[arg-type]


def test_errors_pickle_with_their_attributes() -> None:
    err = raises_input('{"Id": "c1", "HostConfig": "x"}')
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is InvalidInputError
    assert (clone.message, clone.problem, clone.pointer, clone.line, clone.source) == (
        err.message,
        err.problem,
        err.pointer,
        err.line,
        err.source,
    )
    usage = pickle.loads(pickle.dumps(UsageError("bad")))
    assert type(usage) is UsageError and usage.message == "bad"


def test_duplicate_host_document() -> None:
    # A bundle describes one host: a second `docker info` is refused, in every input form.
    for documents in (
        [("info-a.json", DOCKER_INFO), ("info-b.json", json.dumps(DOCKER_INFO))],
        [json.dumps(DOCKER_INFO), json.dumps(DOCKER_INFO).encode()],
        [("info-a.json", DOCKER_INFO, "daemon_info"), ("info-b.json", DOCKER_INFO, "daemon_info")],
    ):
        err = raises_input(documents)
        assert err.problem == "duplicate"
        assert err.source == ("input[1]" if isinstance(documents[0], str) else "info-b.json")
        assert err.document_kind == "daemon_info"
        assert "duplicate" in err.message
    # One docker info with containers is fine.
    report = hullcheck.evaluate([("info.json", DOCKER_INFO), ("inspect.json", [PRIVILEGED])])
    assert {s.kind for s in report.subjects} >= {"container", "daemon"}


def test_multi_document_errors_name_the_source() -> None:
    err = raises_input([("good.json", PRIVILEGED), ("bad.json", "not json at all")])
    assert err.source == "bad.json"
    err = raises_input(["[]", "{"])
    assert err.source == "input[1]"


def test_policy_errors_carry_the_pointer_of_the_key_at_fault():
    for policy, pointer in (
        ({"parameters": {"CFG023": {"max_retries": "5"}}}, "/parameters/CFG023/max_retries"),
        ({"waivers": [{"rule": "CFG001", "reason": ""}]}, "/waivers/0"),
        ('{"fail_on": "severe"}', "/fail_on"),
        ({"select": ["NOPE999"]}, "/select"),
    ):
        with pytest.raises(PolicyError) as info:
            hullcheck.evaluate(PRIVILEGED, policy=policy)
        assert info.value.pointer == pointer, str(info.value)
    # A key that is not at fault anywhere in particular has none.
    with pytest.raises(PolicyError) as info:
        hullcheck.evaluate(PRIVILEGED, policy="{not json")
    assert info.value.pointer is None
