"""hullcheck.evaluate(s) beside json.loads(s) and orjson.loads(s) on the same ~10 KB string.

    .venv/bin/maturin develop --release -m bindings-python/Cargo.toml   # a release build!
    .venv/bin/pip install orjson
    .venv/bin/python benches/python_bench.py [--rounds N] [--document PATH]
    .venv/bin/python benches/python_bench.py --batch-scaling [--documents 10000] [--rounds 7]

``--batch-scaling`` instead times ``hullcheck.evaluate_many`` on DOCUMENTS copies of one corpus
document (default: inspec's ``docker inspect`` of nginx, 9.2 KB) at threads=1 and threads=2,
rounds interleaved, plus ``evaluate_stream`` over the same texts, and prints the medians and
the 2-thread speed-up (issue goal: at least 1.8x) with the load average it ran under.

The document is a real `docker inspect` output from the test corpus (see
tests/corpus/container-inspect/SOURCES.md): runlike's fixture of a privileged container,
11.6 KB, so evaluation produces a finding and the report conversion is on the measured path.
Prints the median time per call of each function (over ROUNDS rounds of a timed batch of
calls) and the ratios; the design target is hullcheck.evaluate <= 1.0x orjson.loads.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, List

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCUMENT = (
    ROOT / "tests" / "corpus" / "container-inspect" / "runlike_fixture6_privileged_fuse_overlayfs.json"
)


def median_ns(func: Callable[[], object], rounds: int, batch: int) -> float:
    """Median nanoseconds per call over `rounds` batches of `batch` calls."""
    samples: List[float] = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(batch):
            func()
        samples.append((time.perf_counter_ns() - start) / batch)
    return statistics.median(samples)


SCALING_DOCUMENT = ROOT / "tests" / "corpus" / "container-inspect" / "inspec_docker_inspect_nginx.json"


def batch_scaling(documents: int, rounds: int, document: Path) -> int:
    """evaluate_many at 1 and 2 threads (and evaluate_stream) on `documents` copies of a text."""
    import os
    import resource

    import hullcheck

    text = document.read_text(encoding="utf-8")
    texts = [text] * documents
    expected = hullcheck.evaluate_many(texts[:10], threads=1)
    assert expected == hullcheck.evaluate_many(texts[:10], threads=2)
    assert expected[0].summary.subjects >= 1, "the bench document must hold a container"

    def cpu_ms() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return (usage.ru_utime + usage.ru_stime) * 1000

    def timed(func: Callable[[], object]) -> float:
        cpu = cpu_ms()
        start = time.perf_counter_ns()
        result = func()
        elapsed = (time.perf_counter_ns() - start) / 1e6
        # CPU time over wall time: how many cores the call actually got.
        cores.setdefault(current, []).append((cpu_ms() - cpu) / elapsed)
        # Freeing 10,000 reports (about 30 KB each in memory) takes a while too: timed apart.
        start = time.perf_counter_ns()
        del result
        drops.setdefault(current, []).append((time.perf_counter_ns() - start) / 1e6)
        return elapsed

    drops: Dict[str, List[float]] = {}
    cores: Dict[str, List[float]] = {}
    current = ""
    candidates: Dict[str, Callable[[], object]] = {
        "evaluate_many threads=1": lambda: hullcheck.evaluate_many(texts, threads=1),
        "evaluate_many threads=2": lambda: hullcheck.evaluate_many(texts, threads=2),
        "evaluate_stream (1 thread)": lambda: sum(1 for _ in hullcheck.evaluate_stream(texts)),
    }
    load_before = os.getloadavg()
    for func in candidates.values():  # warm-up
        hullcheck.evaluate_many(texts[:200], threads=2)
        func()
    gc.collect()
    drops.clear()
    cores.clear()
    results: Dict[str, List[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, func in candidates.items():
            current = name
            results[name].append(timed(func))
    load_after = os.getloadavg()
    medians = {name: statistics.median(samples) for name, samples in results.items()}

    print(f"document: {document.name} ({len(text.encode())} bytes) x {documents}")
    print(f"python {sys.version.split()[0]}, hullcheck {hullcheck.__version__}, {os.cpu_count()} CPUs")
    print(
        "load average (1, 5, 15 min): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after)
    )
    print(f"median of {rounds} rounds\n")
    print(f"{'call':30} {'median':>10} {'per document':>13} {'min':>10} {'max':>10} {'freeing':>10} {'cores':>6}")
    for name, ms in medians.items():
        samples = results[name]
        freeing = statistics.median(drops.get(name, [0.0]))
        print(
            f"{name:30} {ms:8.1f}ms {ms * 1000 / documents:10.2f}us"
            f" {min(samples):8.1f}ms {max(samples):8.1f}ms {freeing:8.1f}ms"
            f" {statistics.median(cores[name]):6.2f}"
        )
    print("(freeing: dropping the returned list of reports afterwards, not in the call's time;")
    print(" cores: the process's CPU time over the call's wall time, so 2 threads on a machine whose")
    print(" other core is busy show about 1.0)")
    ratio = medians["evaluate_many threads=1"] / medians["evaluate_many threads=2"]
    print(f"\nspeed-up threads=2 vs threads=1: {ratio:.2f}x (goal >= 1.8x)")
    return 0


def stream_memory(gigabytes: float, document: Path) -> int:
    """Peak RSS while `evaluate_stream` reads `gigabytes` of NDJSON lines from a generator."""
    import resource

    import hullcheck

    line = json.dumps(json.loads(document.read_text(encoding="utf-8")), separators=(",", ":"))
    assert line.startswith("[{"), "the document is a docker inspect array"
    total = int(gigabytes * 1e9)
    count = total // (len(line) + 1) + 1
    fed = 0

    def lines() -> Iterator[str]:
        nonlocal fed
        for i in range(count):
            text = line.replace('"Id":"', f'"Id":"{i:08x}', 1)
            fed += len(text) + 1
            yield text + "\n"

    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    reports = findings = 0
    for report in hullcheck.evaluate_stream(lines(), source="stream.ndjson"):
        reports += 1
        findings += len(report.findings)
    elapsed = time.perf_counter() - start
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"evaluate_stream over {fed / 1e9:.2f} GB of NDJSON ({reports} documents of {len(line)} bytes, {findings} findings)")
    print(f"{elapsed:.1f} s, {elapsed * 1e6 / reports:.1f} us per document, {fed / 1e6 / elapsed:.0f} MB/s")
    print(f"peak RSS: {peak_before:.1f} MB before, {peak_after:.1f} MB after (goal: under 64 MB)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--document", type=Path, default=None)
    parser.add_argument("--batch-scaling", action="store_true")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--stream-memory", type=float, default=None, metavar="GB")
    args = parser.parse_args()
    if args.stream_memory is not None:
        return stream_memory(args.stream_memory, args.document or SCALING_DOCUMENT)
    if args.batch_scaling:
        return batch_scaling(args.documents, args.rounds or 7, args.document or SCALING_DOCUMENT)
    args.rounds = args.rounds or 201
    args.document = args.document or DEFAULT_DOCUMENT

    import hullcheck

    try:
        import orjson
    except ImportError:
        print("orjson is not installed: .venv/bin/pip install orjson", file=sys.stderr)
        return 2

    text = args.document.read_text(encoding="utf-8")
    data = text.encode()
    report = hullcheck.evaluate(text)
    assert report.summary.subjects >= 1, "the bench document must hold a container"
    assert json.loads(text) == orjson.loads(text)

    candidates: Dict[str, Callable[[], object]] = {
        "json.loads(s)": lambda: json.loads(text),
        "orjson.loads(s)": lambda: orjson.loads(text),
        "hullcheck.evaluate(s)": lambda: hullcheck.evaluate(text),
        "hullcheck.evaluate(s).findings": lambda: hullcheck.evaluate(text).findings,
        # Profile rows: the same call on bytes (no str -> UTF-8 step), one scan of the text in
        # Rust (kind detection alone), and the fixed cost of a call on an empty array.
        "hullcheck.evaluate(b)": lambda: hullcheck.evaluate(data),
        "hullcheck.detect_kind(s)": lambda: hullcheck.detect_kind(text),
        "hullcheck.evaluate('[]')": lambda: hullcheck.evaluate("[]"),
    }
    # Warm up, then measure in an interleaved order so drift hits every candidate alike.
    for func in candidates.values():
        median_ns(func, 5, args.batch)
    gc.collect()
    results: Dict[str, List[float]] = {name: [] for name in candidates}
    for _ in range(args.rounds):
        for name, func in candidates.items():
            results[name].append(median_ns(func, 1, args.batch))
    medians = {name: statistics.median(samples) for name, samples in results.items()}

    print(
        f"document: {args.document.relative_to(ROOT) if args.document.is_relative_to(ROOT) else args.document}"
        f" ({len(text.encode())} bytes, {report.summary.subjects} subject(s),"
        f" {len(report.findings)} finding(s))"
    )
    print(f"python {sys.version.split()[0]}, hullcheck {hullcheck.__version__}, orjson {orjson.__version__}")
    print(f"median of {args.rounds} rounds x {args.batch} calls\n")
    orjson_ns = medians["orjson.loads(s)"]
    json_ns = medians["json.loads(s)"]
    print(f"{'call':34} {'median':>10} {'vs orjson':>10} {'vs json':>8}")
    for name, ns in medians.items():
        print(f"{name:34} {ns / 1000:8.2f}us {ns / orjson_ns:9.2f}x {ns / json_ns:7.2f}x")
    ratio = medians["hullcheck.evaluate(s)"] / orjson_ns
    print(f"\ntarget hullcheck.evaluate(s) <= 1.0x orjson.loads(s): {'met' if ratio <= 1.0 else 'MISSED'} ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
