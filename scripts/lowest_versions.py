"""Pin every requirement to its lower bound: the constraints ``make lowest`` installs with.

    python scripts/lowest_versions.py requirements.txt > lowest.txt

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


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for package, version in lower_bounds(Path(argv[0]).read_text()).items():
        print(f"{package}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
