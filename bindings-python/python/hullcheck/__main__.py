"""Command-line auditor: ``python -m hullcheck [FILE ...|-]``.

    docker inspect $(docker ps -aq) | python -m hullcheck -

The evaluation time is the current time unless ``--now`` gives one (for reproducible output).
Policy diagnostics (an unknown rule next to known ones, an expired waiver, ...) end the table,
or are printed to stderr as warnings with the other formats; they do not change the exit
status.

Exit status: 0 when the report is written and no gate was requested or the gate passed; 1 when a
gate was requested (``--fail-on``, or a ``--policy`` that sets ``fail_on``) and it failed; 2 for
unreadable input, a bad policy or a bad argument.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import typing

from . import HullcheckError, evaluate, formats, severities
from ._sample import SAMPLE, SOURCE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hullcheck",
        description=(
            "Audit docker inspect output (and other documents hullcheck reads) against the "
            "Docker hardening rules. With no FILE, audits a built-in sample container."
        ),
        epilog="example: docker inspect $(docker ps -aq) | python -m hullcheck -",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="documents to audit, all evaluated together; '-' reads standard input",
    )
    parser.add_argument(
        "--format",
        default="table",
        metavar="FORMAT",
        help="report format: " + ", ".join(formats()) + " (default: table)",
    )
    parser.add_argument(
        "--fail-on",
        metavar="SEVERITY",
        help=(
            "exit 1 when a finding at or above SEVERITY is reported ("
            + ", ".join(severities())
            + ")"
        ),
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help=(
            "JSON policy (extends, select, ignore, parameters, severity, report_on, fail_on, "
            "waivers); problems that do not stop the evaluation are warnings on stderr"
        ),
    )
    parser.add_argument(
        "--now",
        metavar="TIME",
        help=(
            "evaluation time, for waiver expiry and time-based rules: Unix seconds or an ISO 8601 "
            "date or date-time (UTC unless it has an offset); default: the current time"
        ),
    )
    return parser


def _now(text: typing.Optional[str]) -> typing.Union[int, datetime.datetime]:
    if text is None:
        return datetime.datetime.now(datetime.timezone.utc)
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise _CliError(
            f"--now {text!r} is neither Unix seconds nor an ISO 8601 date or date-time"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def _read(path: str) -> typing.Tuple[str, bytes]:
    if path == "-":
        return ("-", sys.stdin.buffer.read())
    with open(path, "rb") as handle:
        return (path, handle.read())


def main(argv: typing.Optional[typing.Sequence[str]] = None) -> int:
    """Runs the auditor; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        policy: typing.Optional[typing.Dict[str, typing.Any]] = None
        gate = False
        if args.policy is not None:
            with open(args.policy, "rb") as handle:
                loaded = json.loads(handle.read())
            if not isinstance(loaded, dict):
                raise _CliError(f"{args.policy}: a policy is a JSON object")
            policy = loaded
            gate = "fail_on" in loaded
        if args.fail_on is not None:
            if args.fail_on.strip().lower() not in severities():
                raise _CliError(
                    f"unknown severity {args.fail_on!r} for --fail-on "
                    f"(expected one of: {', '.join(severities())})"
                )
            policy = dict(policy or {})
            policy["fail_on"] = args.fail_on.strip().lower()
            gate = True
        now = _now(args.now)
        documents: typing.List[typing.Tuple[str, typing.Any]]
        if args.files:
            documents = [_read(path) for path in args.files]
        else:
            print(
                "hullcheck: no FILE given; auditing a built-in sample container "
                f"({SOURCE}). Pass FILE or '-' to audit your own.",
                file=sys.stderr,
            )
            documents = [(SOURCE, SAMPLE)]
        report = evaluate(documents, policy=policy, now=now)
        output = report.render(args.format)
        if args.format != "table":  # the table lists them itself
            for diagnostic in report.diagnostics:
                print(
                    f"hullcheck: warning: {diagnostic.code}: {diagnostic.message}",
                    file=sys.stderr,
                )
    except (HullcheckError, _CliError) as err:
        print(f"hullcheck: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"hullcheck: error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:  # a --policy file that is not JSON
        print(f"hullcheck: error: {args.policy}: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 1 if gate and not report.passed else 0


class _CliError(Exception):
    pass


if __name__ == "__main__":
    sys.exit(main())
