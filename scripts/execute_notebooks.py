"""Execute notebooks in place, top to bottom, from a cold cache, keeping outputs and timings.

    python scripts/execute_notebooks.py [notebooks/01_multimodal_data.ipynb ...]

Each notebook runs in a fresh kernel with its working directory set to ``notebooks/``, a new
empty ``MMGEN_CACHE`` (nothing trained earlier is reused) and ``MMGEN_RESULTS`` pointing at
``results/<notebook>.jsonl``, where :func:`mmgen_helpers.record.record` writes the headline
figures. Cell timings are stored in each cell's metadata (nbclient's ``record_timing``) and the
wall time of the whole notebook in ``results/runtimes.json``, which the teachers' page then shows
(``scripts/front_matter.py``).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import front_matter  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def run_notebook(path: Path, timeout: int, results: Path) -> tuple[nbformat.NotebookNode, float]:
    """Run one notebook top to bottom in a fresh kernel and an empty cache; returns it and its wall time.

    Headline figures that the notebook records go to ``results`` (replaced, not appended to).
    """
    notebook = nbformat.read(path, as_version=4)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mmgen-cache-") as cache:
        os.environ.update(MMGEN_CACHE=cache, MMGEN_RESULTS=str(results), MMGEN_NOTEBOOK=path.stem)
        client = NotebookClient(
            notebook, timeout=timeout, kernel_name="python3", record_timing=True,
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    return notebook, seconds


def execute(path: Path, timeout: int) -> float:
    """Run one notebook in place; returns its wall time in seconds."""
    notebook, seconds = run_notebook(path, timeout, ROOT / "results" / f"{path.stem}.jsonl")
    nbformat.write(final_progress_bars(notebook), path)
    return seconds


def final_progress_bars(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Show every tqdm progress bar as it ended, also where widgets are not drawn (and say what other widgets are).

    A tqdm bar in a notebook is a widget; its stored text form (what GitHub, the HTML book and a
    JupyterLab without the widget's state show) is the bar as it *started*, at 0%. The widget state
    that nbclient saves holds the final count, so the text form is rewritten from it.
    """
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                continue
            parts = progress_parts(state, view["model_id"])
            if parts is None:  # sliders and other controls: their repr means nothing on a static page
                output["data"]["text/plain"] = "(interactive controls: run the notebook to use them)"
                continue
            label, bar, numbers = parts
            value, total = bar["value"], bar["max"]
            share = value / total if total else 1.0
            count = f"{int(value)}/{int(total)}"
            details = re.sub(r"^\s*\d+/\d+", "", text_of(numbers["value"])).strip()
            details = re.sub(r"\[[^\]]*\?[^\]]*\]", "", details).strip()  # never refreshed: no rate
            if value >= total:  # the last refresh came just before the end: nothing is left to do
                details = re.sub(r"<\d+:\d+", "<00:00", details)
            name = re.sub(r"\s*\d+%$", "", text_of(label["value"])).strip()
            text = f"{name} {share:4.0%}|{'█' * round(10 * share):<10}| {count} {details}".strip()
            output["data"]["text/plain"] = text
            label["value"] = f"{name} {share:4.0%}"
            numbers["value"] = f" {count} {details}"
    return notebook


def progress_parts(state: dict, model_id: str) -> tuple[dict, dict, dict] | None:
    """The (label, progress, numbers) widget states of a tqdm bar, or None for any other widget."""
    model = state.get(model_id, {})
    children = [state.get(c.removeprefix("IPY_MODEL_"), {}) for c in model.get("state", {}).get("children", [])]
    names = [child.get("model_name") for child in children]
    if model.get("model_name") != "HBoxModel" or names != ["HTMLModel", "FloatProgressModel", "HTMLModel"]:
        return None
    return tuple(child["state"] for child in children)


def text_of(widget_html: str) -> str:
    """The plain text of a tqdm label (HTML-escaped, with figure spaces)."""
    return html.unescape(widget_html).replace("\u2007", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed per cell")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for path in paths:
        seconds = execute(path.resolve(), args.timeout)
        print(f"{path.name}: {seconds:.1f} s")
        store_runtime(path.stem, seconds)
    front_matter.update()  # the teachers' page shows the chapter times
    return 0


def store_runtime(name: str, seconds: float, runtimes_file: Path = ROOT / "results" / "runtimes.json") -> None:
    """Record one notebook's wall time in ``results/runtimes.json`` (the other notebooks' entries stay)."""
    runtimes = json.loads(runtimes_file.read_text()) if runtimes_file.exists() else {}
    runtimes[name] = {
        "seconds": round(seconds, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    runtimes_file.parent.mkdir(exist_ok=True)
    runtimes_file.write_text(json.dumps(dict(sorted(runtimes.items())), indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
