"""Which chapters use which helper module: ``mmgen_helpers/chapters.json``, shipped with the package.

    python scripts/chapter_index.py            # rewrite it (make chapter-index)
    python scripts/chapter_index.py --check    # change nothing; exit 1 if it is out of date

Chapter 11's tour of the helpers shows, for each module, the chapters whose code cells import it
(``from mmgen_helpers.x import ...`` or ``from mmgen_helpers import ..., x``). The notebooks are not
part of the package, so on Colab, where only one notebook is open, the tour reads this index instead;
the tests keep it in step with the notebooks.
"""

from __future__ import annotations

import json
import pkgutil
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from generated import ROOT, notebook_paths  # noqa: E402

INDEX = Path("mmgen_helpers") / "chapters.json"


def importers(module_name: str, notebooks: list[Path]) -> list[str]:
    """The chapter numbers (``"04"``) whose code cells import ``module_name``."""
    short = module_name.removeprefix("mmgen_helpers.")
    pattern = re.compile(rf"from {re.escape(module_name)}\b|from mmgen_helpers import [^\n]*\b{re.escape(short)}\b")
    return [path.name[:2] for path in notebooks
            if any(pattern.search(cell.source) for cell in nbformat.read(path, as_version=4).cells
                   if cell.cell_type == "code")]


def index(root: Path = ROOT) -> dict[str, list[str]]:
    """Every module of the package (as ``pkgutil`` walks it) mapped to the chapters that import it."""
    names = [info.name for info in pkgutil.walk_packages([str(root / "mmgen_helpers")], "mmgen_helpers.")]
    notebooks = notebook_paths(root)
    return {name: importers(name, notebooks) for name in sorted(names)}


def update(root: Path = ROOT, write: bool = True) -> list[str]:
    """Rewrite the index if it differs from the notebooks; returns ``[its path]`` if it did (or would)."""
    path = root / INDEX
    rows = [f" {json.dumps(name)}: {json.dumps(chapters)}" for name, chapters in index(root).items()]
    content = "{\n" + ",\n".join(rows) + "\n}\n"
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return []
    if write:
        path.write_text(content, encoding="utf-8")
    return [INDEX.as_posix()]


def main() -> int:
    args = generated.parser(__doc__, "change nothing; exit 1 if the index is out of date").parse_args()
    return generated.run(update, args.check, "out of date: {} (run `make chapter-index`)", "the chapter index is up to date")


if __name__ == "__main__":
    sys.exit(main())
