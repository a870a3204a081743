"""What the scripts that regenerate files from sources (diagrams, references, front matter, links) share.

Each such script has an ``update(write)`` that returns the files it changed (or would change); run
plainly it writes them, with ``--check`` it writes nothing and exits 1 when anything is out of date.
They all work on the book's chapters, :func:`notebook_paths`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def notebook_paths(root: Path = ROOT) -> list[Path]:
    """The chapters, in reading order: ``notebooks/NN_*.ipynb``."""
    return sorted((root / "notebooks").glob("[0-9]*.ipynb"))


def fill_between(text: str, start: str, end: str, content: str) -> str:
    """``text`` with what lies between the markers ``start`` and ``end`` replaced by ``content``."""
    if start not in text or end not in text:
        raise ValueError(f"no {start} ... {end} section to fill")
    before, rest = text.split(start, 1)
    return before + start + "\n" + content + "\n" + end + rest.split(end, 1)[1]


def parser(description: str | None, check_help: str) -> argparse.ArgumentParser:
    """An argument parser with the ``--check`` flag; scripts add their own options to it."""
    result = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--check", action="store_true", help=check_help)
    return result


def run(update: Callable[..., list[str]], check: bool, stale: str, current: str) -> int:
    """Call ``update(write=not check)`` and report; ``stale`` formats one out-of-date file name.

    Returns the exit status: 1 for a check that found something out of date, else 0.
    """
    changed = update(write=not check)
    if check:
        print("\n".join(stale.format(name) for name in changed) or current)
        return 1 if changed else 0
    print("\n".join(f"updated {name}" for name in changed) or "nothing to update")
    return 0
