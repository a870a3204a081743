"""The book's benchmark: every notebook cold and serially, its wall time and headline figures.

    python scripts/benchmark.py [notebooks ...]

Each notebook runs in a fresh kernel with an empty cache. The committed notebooks are not touched
unless ``--in-place`` is given: then the same run also stores them with their outputs, like
``make execute``, so one pass both refreshes the book and measures it.
Writes ``results/benchmark.json`` (per notebook: seconds, the figures it recorded through
:func:`mmgen_helpers.record.record` with their floors, and the machine) and rewrites the table
between the benchmark markers in README.md. A run of some chapters replaces only their entries; a
chapter that stops at a failing cell is reported with the error, and the others still run. Budgets (the README's Benchmark section): each notebook <= 240 s on a 2-core
CPU, the whole book <= 1,800 s; the exit status is 1 if a figure misses its floor or a budget is blown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import front_matter  # noqa: E402
import generated  # noqa: E402
from execute_notebooks import ROOT, execute, run_notebook, store_runtime  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

from mmgen_helpers.record import meets_floor  # noqa: E402

NOTEBOOK_BUDGET, BOOK_BUDGET = 240.0, 1800.0
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


def machine() -> dict[str, str | int]:
    import torch

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "python": platform.python_version(), "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "device": device}


meets = meets_floor  # whether a recorded figure reaches its floor


def recorded(figures_file: Path) -> list[dict]:
    """The headline figures a notebook recorded there, one JSON line each (none if it recorded none)."""
    return [json.loads(line) for line in figures_file.read_text().splitlines()] if figures_file.exists() else []


def stopped_at(failure: CellExecutionError) -> str:
    """The last line of a failing cell's error (the assert or exception that stopped the notebook)."""
    lines = [line for line in str(failure).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(failure).__name__


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: a bare | would end the cell."""
    return text.replace("|", "\\|")


def table(report: dict) -> str:
    """Markdown table: chapter, runtime, each figure with its floor (✗ where the figure misses it)."""
    rows = ["| notebook | runtime (s) | headline figures (value / floor) |", "|---|---:|---|"]
    for name, result in report["notebooks"].items():
        figures = "; ".join(
            f"{cell(f['name'])}: {f['value']:.3g}"
            + (f" ({'≥' if f['higher_is_better'] else '≤'} {f['floor']:g}{'' if meets(f) else ' ✗'})" if f["floor"] is not None else "")
            for f in result["figures"]
        )
        seconds = "stopped" if result.get("error") else f"{result['seconds']:.0f}"
        rows.append(f"| `{name}` | {seconds} | {figures or '—'} |")
    m = report["machine"]
    rows.append(f"\nMeasured by `make benchmark` on {m['cpu']} ({m['cores']} cores, {m['device']}), Python {m['python']}, "
                f"torch {m['torch']}: the whole book in {report['total_seconds']:.0f} s.")
    return "\n".join(rows)


def update_readme(report: dict, readme: Path = ROOT / "README.md") -> None:
    try:
        readme.write_text(generated.fill_between(readme.read_text(), START, END, table(report)))
    except ValueError as error:
        raise SystemExit(f"README.md: {error}") from None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=1200)
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README table")
    parser.add_argument("--in-place", action="store_true",
                        help="also store each executed notebook and its figures in results/ (what make execute does)")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    out = ROOT / "results" / "benchmark.json"
    earlier = json.loads(out.read_text())["notebooks"] if out.exists() else {}
    report: dict = {"machine": machine(), "notebooks": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            figures_file = ROOT / "results" / f"{path.stem}.jsonl" if args.in_place else Path(tmp) / f"{path.stem}.jsonl"
            try:
                if args.in_place:  # the same run also refreshes the committed notebook, as make execute does
                    seconds = execute(path.resolve(), args.timeout)
                    store_runtime(path.stem, seconds)
                else:
                    _, seconds = run_notebook(path.resolve(), args.timeout, figures_file)
                error = None
            except CellExecutionError as failure:
                seconds, error = None, stopped_at(failure)
            figures = recorded(figures_file)
            report["notebooks"][path.stem] = {"seconds": None if seconds is None else round(seconds, 1), "figures": figures}
            if error:
                report["notebooks"][path.stem]["error"] = error
            print(f"{path.stem}: " + (f"stopped: {error}" if error else f"{seconds:.1f} s") + f", {len(figures)} figures", flush=True)
    report["notebooks"] = dict(sorted({**earlier, **report["notebooks"]}.items()))
    report["total_seconds"] = round(sum(r["seconds"] or 0 for r in report["notebooks"].values()), 1)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    if not args.no_readme:
        update_readme(report)
    if args.in_place:
        front_matter.update()  # the teachers' page shows the chapter times
    problems = [f"{n} stopped: {r['error']}" for n, r in report["notebooks"].items() if r.get("error")]
    problems += [f"{n}: {r['seconds']:.0f} s > {NOTEBOOK_BUDGET:.0f} s" for n, r in report["notebooks"].items() if (r["seconds"] or 0) > NOTEBOOK_BUDGET]
    problems += [f"{n}: {f['name']} = {f['value']:.3g} misses its floor {f['floor']}" for n, r in report["notebooks"].items() for f in r["figures"] if not meets(f)]
    if report["total_seconds"] > BOOK_BUDGET:
        problems.append(f"the book takes {report['total_seconds']:.0f} s > {BOOK_BUDGET:.0f} s")
    print("\n".join(problems) if problems else f"all budgets and floors met; the book took {report['total_seconds']:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
