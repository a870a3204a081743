"""Rerun chapters with other seeds and record every headline figure per seed.

    python scripts/seeds.py [--seeds 0,1,2] [--readme] [notebooks ...]

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
from benchmark import cell, machine  # noqa: E402
from execute_notebooks import ROOT, run_notebook  # noqa: E402

from mmgen_helpers.record import meets_floor  # noqa: E402

RESULTS = ROOT / "results" / "seeds.json"
START, END = "<!-- seeds:start -->", "<!-- seeds:end -->"


def run_with_seed(path: Path, seed: int, timeout: int) -> dict:
    """Run one notebook cold with ``MMGEN_SEED=seed``; its seconds, figures and the error that stopped it."""
    os.environ["MMGEN_SEED"] = str(seed)
    with tempfile.TemporaryDirectory() as tmp:
        figures_file = Path(tmp) / "figures.jsonl"
        error = None
        try:
            _, seconds = run_notebook(path, timeout, figures_file)
        except CellExecutionError as failure:
            seconds = None
            lines = [line for line in str(failure).splitlines() if line.strip()]
            error = lines[-1][:300] if lines else type(failure).__name__
        finally:
            os.environ.pop("MMGEN_SEED", None)
        figures = [json.loads(line) for line in figures_file.read_text().splitlines()] if figures_file.exists() else []
    return {"seconds": None if seconds is None else round(seconds, 1), "figures": figures, "error": error}


def worst(values: list[float], higher_is_better: bool) -> float:
    return min(values) if higher_is_better else max(values)


def table(report: dict) -> str:
    """Markdown: every figure with a floor, its value per seed, the worst of them and the floor."""
    seeds = sorted({int(s) for runs in report["notebooks"].values() for s in runs})
    header = "| notebook | figure | " + " | ".join(f"seed {s}" for s in seeds) + " | worst | floor |"
    rows = [header, "|---|---|" + "---:|" * (len(seeds) + 2)]
    failures = []
    for name, runs in report["notebooks"].items():
        by_figure: dict[str, dict] = {}
        for seed, run in runs.items():
            if run["error"]:
                failures.append(f"`{name}` with seed {seed} stopped: {cell(run['error'])}")
            for figure in run["figures"]:
                if figure["floor"] is not None:
                    by_figure.setdefault(figure["name"], {"figure": figure, "values": {}})["values"][int(seed)] = figure["value"]
        for figure_name, entry in by_figure.items():
            figure, values = entry["figure"], entry["values"]
            low = worst(list(values.values()), figure["higher_is_better"])
            mark = "" if meets_floor({**figure, "value": low}) else " ✗"
            sign = "≥" if figure["higher_is_better"] else "≤"
            row = [f"`{name}`", cell(figure_name)] + [f"{values[s]:.3g}" if s in values else "—" for s in seeds]
            rows.append("| " + " | ".join(row + [f"{low:.3g}{mark}", f"{sign} {figure['floor']:g}"]) + " |")
    m = report["machine"]
    rows.append(f"\nMeasured by `make seeds` on {m['cpu']} ({m['cores']} cores, {m['device']}), Python {m['python']}, "
                f"torch {m['torch']}. A dash: the run stopped before it recorded that figure.")
    rows += [f"\n{line}" for line in failures]
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
    args = parser.parse_args()
    paths = args.notebooks or generated.notebook_paths()
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"notebooks": {}}
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
    failed = [(n, s) for n, runs in report["notebooks"].items() for s, r in runs.items() if r["error"]]
    missed = "✗" in table(report)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
