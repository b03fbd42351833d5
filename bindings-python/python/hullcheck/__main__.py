"""The ``hullcheck`` command: ``hullcheck [OPTIONS] [INPUT ...]`` or ``python -m hullcheck``.

The command is written once, in Rust (the ``hullcheck-cli`` crate), and shared by the Rust
binary, this wheel's console script and the npm package's ``bin``: every install prints the same
bytes and exits with the same status. ``hullcheck --help`` tells the rest.
"""

from __future__ import annotations

import signal
import sys

from ._core import run_cli


def main() -> int:
    """Runs the command with ``sys.argv[1:]`` and returns its exit status (0 the gate passed,
    1 it failed, 2 a usage error or an input that could not be read)."""
    # Ctrl-C stops the command the way it stops the Rust binary: Python's own handler would only
    # set a flag, which Rust code running without the GIL never looks at.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    return run_cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
