"""Draw the book's diagrams and embed them in the notebooks that show them.

    python scripts/diagrams.py            # render every diagram, update the notebooks (make diagrams)
    python scripts/diagrams.py --check    # change nothing; list what is stale and exit 1 if anything is

A diagram is one small file, ``book/diagrams/NAME.py``, that defines ``ALT`` (its alt text) and
``draw()`` (a :class:`book_style.Diagram`); ``book/diagrams/book_style.py`` holds the book's one
visual style.
A notebook shows the diagram with one line in a markdown cell,

    ![](attachment:NAME.png)

and this script fills in the alt text from ``ALT`` and stores the rendered PNG as that cell's
attachment. Attachments travel inside the .ipynb, so the picture shows wherever the notebook is
opened on its own: JupyterLab, Colab (which opens only the .ipynb), GitHub's notebook view, and
the HTML book (``scripts/build_html.py`` writes them out as image files).

A diagram counts as stale when its embedded picture differs from a fresh rendering (compared pixel by
pixel, so that byte-level differences of PNG encoders do not matter) or its alt text from ``ALT``.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from generated import notebook_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DIAGRAMS = ROOT / "book" / "diagrams"
REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(attachment:(?P<name>[\w-]+)\.png\)")
BLOCK = 8  # pictures are compared block by block, so that a moved label or arrow counts as a change,
TOLERANCE = 0.02  # while antialiasing noise (block means within 0.02 on a 0-1 scale) does not


def sources(folder: Path = DIAGRAMS) -> dict[str, Path]:
    """Every diagram's source file by name (the style module is not a diagram)."""
    return {path.stem: path for path in sorted(folder.glob("*.py")) if path.stem != "book_style"}


def load(name: str, folder: Path = DIAGRAMS) -> ModuleType:
    """Import ``folder/name.py``; it sees the style module and the book's helpers."""
    path = sources(folder).get(name)
    if path is None:
        raise ValueError(f"no diagram called {name!r}: expected a file {folder / (name + '.py')}")
    for entry in (str(folder), str(ROOT)):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    spec = importlib.util.spec_from_file_location(f"diagram_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not isinstance(getattr(module, "ALT", None), str) or len(module.ALT.split()) < 8:
        raise ValueError(f"{path}: ALT must be alt text of at least eight words describing the diagram")
    if not callable(getattr(module, "draw", None)):
        raise ValueError(f"{path}: define draw(), returning a book_style.Diagram")
    return module


def render(name: str, folder: Path = DIAGRAMS) -> tuple[bytes, str]:
    """(PNG bytes, alt text) of one diagram."""
    module = load(name, folder)
    return importlib.import_module("book_style").png(module.draw().fig), " ".join(module.ALT.split())


def pixels(png: bytes) -> np.ndarray:
    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3]


def block_means(picture: np.ndarray) -> np.ndarray:
    """Mean colour of each BLOCK x BLOCK tile (the picture padded with white to whole tiles)."""
    height, width = (-(-n // BLOCK) * BLOCK for n in picture.shape[:2])
    padded = np.ones((height, width, 3), dtype=np.float32)
    padded[: picture.shape[0], : picture.shape[1]] = picture
    return padded.reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK, 3).mean(axis=(1, 3))


def same_picture(a: bytes, b: bytes) -> bool:
    """True when two renderings differ nowhere by more than antialiasing noise."""
    first, second = pixels(a), pixels(b)
    if first.shape != second.shape:
        return False
    return float(np.abs(block_means(first) - block_means(second)).max()) < TOLERANCE


def shown(notebook: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """(cell index, diagram name, alt text as written) of every diagram a notebook's markdown shows."""
    return [(i, m["name"], m["alt"]) for i, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"
            for m in REFERENCE.finditer(cell.source)]


def with_diagrams(notebook: nbformat.NotebookNode, rendered: dict[str, tuple[bytes, str]]) -> nbformat.NotebookNode:
    """A copy whose diagram cells carry the given renderings as attachments and ``ALT`` as alt text.

    An attachment that already shows the same picture is kept byte for byte (no churn in git).
    """
    notebook = nbformat.from_dict(notebook)
    for index in sorted({i for i, _, _ in shown(notebook)}):
        cell = notebook.cells[index]
        old = cell.get("attachments", {})
        names = [m["name"] for m in REFERENCE.finditer(cell.source)]
        attachments = {}
        for name in names:
            png, _ = rendered[name]
            key = f"{name}.png"
            previous = old.get(key, {}).get("image/png")
            keep = previous is not None and same_picture(base64.b64decode(previous), png)
            attachments[key] = {"image/png": previous if keep else base64.b64encode(png).decode("ascii")}
        cell.source = REFERENCE.sub(lambda m: f"![{rendered[m['name']][1]}](attachment:{m['name']}.png)", cell.source)
        cell["attachments"] = attachments
    return notebook


def update(root: Path = ROOT, write: bool = True) -> list[str]:
    """Render every diagram and bring the notebooks up to date; returns what was (or would be) changed.

    Raises ValueError for a notebook that names a diagram with no source, or a source no notebook shows.
    """
    folder = root / "book" / "diagrams"
    available = sources(folder)
    notebooks = {path: nbformat.read(path, as_version=4) for path in notebook_paths(root)}
    used = {name for notebook in notebooks.values() for _, name, _ in shown(notebook)}
    if missing := sorted(used - set(available)):
        raise ValueError(f"notebooks show diagrams with no source in {folder}: {missing}")
    if unused := sorted(set(available) - used):
        raise ValueError(f"diagrams that no notebook shows (add ![](attachment:NAME.png) to a markdown cell): {unused}")
    rendered = {name: render(name, folder) for name in sorted(used)}
    changed = []
    for path, notebook in notebooks.items():
        updated = with_diagrams(notebook, rendered)
        if updated != notebook:
            changed.append(path.relative_to(root).as_posix())
            if write:
                nbformat.write(updated, path)
    return changed


def main() -> int:
    parser = generated.parser(__doc__, "change nothing; exit 1 if a diagram is stale")
    parser.add_argument("--preview", type=Path, metavar="FOLDER", help="only write NAME.png files there, for a look")
    parser.add_argument("names", nargs="*", help="with --preview: the diagrams to draw (default: all)")
    args = parser.parse_args()
    if args.preview:
        args.preview.mkdir(parents=True, exist_ok=True)
        for name in args.names or sources():
            (args.preview / f"{name}.png").write_bytes(render(name)[0])
            print(args.preview / f"{name}.png")
        return 0
    return generated.run(update, args.check, "stale diagrams in {} (run `make diagrams`)", "diagrams are up to date")


if __name__ == "__main__":
    sys.exit(main())
