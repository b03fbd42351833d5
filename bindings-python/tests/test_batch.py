"""evaluate_stream (lazy, one document at a time) and evaluate_many (bundles across threads)."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import hullcheck
from conftest import ONLY_CFG001, PLAIN, PRIVILEGED, corpus_files

NOW = 1767225600


def container(i: int) -> Dict[str, Any]:
    return {
        "Id": f"{i:012d}",
        "Name": f"/c{i}",
        "HostConfig": {"Privileged": i % 3 == 0, "CapAdd": ["NET_ADMIN"] if i % 2 else None},
        "Config": {"Image": f"registry.example/app:{i}", "Env": [f"N={i}"]},
    }


@contextmanager
def ticking() -> Iterator[List[float]]:
    """Another Python thread appends the time every millisecond while the block runs; it can
    only do so while the block's thread has released the GIL."""
    ticks: List[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.01)
        yield ticks
    finally:
        stop.set()
        thread.join()


# --- evaluate_stream -------------------------------------------------------------------------


def test_stream_is_lazy_over_a_long_generator() -> None:
    """10,000 documents from a generator: the stream never pulls more than one item ahead."""
    pulled = 0

    def documents() -> Iterator[str]:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield json.dumps(container(i))

    stream = hullcheck.evaluate_stream(documents(), policy=ONLY_CFG001)
    assert pulled == 0, "nothing is pulled before the first report is asked for"
    consumed = 0
    privileged = 0
    max_ahead = 0
    for report in stream:
        consumed += 1
        max_ahead = max(max_ahead, pulled - consumed)
        privileged += len(report.findings)
        assert report.subjects[0].source == f"input[{consumed - 1}]"
    assert consumed == pulled == 10_000
    assert max_ahead == 0
    assert privileged == len([i for i in range(10_000) if i % 3 == 0])


def test_stream_pulls_past_blank_lines_only() -> None:
    pulled: List[int] = []
    items = ["", json.dumps(PRIVILEGED), "  \n", b"\n", b"", json.dumps(PLAIN)]

    def documents() -> Iterator[Any]:
        for i, item in enumerate(items):
            pulled.append(i)
            yield item

    stream = hullcheck.evaluate_stream(documents(), policy=ONLY_CFG001)
    first = next(stream)
    assert pulled == [0, 1] and first.subjects[0].source == "input[1]"
    second = next(stream)
    assert pulled == [0, 1, 2, 3, 4, 5] and second.subjects[0].source == "input[5]"
    assert list(stream) == []


def test_stream_over_an_ndjson_file(tmp_path: Path) -> None:
    path = tmp_path / "fleet.ndjson"
    lines = [json.dumps(PRIVILEGED), "", json.dumps(PLAIN), "   ", json.dumps(container(3))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with path.open(encoding="utf-8") as text:
        reports = list(hullcheck.evaluate_stream(text, policy=ONLY_CFG001, now=NOW))
    # Lines are named <file>:<line>, like the core's evaluate_ndjson.
    assert [r.subjects[0].source for r in reports] == [f"{path}:1", f"{path}:3", f"{path}:5"]
    assert [len(r.findings) for r in reports] == [1, 0, 1]
    with path.open("rb") as binary:
        again = list(hullcheck.evaluate_stream(binary, policy=ONLY_CFG001, now=NOW))
    assert [r.to_json() for r in again] == [r.to_json() for r in reports]
    # The same lines from a list, named explicitly.
    named = list(hullcheck.evaluate_stream(lines, policy=ONLY_CFG001, now=NOW, source=str(path)))
    assert [r.to_json() for r in named] == [r.to_json() for r in reports]


def test_stream_mixed_items_equal_evaluate_per_document() -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    items: List[Any] = []
    for i, text in enumerate(texts):
        items.append((text, text.encode(), json.loads(text))[i % 3])
    items.append(("named.json", PRIVILEGED))
    items.append(("typed.json", json.dumps(PLAIN), "container"))
    reports = list(hullcheck.evaluate_stream(items, now=NOW))
    assert len(reports) == len(items)
    for i, (item, report) in enumerate(zip(items, reports)):
        alone = item if isinstance(item, tuple) else (f"input[{i}]", item)
        assert report.to_json() == hullcheck.evaluate(alone, now=NOW).to_json(), i
        assert report == hullcheck.evaluate(alone, now=NOW)
    assert reports[-2].subjects[0].source == "named.json"
    assert sum(len(r.findings) for r in reports) > 0


def test_stream_bad_item_raises_naming_it_and_goes_on() -> None:
    items = [json.dumps(PRIVILEGED)] * 7 + ['{"Id": "x", "HostConfig": "no"}'] + [json.dumps(PLAIN)] * 2
    stream = hullcheck.evaluate_stream(items, policy=ONLY_CFG001)
    got = [next(stream) for _ in range(7)]
    assert len(got) == 7
    with pytest.raises(hullcheck.InvalidInputError) as info:
        next(stream)
    err = info.value
    assert err.source == "input[7]" and err.pointer == "/HostConfig"
    assert "input[7]" in str(err)
    # The stream goes on with the next item.
    rest = list(stream)
    assert [r.subjects[0].source for r in rest] == ["input[8]", "input[9]"]


def test_stream_bad_line_of_a_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "hosts.ndjson"
    path.write_text(json.dumps(PLAIN) + "\n\n{not json\n", encoding="utf-8")
    with path.open(encoding="utf-8") as text:
        stream = hullcheck.evaluate_stream(text)
        assert next(stream).subjects[0].source == f"{path}:1"
        with pytest.raises(hullcheck.InvalidInputError) as info:
            next(stream)
    assert info.value.source == f"{path}:3" and info.value.problem == "syntax"
    assert info.value.line == 1


def test_stream_empty_and_wrong_arguments() -> None:
    assert list(hullcheck.evaluate_stream([])) == []
    assert list(hullcheck.evaluate_stream(iter(()))) == []
    assert list(hullcheck.evaluate_stream(["", "\n"])) == []
    for not_iterable in (42, None, 1.5):
        with pytest.raises(TypeError, match="documents must be an iterable"):
            hullcheck.evaluate_stream(not_iterable)  # type: ignore[arg-type]
    # One document is not a stream of documents (iterating it would give characters or keys).
    for single in ("{}", b"{}", PRIVILEGED):
        with pytest.raises(TypeError, match="one document"):
            hullcheck.evaluate_stream(single)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"input\[1\] must be"):
        list(hullcheck.evaluate_stream([json.dumps(PLAIN), 3]))  # type: ignore[list-item]
    with pytest.raises(hullcheck.UsageError, match="unknown document kind"):
        hullcheck.evaluate_stream([], kind="vm")
    with pytest.raises(hullcheck.PolicyError):
        hullcheck.evaluate_stream([], policy={"select": ["NOPE999"]})


def test_stream_errors_of_the_iterable_propagate() -> None:
    def documents() -> Iterator[str]:
        yield json.dumps(PLAIN)
        raise OSError("disk gone")

    stream = hullcheck.evaluate_stream(documents())
    next(stream)
    with pytest.raises(OSError, match="disk gone"):
        next(stream)


def test_stream_stated_kind() -> None:
    image = {"Id": "sha256:1", "Config": {"User": ""}, "RootFS": {"Type": "layers"}}
    detected = next(hullcheck.evaluate_stream([json.dumps(image)]))
    stated = next(hullcheck.evaluate_stream([json.dumps(image)], kind="image"))
    assert stated.subjects[0].kind == "image"
    assert stated.to_json() == detected.to_json()
    # A tuple item's own kind wins over the stream's.
    as_container = hullcheck.evaluate_stream([("c.json", json.dumps(PRIVILEGED), "container")], kind="image")
    assert next(as_container).subjects[0].kind == "container"
    # The stated kind is used as is, not detected: a container read as an image.
    forced = next(hullcheck.evaluate_stream([json.dumps(PRIVILEGED)], kind="image"))
    assert forced.subjects[0].kind == "image"


def test_engine_stream_and_many_match_the_functions() -> None:
    engine = hullcheck.Engine(ONLY_CFG001)
    docs = [json.dumps(container(i)) for i in range(30)]
    by_engine = [r.to_json() for r in engine.evaluate_stream(docs, now=NOW)]
    by_function = [r.to_json() for r in hullcheck.evaluate_stream(docs, policy=ONLY_CFG001, now=NOW)]
    assert by_engine == by_function
    many = [r.to_json() for r in engine.evaluate_many(docs, now=NOW, threads=2)]
    assert many == [r.to_json() for r in hullcheck.evaluate_many(docs, policy=ONLY_CFG001, now=NOW)]
    assert "ReportStream" in repr(engine.evaluate_stream([]))


# --- evaluate_many ---------------------------------------------------------------------------


def _bundles() -> List[Any]:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    bundles: List[Any] = []
    for i in range(120):
        text = texts[i % len(texts)]
        form = i % 5
        if form == 0:
            bundles.append(text)
        elif form == 1:
            bundles.append(text.encode())
        elif form == 2:
            bundles.append(json.loads(text))
        elif form == 3:
            bundles.append([text, json.dumps(container(i))])
        else:
            bundles.append((f"host-{i}.json", [container(i), container(i + 1)]))
    return bundles


def test_many_equals_sequential_evaluate_in_order() -> None:
    bundles = _bundles()
    expected = [hullcheck.evaluate(b, now=NOW).to_json() for b in bundles]
    for threads in (None, 1, 2, 3, 500):
        got = hullcheck.evaluate_many(bundles, now=NOW, threads=threads)
        assert [r.to_json() for r in got] == expected, threads
    assert len(set(expected)) > 10, "the bundles differ, so order matters"


def test_many_threads_one_and_two_are_identical() -> None:
    bundles = [json.dumps(container(i)) for i in range(500)]
    one = hullcheck.evaluate_many(bundles, policy={"fail_on": "critical"}, now=NOW, threads=1)
    two = hullcheck.evaluate_many(bundles, policy={"fail_on": "critical"}, now=NOW, threads=2)
    assert one == two
    assert [r.to_json(pretty=True) for r in one] == [r.to_json(pretty=True) for r in two]
    assert [r.passed for r in one].count(False) == len(range(0, 500, 3))


def test_many_accepts_any_iterable_and_empty() -> None:
    assert hullcheck.evaluate_many([]) == []
    from_generator = hullcheck.evaluate_many(json.dumps(container(i)) for i in range(5))
    assert [r.subjects[0].name for r in from_generator] == [f"c{i}" for i in range(5)]


def test_many_first_bad_bundle_raises_with_its_index() -> None:
    good = json.dumps(PLAIN)
    bundles = [good] * 40
    bundles[13] = '{"Id": "x", "HostConfig": "no"}'
    bundles[7] = "[1, 2"
    bundles[31] = "{"
    for threads in (1, 2, 4):
        with pytest.raises(hullcheck.InvalidInputError) as info:
            hullcheck.evaluate_many(bundles, threads=threads)
        err = info.value
        assert err.bundle == 7, threads
        assert str(err).startswith("bundles[7]: ") and err.message == str(err)
        assert err.problem == "syntax" and err.source == "input"
    # A bundle that cannot even be read (wrong type) names its index too.
    with pytest.raises(TypeError, match=r"^bundles\[2\]: documents must be") as type_info:
        hullcheck.evaluate_many([good, good, 3.5])
    assert getattr(type_info.value, "bundle") == 2
    with pytest.raises(hullcheck.UsageError, match=r"^bundles\[1\]: ") as usage_info:
        hullcheck.evaluate_many([good, ("only-a-name",)])
    assert usage_info.value.bundle == 1
    # Errors outside evaluate_many carry no bundle index.
    with pytest.raises(hullcheck.InvalidInputError) as single:
        hullcheck.evaluate("{")
    assert single.value.bundle is None


def test_many_wrong_arguments() -> None:
    with pytest.raises(TypeError, match="bundles must be an iterable"):
        hullcheck.evaluate_many(7)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="one document"):
        hullcheck.evaluate_many("{}")  # type: ignore[arg-type]
    with pytest.raises(hullcheck.UsageError, match="threads must be at least 1"):
        hullcheck.evaluate_many([], threads=0)
    with pytest.raises(hullcheck.UsageError):
        hullcheck.evaluate_many([], threads=-2)
    with pytest.raises(TypeError, match="threads must be an int"):
        hullcheck.evaluate_many([], threads="2")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullcheck.evaluate_many([], threads=True)  # type: ignore[arg-type]


def test_many_releases_the_gil() -> None:
    """Another Python thread runs while evaluate_many parses and evaluates.

    The bundles come from a generator that notes the time once it is exhausted (every bundle is
    read then, with the GIL held). From then until evaluate_many returns, the other thread can
    only run if the GIL is released; it ticks every millisecond, so while a GIL-holding call
    would let it through at most once (a forced switch on return), a released GIL lets it tick
    throughout.
    """
    text = json.dumps([container(i) for i in range(20)])
    read_at: List[float] = []

    def bundles() -> Iterator[str]:
        for _ in range(400):
            yield text
        read_at.append(time.perf_counter())

    with ticking() as ticks:
        reports = hullcheck.evaluate_many(bundles(), threads=1)
        returned_at = time.perf_counter()
    assert len(reports) == 400 and reports[0].summary.subjects == 20
    (started,) = read_at
    during = [t for t in ticks if started < t < returned_at]
    assert returned_at - started > 0.02, "the batch is long enough to tell"
    assert len(during) >= 5, f"{len(during)} ticks in {returned_at - started:.3f} s without the GIL"


def test_stream_releases_the_gil_per_document() -> None:
    """Another Python thread runs while the stream parses and evaluates one large document.

    The items come from a list (pulling one runs no Python code), so during `next()` the other
    thread can only run while the GIL is released; see test_many_releases_the_gil.
    """
    big = json.dumps([container(i) for i in range(3000)])
    stream = hullcheck.evaluate_stream([big, big])
    with ticking() as ticks:
        started = time.perf_counter()
        report = next(stream)
        returned_at = time.perf_counter()
    assert report.summary.subjects == 3000
    during = [t for t in ticks if started < t < returned_at]
    assert returned_at - started > 0.02, "the document is large enough to tell"
    assert len(during) >= 5, f"{len(during)} ticks in {returned_at - started:.3f} s without the GIL"
