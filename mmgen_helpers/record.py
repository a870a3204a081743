"""Headline figures recorded as a notebook runs.

``record("colour accuracy", acc, floor=0.9)`` returns the value unchanged, keeps it in
:data:`RECORDED`, and, when the environment variable ``MMGEN_RESULTS`` names a file (the book's
execute and benchmark commands set it), appends it there as one JSON line. The notebook still
states each claim with a visible ``assert`` next to the figure.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from .checks import check_number

RECORDED: list[dict] = []


def record(name: str, value: float, floor: float | None = None, higher_is_better: bool = True, unit: str = "") -> float:
    """Remember a headline figure (and its floor); returns ``value`` so it can be used inline."""
    if not isinstance(name, str) or not name:
        raise ValueError("a recorded figure needs a non-empty name")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"figure {name!r} is NaN")
    entry = {"name": name, "value": value, "floor": floor, "higher_is_better": higher_is_better, "unit": unit}
    entry["notebook"] = os.environ.get("MMGEN_NOTEBOOK", "")
    RECORDED.append(entry)
    target = os.environ.get("MMGEN_RESULTS")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        with open(target, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
    return value


def meets_floor(entry: dict) -> bool:
    """Whether a recorded entry reaches its floor (True when it has none)."""
    if not isinstance(entry, dict) or "value" not in entry:
        raise TypeError(f"entry must be a dict with a 'value' (as record writes it), got {entry!r}")
    for key in ("value", "floor"):
        if entry.get(key) is not None:
            check_number(key, entry[key])
    if entry.get("floor") is None:
        return True
    return entry["value"] >= entry["floor"] if entry.get("higher_is_better", True) else entry["value"] <= entry["floor"]
