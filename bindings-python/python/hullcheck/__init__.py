"""hullcheck: Docker hardening checks (CIS Docker Benchmark, NIST SP 800-190).

Evaluate ``docker inspect`` output against the rule catalog::

    import hullcheck

    report = hullcheck.evaluate(open("inspect.json").read())
    for finding in report.findings:
        print(finding.severity, finding.code, finding.subject.name, finding.message)

``evaluate`` accepts, decided by Python type alone:

- ``str``, ``bytes`` or ``bytearray``: one JSON text (a document, or the array ``docker inspect``
  prints), named ``input``. Parsed in Rust with the GIL released.
- ``dict``: one parsed document, named ``input``.
- ``list`` of dicts (or an empty list): one parsed document, the array ``docker inspect``
  prints, named ``input``; findings point at ``/0/...``, ``/1/...``.
- ``list`` with at least one str, bytes, bytearray, list or tuple item: several documents, one
  per item, named ``input[0]``, ``input[1]``, ...
- ``(source, document)`` or ``(source, document, kind)`` tuples, alone or as list items: a
  document under your own name, optionally with its kind stated instead of detected.

Many documents or bundles at once:

- ``evaluate_stream(documents)`` takes any iterable (a list, a generator, an open NDJSON file)
  and lazily yields one :class:`Report` per document, pulling one item at a time. str/bytes
  items are JSON texts (blank lines skipped), dicts and lists parsed documents. A bad document
  raises :class:`InvalidInputError` naming the item (``input[7]``, or ``<file>:<line>``) when
  the stream reaches it; the stream then goes on with the next item if you call ``next()``.
- ``evaluate_many(bundles, threads=None)`` evaluates a list of bundles (each one what
  ``evaluate`` accepts) across threads without the GIL and returns the reports in order; the
  first bad bundle raises its error with ``err.bundle`` set to its index.

Compose files are read with the interpolation variables, project name and referenced files
given as ``evaluate(..., compose={"variables": {...}, "project": ..., "files": {...}})``.

``generate_seccomp(trace, options)`` turns the syscalls of a trace (``strace -f``, ``strace -c``,
a plain list, Falco or Tracee JSON lines) into an allowlist seccomp profile, and
``generate_labels(facts, schema=None)`` the image labels a label schema asks for from build
facts (as a map, Dockerfile ``LABEL`` lines and ``docker build --label`` arguments).

``collect_docker(endpoint=None, *, all=False)`` reads a live Docker engine (and its host) into
a saved collection, a dict that ``evaluate`` reads like any document. The ``hullcheck`` command
the wheel installs (also ``python -m hullcheck``) is the one the Rust binary and the npm package
run.

Policies are dicts, or JSON or YAML text.

Errors are :class:`HullcheckError` subclasses (see :mod:`hullcheck.errors`); findings are data,
never raised.
"""

from __future__ import annotations

from . import errors
from ._core import (
    Diagnostic,
    Engine,
    Finding,
    Location,
    Outcome,
    Report,
    ReportStream,
    Subject,
    Summary,
    Suppressed,
    Waiver,
    __version__,
    collect_docker,
    detect_kind,
    document_kinds,
    evaluate,
    evaluate_many,
    evaluate_stream,
    formats,
    generate_labels,
    generate_seccomp,
    rules,
    severities,
)
from .errors import (
    CollectionError,
    HullcheckError,
    InvalidInputError,
    LimitExceededError,
    PolicyError,
    UsageError,
)

__all__ = [
    "CollectionError",
    "Diagnostic",
    "Engine",
    "Finding",
    "HullcheckError",
    "InvalidInputError",
    "LimitExceededError",
    "Location",
    "Outcome",
    "PolicyError",
    "Report",
    "ReportStream",
    "Subject",
    "Summary",
    "Suppressed",
    "UsageError",
    "Waiver",
    "__version__",
    "collect_docker",
    "detect_kind",
    "document_kinds",
    "errors",
    "evaluate",
    "evaluate_many",
    "evaluate_stream",
    "formats",
    "generate_labels",
    "generate_seccomp",
    "rules",
    "severities",
]
