"""Rerun chapters with other seeds and record every headline figure per seed.

    python scripts/seeds.py [--seeds 0,1,2] [--readme] [notebooks ...]
    python scripts/seeds.py --table-only --readme      # the README's table from results/seeds.json, no runs

Each (notebook, seed) runs cold in a fresh kernel, like ``make benchmark``, with ``MMGEN_SEED``
set, which replaces the seed of the notebook's ``start_chapter`` call; the committed notebooks are
not touched. A run that stops at a failing ``assert`` is recorded with the cell and the error, and
with the figures it recorded before it stopped. Results are merged into ``results/seeds.json``
(a later run of some chapters or seeds replaces only those entries). With ``--readme`` the README's
seed table is rewritten: for each figure with a floor, its value for every recorded seed, the
worst of them, and the floor. The exit status is 1 if some run failed or a worst value misses its
floor.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from benchmark import cell, machine, recorded, stopped_at  # noqa: E402
from execute_notebooks import ROOT, run_notebook  # noqa: E402

from mmgen_helpers.record import meets_floor  # noqa: E402

RESULTS = ROOT / "results" / "seeds.json"
START, END = "<!-- seeds:start -->", "<!-- seeds:end -->"


def run_with_seed(path: Path, seed: int, timeout: int) -> dict:
    """Run one notebook cold with ``MMGEN_SEED=seed``; its seconds, figures and the error that stopped it."""
    os.environ["MMGEN_SEED"] = str(seed)
    with tempfile.TemporaryDirectory() as tmp:
        figures_file = Path(tmp) / "figures.jsonl"
        seconds, error = None, None
        try:
            seconds = round(run_notebook(path, timeout, figures_file)[1], 1)
        except CellExecutionError as failure:
            error = stopped_at(failure)
        finally:
            os.environ.pop("MMGEN_SEED", None)
        return {"seconds": seconds, "figures": recorded(figures_file), "error": error}


def figures_with_floors(report: dict) -> list[dict]:
    """Per notebook and figure with a floor: its value for each seed, the worst of them, and whether that meets the floor."""
    rows = []
    for name, runs in sorted(report["notebooks"].items()):
        by_figure: dict[str, dict] = {}
        for seed, run in runs.items():
            for figure in run["figures"]:
                if figure["floor"] is not None:
                    entry = by_figure.setdefault(figure["name"], {"notebook": name, "figure": figure, "values": {}})
                    entry["values"][int(seed)] = figure["value"]
        for entry in by_figure.values():
            pick = min if entry["figure"]["higher_is_better"] else max
            entry["worst"] = pick(entry["values"].values())
            entry["meets"] = meets_floor({**entry["figure"], "value": entry["worst"]})
            rows.append(entry)
    return rows


def table(report: dict) -> str:
    """Markdown: every figure with a floor, its value per seed, the worst of them and the floor."""
    seeds = sorted({int(s) for runs in report["notebooks"].values() for s in runs})
    header = "| notebook | figure | " + " | ".join(f"seed {s}" for s in seeds) + " | worst | floor |"
    rows = [header, "|---|---|" + "---:|" * (len(seeds) + 2)]
    for entry in figures_with_floors(report):
        figure, values = entry["figure"], entry["values"]
        sign = "≥" if figure["higher_is_better"] else "≤"
        row = [f"`{entry['notebook']}`", cell(figure["name"])] + [f"{values[s]:.3g}" if s in values else "—" for s in seeds]
        rows.append("| " + " | ".join(row + [f"{entry['worst']:.3g}{'' if entry['meets'] else ' ✗'}",
                                            f"{sign} {figure['floor']:g}"]) + " |")
    m = report["machine"]
    rows.append(f"\nMeasured by `make seeds` on {m['cpu']} ({m['cores']} cores, {m['device']}), Python {m['python']}, "
                f"torch {m['torch']}. A dash: the run stopped before it recorded that figure.")
    rows += [f"\n`{name}` with seed {seed} stopped: {cell(run['error'])}"
             for name, runs in sorted(report["notebooks"].items()) for seed, run in runs.items() if run["error"]]
    return "\n".join(rows)


def seed_list(text: str) -> list[int]:
    """``"0,1,2"`` -> ``[0, 1, 2]``; seeds are non-negative integers."""
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(f"expected comma-separated non-negative integers, got {text!r}")
    return [int(part) for part in parts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--seeds", type=seed_list, default=[0, 1, 2], help="comma-separated, e.g. 0,1,2")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed per cell")
    parser.add_argument("--readme", action="store_true", help="rewrite the README's seed table")
    parser.add_argument("--table-only", action="store_true", help="run nothing: the table of the recorded runs")
    args = parser.parse_args()
    paths = [] if args.table_only else args.notebooks or generated.notebook_paths()
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"notebooks": {}}
    if paths:
        report["machine"] = machine()
    for path in paths:
        for seed in args.seeds:
            run = run_with_seed(path.resolve(), seed, args.timeout)
            report["notebooks"].setdefault(path.stem, {})[str(seed)] = run
            status = f"stopped: {run['error']}" if run["error"] else f"{run['seconds']:.0f} s"
            print(f"{path.stem}, seed {seed}: {status}, {len(run['figures'])} figures", flush=True)
            RESULTS.parent.mkdir(exist_ok=True)
            RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    if args.readme:
        readme = ROOT / "README.md"
        readme.write_text(generated.fill_between(readme.read_text(), START, END, table(report)))
    print(table(report))
    failed = any(run["error"] for runs in report["notebooks"].values() for run in runs.values())
    missed = not all(entry["meets"] for entry in figures_with_floors(report))
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
