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
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import front_matter  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


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
    nbformat.write(notebook, path)
    return seconds


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
