"""Pin every requirement to its lower bound: the constraints ``make lowest`` installs with.

    python scripts/lowest_versions.py requirements.txt > lowest.txt
    python scripts/lowest_versions.py --summary junit.xml > results/lowest.json

``numpy>=1.24`` becomes ``numpy==1.24``; ``jupyter-book>=1.0,<2`` becomes ``jupyter-book==1.0``.
A requirement without a lower bound is left to pip. What these packages need in turn is left to
pip too (the newest versions that fit), as ``uv``'s ``--resolution lowest-direct`` would.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^#;]*)")


def lower_bounds(text: str) -> dict[str, str]:
    """{package: its lower bound} for every requirement line with a ``>=`` bound."""
    bounds = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = REQUIREMENT.match(line)
        if match is None:
            raise ValueError(f"cannot read the requirement {line!r}")
        floor = re.search(r">=\s*([0-9][^,\s]*)", match.group(3))
        if floor:
            bounds[match.group(1)] = floor.group(1)
    return bounds


def summary(junit: Path) -> dict:
    """What ``make lowest`` found: the Python, the versions that matter and pytest's counts (from its JUnit XML)."""
    import platform
    import xml.etree.ElementTree as ElementTree
    from importlib import metadata

    suite = ElementTree.parse(junit).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    counts = {key: int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped")}
    failed = [f"{case.get('classname')}::{case.get('name')}" for case in suite.iter("testcase")
              if case.find("failure") is not None or case.find("error") is not None]
    versions = {}
    for package in lower_bounds((Path(__file__).resolve().parents[1] / "requirements.txt").read_text()):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"python": platform.python_version(), "installed": versions, **counts,
            "passed": counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"], "failed": failed}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--summary":
        import json

        print(json.dumps(summary(Path(argv[1])), indent=1))
        return 0
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for package, version in lower_bounds(Path(argv[0]).read_text()).items():
        print(f"{package}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
