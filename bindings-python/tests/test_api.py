"""Every public function and object of the hullcheck package."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any, Dict

import pytest

import hullcheck
from conftest import ONLY_CFG001, PLAIN, PRIVILEGED, REPO, SPEC, compact, corpus_files

# --- a small JSON Schema checker for the keywords spec/report.schema.json uses ----------------

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _type_ok(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(value: Any, schema: Any, root: Dict[str, Any], path: str = "") -> None:
    if schema is True:
        return
    assert schema is not False, f"{path}: no value allowed"
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        validate(value, target, root, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(_type_ok(value, n) for n in names), f"{path}: {value!r} is not {names}"
    if "const" in schema:
        assert value == schema["const"], f"{path}: {value!r} != {schema['const']!r}"
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"
    if "minimum" in schema and isinstance(value, (int, float)):
        assert value >= schema["minimum"], f"{path}: {value} < minimum"
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            passing = 0
            for option in schema[keyword]:
                try:
                    validate(value, option, root, path)
                    passing += 1
                except AssertionError:
                    pass
            wanted_ok = passing == 1 if keyword == "oneOf" else passing >= 1
            assert wanted_ok, f"{path}: {value!r} matches {passing} options of {keyword}"
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            assert key in value, f"{path}: missing required {key!r}"
        for key, item in value.items():
            if key in props:
                validate(item, props[key], root, f"{path}/{key}")
            elif "additionalProperties" in schema:
                validate(item, schema["additionalProperties"], root, f"{path}/{key}")
            else:
                assert not props, f"{path}: unexpected key {key!r}"
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], root, f"{path}/{i}")


REPORT_SCHEMA = json.loads((SPEC / "report.schema.json").read_text())


def test_schema_checker_rejects_wrong_shapes() -> None:
    good = hullcheck.evaluate(PRIVILEGED).to_dict()
    validate(good, REPORT_SCHEMA, REPORT_SCHEMA)
    for mutate in (
        lambda d: d.pop("passed"),
        lambda d: d.__setitem__("fail_on", "severe"),
        lambda d: d["findings"][0].__setitem__("severity", 3),
        lambda d: d["summary"].__setitem__("subjects", "one"),
    ):
        bad = copy.deepcopy(good)
        mutate(bad)
        with pytest.raises(AssertionError):
            validate(bad, REPORT_SCHEMA, REPORT_SCHEMA)


# --- evaluate ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem)
def test_every_input_form_gives_the_same_report(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = json.loads(text)
    from_str = hullcheck.evaluate(text)
    assert hullcheck.evaluate(text.encode()) == from_str
    assert hullcheck.evaluate(bytearray(text.encode())) == from_str
    assert hullcheck.evaluate(parsed) == from_str
    assert hullcheck.evaluate(("input", text)) == from_str
    assert hullcheck.evaluate(("input", parsed, "container")) == from_str
    assert hullcheck.evaluate([("input", text)]) == from_str
    assert from_str.summary.subjects == (len(parsed) if isinstance(parsed, list) else 1)
    validate(from_str.to_dict(), REPORT_SCHEMA, REPORT_SCHEMA)


def test_report_attributes() -> None:
    report = hullcheck.evaluate([PLAIN, PRIVILEGED], policy=ONLY_CFG001, now=1767225600)
    assert report.version == hullcheck.__version__
    assert report.evaluated_at == 1767225600
    assert report.passed is False
    assert report.fail_on == "low"
    assert report.report_on == "info"
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert isinstance(finding, hullcheck.Finding)
    assert finding.code == "CFG001"
    assert finding.name == "privileged-container"
    assert finding.severity == "critical"
    assert finding.subject == report.outcomes[1].subject
    assert (finding.subject.kind, finding.subject.name, finding.subject.id, finding.subject.source) == (
        "container",
        "priv",
        "c0ffee",
        "input",
    )
    assert finding.location.source == "input"
    assert finding.location.pointer == "/1/HostConfig/Privileged"
    assert finding.location.line is None and finding.location.column is None
    assert finding.message
    assert finding.evidence == "Privileged=true"
    assert finding.package is None and finding.cve is None
    assert "--privileged" in finding.remediation
    assert finding.references == ("CIS Docker Benchmark 5.5", "NIST SP 800-190 4.4.3")
    assert len(finding.fingerprint) >= 8
    assert [o.code for o in report.outcomes] == ["CFG001", "CFG001"]
    assert [o.status for o in report.outcomes] == ["pass", "fail"]
    assert [o.findings for o in report.outcomes] == [0, 1]
    assert report.outcomes[0].reason is None and report.outcomes[0].missing is None
    # Outcomes refer to subjects by index; the binding resolves the index to the subject.
    assert [o.subject_index for o in report.outcomes] == [0, 1]
    assert [o.to_dict()["subject"] for o in report.outcomes] == [0, 1]
    assert [o.subject for o in report.outcomes] == [report.subjects[0], report.subjects[1]]
    assert [(s.kind, s.name) for s in report.subjects[:2]] == [("container", "plain"), ("container", "priv")]
    assert report.suppressed == () and report.diagnostics == ()
    summary = report.summary
    assert (summary.subjects, summary.rules, summary.findings) == (2, 1, 1)
    assert (summary.suppressed, summary.below_report_threshold) == (0, 0)
    assert summary.by_severity == {"info": 0, "low": 0, "medium": 0, "high": 0, "critical": 1}
    assert summary.by_status == {"fail": 1, "pass": 1, "not_applicable": 0, "missing_input": 0}
    assert "Report(" in repr(report) and "CFG001" in repr(finding)
    assert "Subject(" in repr(finding.subject) and "Location(" in repr(finding.location)


def test_default_policy_runs_the_whole_catalog() -> None:
    report = hullcheck.evaluate([PLAIN, PRIVILEGED])
    codes = [r["code"] for r in hullcheck.rules()]
    assert report.summary.rules == len(codes)
    # Every rule of the catalog gives at least one outcome, and nothing else does.
    assert {o.code for o in report.outcomes} == set(codes)
    # The findings are exactly what the outcomes count, and each one's rule failed on its subject.
    assert report.summary.findings == len(report.findings) == sum(o.findings for o in report.outcomes)
    failed = {(o.code, o.subject) for o in report.outcomes if o.status == "fail"}
    assert {(f.code, f.subject) for f in report.findings} == failed
    privileged = [f for f in report.findings if f.code == "CFG001"]
    assert [(f.subject.name, f.location.pointer) for f in privileged] == [("priv", "/1/HostConfig/Privileged")]
    # Outcome subjects are the report's subjects (by index), findings carry the same subject.
    for outcome in report.outcomes:
        if outcome.subject_index is None:
            # No subject of the rule's kinds: given empty (not_applicable) or not given at all.
            assert outcome.subject is None and outcome.status in ("not_applicable", "missing_input")
        else:
            assert outcome.subject == report.subjects[outcome.subject_index]
    assert all(f.subject in report.subjects for f in report.findings)


def test_objects_are_frozen_and_compare_by_value() -> None:
    a = hullcheck.evaluate(PRIVILEGED)
    b = hullcheck.evaluate(json.dumps(PRIVILEGED))
    assert a == b and a.findings == b.findings
    assert hash(a.findings[0]) == hash(b.findings[0])
    assert {a.findings[0].subject, b.findings[0].subject} == {a.findings[0].subject}
    assert a.findings[0].location == b.findings[0].location
    assert a.summary == b.summary
    assert a != hullcheck.evaluate(PLAIN)
    assert a.findings is a.findings  # built once, on first access
    for obj, attr in (
        (a, "passed"),
        (a.findings[0], "code"),
        (a.findings[0].subject, "name"),
        (a.findings[0].location, "pointer"),
        (a.outcomes[0], "status"),
        (a.summary, "findings"),
    ):
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)


def test_to_dict_to_json_and_render_agree() -> None:
    report = hullcheck.evaluate([PRIVILEGED, PLAIN], now=0)
    as_dict = report.to_dict()
    assert json.loads(report.to_json()) == as_dict
    assert json.loads(report.to_json(pretty=True)) == as_dict
    assert "\n" in report.to_json(pretty=True) and "\n" not in report.to_json()
    assert report.render("json") == report.to_json()
    assert report.render("table") == report.to_table() == str(report)
    assert report.render(" JSON ") == report.to_json()  # names as the core parses them
    assert "CFG001" in report.to_table() and "FAILED" in report.to_table()
    assert as_dict["findings"][0] == report.findings[0].to_dict()
    assert as_dict["outcomes"][0] == report.outcomes[0].to_dict()
    assert as_dict["summary"] == report.summary.to_dict()
    assert as_dict["findings"][0]["subject"] == report.findings[0].subject.to_dict()
    assert as_dict["findings"][0]["location"] == report.findings[0].location.to_dict()
    assert as_dict["subjects"] == [s.to_dict() for s in report.subjects]
    assert as_dict["report_on"] == report.report_on
    assert as_dict["suppressed"] == [] and as_dict["diagnostics"] == []
    assert as_dict["evaluated_at"] == 0
    assert "evaluated_at" not in hullcheck.evaluate(PLAIN).to_dict()
    validate(as_dict, REPORT_SCHEMA, REPORT_SCHEMA)


def test_every_core_format_renders() -> None:
    report = hullcheck.evaluate(PRIVILEGED)
    names = hullcheck.formats()
    assert {"json", "table", "sarif", "junit", "markdown", "compliance"} <= set(names)
    for name in names:
        assert report.render(name).strip()
    with pytest.raises(hullcheck.UsageError, match="unknown format"):
        report.render("yaml")


def test_sarif_junit_and_markdown() -> None:
    report = hullcheck.evaluate([PLAIN, PRIVILEGED])
    assert len(report.findings) >= 2  # so "one result per finding" is not a coincidence
    sarif = json.loads(report.to_sarif())
    assert report.render("sarif") == report.to_sarif()
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert len(results) == len(report.findings)
    assert [r["ruleId"] for r in results] == [f.code for f in report.findings]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {f.code for f in report.findings} <= rule_ids
    # JUnit: XML with one test case per outcome that has a subject or a bundle-level verdict.
    junit = report.to_junit()
    assert report.render("junit") == junit
    assert junit.startswith("<?xml") and "<testsuites" in junit
    assert junit.count("<testcase") == len(report.outcomes)
    assert junit.count("<failure") == sum(1 for o in report.outcomes if o.status == "fail")
    markdown = report.to_markdown()
    assert report.render("markdown") == markdown
    assert markdown.startswith("#") and "CFG001" in markdown and "privileged-container" in markdown
    quiet = hullcheck.evaluate(PLAIN, policy=ONLY_CFG001)
    assert json.loads(quiet.to_sarif())["runs"][0]["results"] == []
    assert "<failure" not in quiet.to_junit()


def test_findings_at_least() -> None:
    report = hullcheck.evaluate(PRIVILEGED)
    rank = {name: i for i, name in enumerate(hullcheck.severities())}
    # The filter is exercised: the findings span more than one severity.
    assert len({f.severity for f in report.findings}) >= 2
    for severity in hullcheck.severities():
        expected = [f for f in report.findings if rank[f.severity] >= rank[severity]]
        assert report.findings_at_least(severity) == expected
    assert [f.code for f in report.findings_at_least("critical")][:1] == ["CFG001"]
    assert report.findings_at_least("info") == list(report.findings)
    assert hullcheck.evaluate(PLAIN, policy=ONLY_CFG001).findings_at_least("info") == []
    with pytest.raises(hullcheck.UsageError, match="unknown severity"):
        report.findings_at_least("urgent")


def test_list_semantics() -> None:
    # A list of dicts is one parsed docker inspect array named "input".
    one = hullcheck.evaluate([PLAIN, PRIVILEGED], policy=ONLY_CFG001)
    assert one.findings[0].location.source == "input"
    assert one.findings[0].location.pointer == "/1/HostConfig/Privileged"
    # A list with a str item is several documents named input[0], input[1].
    several = hullcheck.evaluate([json.dumps(PLAIN), PRIVILEGED], policy=ONLY_CFG001)
    assert several.findings[0].location.source == "input[1]"
    assert several.findings[0].location.pointer == "/HostConfig/Privileged"
    # Named documents keep their names.
    named = hullcheck.evaluate(
        [("a.json", PLAIN), ("b.json", json.dumps([PRIVILEGED]).encode())], policy=ONLY_CFG001
    )
    assert named.findings[0].subject.source == "b.json"
    assert named.findings[0].location.pointer == "/0/HostConfig/Privileged"
    # A list of lists is several parsed arrays.
    arrays = hullcheck.evaluate([[PLAIN], [PRIVILEGED]], policy=ONLY_CFG001)
    assert arrays.summary.subjects == 2 and arrays.findings[0].location.source == "input[1]"
    # An empty list is docker inspect of nothing.
    empty = hullcheck.evaluate([])
    assert empty.summary.subjects == 0 and empty.passed and empty.subjects == ()
    # It shows there are no containers (container rules do not apply); it shows nothing about
    # the daemon or the host (their rules are undecided).
    status = {o.code: o.status for o in empty.outcomes}
    assert status["CFG001"] == "not_applicable"
    assert status["CFG042"] == "missing_input" and status["CFG070"] == "missing_input"
    assert {o.code for o in empty.outcomes} == {r["code"] for r in hullcheck.rules()}
    assert all(o.subject is None and o.subject_index is None for o in empty.outcomes)
    assert [d.code for d in empty.diagnostics] == ["empty-input"]
    assert empty.diagnostics[0].origin == "input"


def test_policy_forms() -> None:
    policy = {"select": ["CFG001"], "fail_on": "critical"}
    for form in (policy, json.dumps(policy), json.dumps(policy).encode()):
        report = hullcheck.evaluate(PRIVILEGED, policy=form)
        assert report.fail_on == "critical" and not report.passed
        assert [f.code for f in report.findings] == ["CFG001"]
    relaxed = hullcheck.evaluate(
        PRIVILEGED, policy={"select": ["CFG001", "CFG002"], "ignore": ["privileged-container"]}
    )
    assert "CFG001" not in {o.code for o in relaxed.outcomes}
    assert all(f.code != "CFG001" for f in relaxed.findings)
    assert hullcheck.evaluate(PRIVILEGED, policy=None) == hullcheck.evaluate(PRIVILEGED)
    # Findings below report_on are left out, but still counted (and still gate).
    high = hullcheck.evaluate(PRIVILEGED, policy={"report_on": "high"})
    everything = hullcheck.evaluate(PRIVILEGED)
    rank = {name: i for i, name in enumerate(hullcheck.severities())}
    assert high.report_on == "high"
    assert list(high.findings) == [f for f in everything.findings if rank[f.severity] >= rank["high"]]
    assert high.summary.below_report_threshold == len(everything.findings) - len(high.findings) > 0


def test_policy_diagnostics() -> None:
    # An unknown selector next to a known one is a diagnostic (with a suggestion), not an error.
    report = hullcheck.evaluate(PRIVILEGED, policy={"select": ["CFG001", "privileged-containr"]})
    assert [f.code for f in report.findings] == ["CFG001"]
    (diagnostic,) = report.diagnostics
    assert isinstance(diagnostic, hullcheck.Diagnostic)
    assert (diagnostic.code, diagnostic.origin, diagnostic.rule, diagnostic.suggestion) == (
        "unknown-rule",
        "policy",
        "privileged-containr",
        "privileged-container",
    )
    assert diagnostic.waiver is None and "names no rule" in diagnostic.message
    assert report.to_dict()["diagnostics"] == [diagnostic.to_dict()]
    assert "Diagnostic(" in repr(diagnostic)
    # Parameters for a rule that names nothing, or for a rule that does not run.
    report = hullcheck.evaluate(PRIVILEGED, policy={"select": ["CFG001"], "parameters": {"CFG999": {}}})
    assert [(d.code, d.rule) for d in report.diagnostics] == [("unknown-rule", "CFG999")]
    assert hullcheck.Engine(ONLY_CFG001).evaluate(PRIVILEGED).diagnostics == ()


def test_waivers_move_findings_to_suppressed() -> None:
    waiver = {
        "rule": "privileged-container",
        "subject": "priv",
        "reason": "Docker-in-Docker runner on an isolated host",
        "expires": "2026-12-31",
        "owner": "platform-team",
    }
    policy = {"select": ["CFG001"], "waivers": [waiver]}
    report = hullcheck.evaluate([PLAIN, PRIVILEGED], policy=policy, now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc))
    assert report.findings == () and report.passed
    (suppressed,) = report.suppressed
    assert isinstance(suppressed, hullcheck.Suppressed)
    assert suppressed.waiver_index == 0
    assert (suppressed.finding.code, suppressed.finding.subject.name) == ("CFG001", "priv")
    w = suppressed.waiver
    assert isinstance(w, hullcheck.Waiver)
    assert (w.rule, w.reason, w.subject, w.expires, w.owner) == (
        "privileged-container",
        waiver["reason"],
        "priv",
        "2026-12-31",
        "platform-team",
    )
    assert (w.image, w.label, w.path, w.package, w.cve) == (None,) * 5
    assert w.to_dict() == waiver
    assert report.summary.suppressed == 1
    assert report.to_dict()["suppressed"] == [suppressed.to_dict()]
    assert suppressed.to_dict()["finding"] == suppressed.finding.to_dict()
    assert report.diagnostics == ()
    assert "Suppressed(" in repr(suppressed) and "Waiver(" in repr(w)
    # Without an evaluation time the expiry cannot be checked: the waiver does not suppress.
    unchecked = hullcheck.evaluate([PLAIN, PRIVILEGED], policy=policy)
    assert [f.code for f in unchecked.findings] == ["CFG001"] and unchecked.suppressed == ()
    assert [d.code for d in unchecked.diagnostics] == ["unchecked-expiry"]
    assert unchecked.diagnostics[0].waiver == 0
    # After the expiry it no longer suppresses either.
    expired = hullcheck.evaluate([PLAIN, PRIVILEGED], policy=policy, now=1798761600)  # 2027-01-01
    assert not expired.passed and [d.code for d in expired.diagnostics] == ["expired-waiver"]
    # The new objects are frozen too.
    for obj, attr in ((suppressed, "waiver_index"), (w, "reason"), (unchecked.diagnostics[0], "code")):
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)


def test_now_forms() -> None:
    utc = datetime.timezone.utc
    assert hullcheck.evaluate(PLAIN, now=1767225600).evaluated_at == 1767225600
    aware = datetime.datetime(2026, 1, 1, tzinfo=utc)
    assert hullcheck.evaluate(PLAIN, now=aware).evaluated_at == 1767225600
    plus_two = datetime.datetime(2026, 1, 1, 2, 0, 0, 999999, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert hullcheck.evaluate(PLAIN, now=plus_two).evaluated_at == 1767225600
    before_epoch = datetime.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=utc)
    assert hullcheck.evaluate(PLAIN, now=before_epoch).evaluated_at == -1
    assert hullcheck.evaluate(PLAIN, now=None).evaluated_at is None
    with pytest.raises(hullcheck.UsageError, match="timezone-aware"):
        hullcheck.evaluate(PLAIN, now=datetime.datetime(2026, 1, 1))
    for bad in (True, 1.5, "2026-01-01", datetime.date(2026, 1, 1)):
        with pytest.raises(TypeError, match="now must be"):
            hullcheck.evaluate(PLAIN, now=bad)
    with pytest.raises(hullcheck.UsageError):
        hullcheck.evaluate(PLAIN, now=2**70)


def test_engine_reuses_a_policy() -> None:
    engine = hullcheck.Engine({"select": ["CFG"], "fail_on": "high"})
    assert engine.rules == sorted(r["code"] for r in hullcheck.rules() if r["code"].startswith("CFG"))
    assert "CFG001" in engine.rules
    assert hullcheck.Engine(ONLY_CFG001).rules == ["CFG001"]
    assert hullcheck.Engine({"select": ["CFG001", "privileged-container"]}).rules == ["CFG001"]
    assert engine.evaluate(PRIVILEGED, now=5) == hullcheck.evaluate(
        PRIVILEGED, policy={"select": ["CFG"], "fail_on": "high"}, now=5
    )
    assert hullcheck.Engine().rules == [r["code"] for r in hullcheck.rules()]
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.Engine({"select": ["nothing-like-this"]})


def test_rules_match_spec() -> None:
    assert hullcheck.rules() == json.loads((SPEC / "rules.json").read_text())
    rules = hullcheck.rules()
    assert rules and all({"code", "name", "severity", "docs"} <= set(r) for r in rules)


def test_detect_kind() -> None:
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        assert hullcheck.detect_kind(text) == "container"
        assert hullcheck.detect_kind(text.encode()) == "container"
        assert hullcheck.detect_kind(json.loads(text)) == "container"
    assert hullcheck.detect_kind({"ociVersion": "1.0.2", "process": {}}) == "oci_runtime"
    assert hullcheck.detect_kind('{"RepoTags": ["alpine:3"], "Id": "sha256:x"}') == "image"
    assert hullcheck.detect_kind("FROM alpine:3.20\nUSER app\n") == "dockerfile"
    assert hullcheck.detect_kind("services:\n  web:\n    image: nginx\n") == "compose"
    assert set(hullcheck.document_kinds()) >= {"container", "image", "dockerfile"}
    with pytest.raises(hullcheck.InvalidInputError) as info:
        hullcheck.detect_kind({"hello": "world"})
    assert info.value.problem == "unknown_kind"
    with pytest.raises(TypeError, match="document must be"):
        hullcheck.detect_kind(42)  # type: ignore[arg-type]


def test_stated_kind_overrides_detection() -> None:
    # Without a HostConfig or State/Config/Id the shape is not recognised ...
    bare = {"Name": "/bare", "Id": "x"}
    with pytest.raises(hullcheck.InvalidInputError):
        hullcheck.evaluate(bare)
    # ... but stating the kind reads it as a container.
    report = hullcheck.evaluate(("bare.json", compact(bare), "container"))
    assert report.summary.subjects == 1
    with pytest.raises(hullcheck.UsageError, match="unknown document kind"):
        hullcheck.evaluate(("x", bare, "pod"))


def test_severities_and_version() -> None:
    assert hullcheck.severities() == ["info", "low", "medium", "high", "critical"]
    assert isinstance(hullcheck.__version__, str) and hullcheck.__version__.count(".") == 2


def test_yaml_policy_text() -> None:
    yaml_text = "select: [CFG001]\nfail_on: critical\nseverity:\n  CFG001: critical\n"
    as_json = {"select": ["CFG001"], "fail_on": "critical", "severity": {"CFG001": "critical"}}
    for form in (yaml_text, yaml_text.encode()):
        report = hullcheck.evaluate(PRIVILEGED, policy=form, now=0)
        assert report == hullcheck.evaluate(PRIVILEGED, policy=as_json, now=0)
        assert report.fail_on == "critical" and not report.passed
        engine = hullcheck.Engine(form)
        assert engine.rules == ["CFG001"]
        assert engine.evaluate(PRIVILEGED, now=0) == report
    waivers = (REPO / "examples" / "policies" / "waivers.yaml").read_text()
    assert hullcheck.Engine(waivers).evaluate(PRIVILEGED, now=0).fail_on == "high"
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.evaluate(PRIVILEGED, policy="select: [CFG001\n")
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.Engine("no_such_key: 1\n")
