"""Exceptions raised by hullcheck.

Findings are data (``Report.findings``) and are never raised. These classes are for inputs,
policies and arguments hullcheck cannot use. The native module raises them by class lookup, so
they are ordinary Python exceptions: picklable, subclassable, documented here.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "CollectionError",
    "HullcheckError",
    "InvalidInputError",
    "LimitExceededError",
    "PolicyError",
    "UsageError",
]


class HullcheckError(Exception):
    """Base class of every hullcheck error.

    ``kind`` is the stable error kind id shared by the Rust, Python and Node APIs.
    ``bundle`` is the index of the failing bundle when the error comes from ``evaluate_many``
    (its message then starts with ``bundles[i]: ``), else None.
    """

    kind: str = "error"
    message: str
    bundle: Optional[int] = None

    def __init__(self, message: str, *, kind: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind


class InvalidInputError(HullcheckError, ValueError):
    """An input document could not be read.

    Attributes:
        problem: what is wrong: ``syntax``, ``type``, ``unknown_kind``, ``unsupported_kind``,
            ``too_deep``, ``empty``, ``duplicate`` (a second document of a kind that describes
            one host, such as two ``docker info`` outputs in one evaluation) or ``truncated``
            (printed shortened: ``docker history`` without ``--no-trunc``); the core's
            ``InputProblem``.
        source: the name of the document (``input``, ``input[1]``, or the name you gave).
        document_kind: the kind the document was read as, when known (``container``, ...).
        pointer: RFC 6901 pointer to the offending value, when the problem is at a value.
        line, column: 1-based position of the problem in the text, when known.
    """

    kind = "invalid_input"

    problem: str
    source: Optional[str]
    document_kind: Optional[str]
    pointer: Optional[str]
    line: Optional[int]
    column: Optional[int]

    def __init__(
        self,
        message: str,
        *,
        problem: str = "syntax",
        source: Optional[str] = None,
        document_kind: Optional[str] = None,
        pointer: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.source = source
        self.document_kind = document_kind
        self.pointer = pointer
        self.line = line
        self.column = column


class LimitExceededError(InvalidInputError):
    """An input document crossed one of the core's input limits (document size, nesting depth,
    string length, members of one array or object, documents in one evaluation) and was
    refused before it was parsed.

    It is an :class:`InvalidInputError` (``problem`` is ``limit_exceeded``) with its own stable
    ``kind``, ``limit_exceeded``.

    Attributes:
        limit: which limit: ``document_bytes``, ``depth``, ``string_bytes``, ``items`` or
            ``documents``.
        value: the value observed. Limits are checked while scanning, so for depth, string
            length and members this is the first value past the maximum, not the total.
        max: the limit's maximum.
    """

    kind = "limit_exceeded"

    limit: str
    value: int
    max: int

    def __init__(
        self,
        message: str,
        *,
        limit: str = "document_bytes",
        value: int = 0,
        max: int = 0,  # noqa: A002 - the attribute's name in every binding
        source: Optional[str] = None,
    ) -> None:
        super().__init__(message, problem="limit_exceeded", source=source)
        self.limit = limit
        self.value = value
        self.max = max


class PolicyError(HullcheckError, ValueError):
    """A policy could not be read or does not fit the rule catalog (unknown rule, parameter of
    the wrong type, ...).

    Attributes:
        pointer: RFC 6901 pointer into the policy to the key or value at fault
            (``/parameters/CFG023/max_retries``, ``/waivers/0``), or None.
    """

    kind = "policy"

    pointer: Optional[str]

    def __init__(self, message: str, *, pointer: Optional[str] = None) -> None:
        super().__init__(message)
        self.pointer = pointer


class UsageError(HullcheckError, ValueError):
    """An argument is not one the API accepts (an unknown format or severity name, a naive
    datetime, ...)."""

    kind = "usage"


class CollectionError(HullcheckError, OSError):
    """A live engine or host could not be read by :func:`hullcheck.collect_docker` (the engine
    is not reachable at the endpoint, refuses the connection or the credentials, answers with an
    error, ...). The message names the endpoint and the usual fix.

    It is also an :class:`OSError`, like the other failures to reach something outside the
    process; ``errno`` is None.
    """

    kind = "collection"
