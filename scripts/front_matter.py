"""The generated parts of the front matter: the map from the outline to the book, and chapter times.

    python scripts/front_matter.py            # rewrite them (make front-matter)
    python scripts/front_matter.py --check    # change nothing; exit 1 if anything is out of date

- ``README.md``, between ``<!-- outline:start -->`` and ``<!-- outline:end -->``: a table of every
  section of the outline (its Chinese title and an English translation) and the chapter and sections of
  the book that implement it, from ``book/outline.yml``. The HTML book's front page shows the same
  table with links into the pages (:func:`outline_table` with ``html=True``).
- ``book/teachers.md``, between ``<!-- times:start -->`` and ``<!-- times:end -->``: each chapter's
  runtime from ``results/runtimes.json`` (written by ``make execute`` and ``make benchmark``).

Every section the outline map names must be a heading of its notebook (a ValueError says which is not).
"""

from __future__ import annotations

import json
import math
import re
import sys
from html import escape
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from generated import notebook_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTLINE = ROOT / "book" / "outline.yml"
MARKERS = {"outline": ("<!-- outline:start -->", "<!-- outline:end -->"),
           "times": ("<!-- times:start -->", "<!-- times:end -->")}


def headings(path: Path) -> list[str]:
    """Every markdown heading of a notebook, without the leading #s."""
    notebook = nbformat.read(path, as_version=4)
    return [line.lstrip("#").strip() for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.split("\n") if re.match(r"#{1,6} ", line)]


def chapter_title(path: Path) -> str:
    """'Chapter 4 — Generative adversarial networks' -> 'Generative adversarial networks'."""
    return headings(path)[0].split("—", 1)[-1].strip()


def load_outline(root: Path = ROOT) -> list[dict]:
    """The outline's rows, each section checked against the headings of its notebook."""
    rows = yaml.safe_load((root / "book" / "outline.yml").read_text(encoding="utf-8"))
    for row in rows:
        if not all(row.get(k) for k in ("number", "zh", "en")):
            raise ValueError(f"book/outline.yml: every row needs number, zh and en: {row}")
        if "." not in row["number"]:
            continue
        path = root / "notebooks" / f"{row.get('notebook')}.ipynb"
        if not path.exists():
            raise ValueError(f"book/outline.yml: section {row['number']} names a missing notebook {path.name}")
        present = headings(path)
        for section in row.get("sections") or []:
            if section not in present:
                raise ValueError(f"book/outline.yml: section {row['number']} links {path.stem} § '{section}', "
                                 "which is no longer a heading there")
        if not row.get("sections"):
            raise ValueError(f"book/outline.yml: section {row['number']} names no section of {path.stem}")
    return rows


def anchor(heading: str) -> str:
    """The id the HTML book gives a heading (docutils' rule: lower case, words joined by hyphens)."""
    from docutils.nodes import make_id

    return make_id(heading)


def outline_table(rows: list[dict], html: bool = False) -> str:
    """The map as a markdown table; links go to the notebooks (README) or into the HTML pages."""
    lines = ["| outline | 大纲 | in English | in this book |", "|---|---|---|---|"]
    for row in rows:
        if "." not in row["number"]:
            chapters = sorted({int(r["notebook"][:2]) for r in rows
                               if r["number"].split(".")[0] == row["number"] and "." in r["number"]})
            span = f"chapter {chapters[0]}" if len(chapters) == 1 else f"chapters {chapters[0]}–{chapters[-1]}"
            lines.append(f"| **{row['number']}** | **{row['zh']}** | **{row['en']}** | {span} |")
            continue
        stem = row["notebook"]
        if html:  # inline HTML: MyST would treat a '.html#...' target as a cross-reference to resolve
            links = [f'<a href="notebooks/{stem}.html#{anchor(s)}">§'
                     + re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(s, quote=False)) + "</a>"
                     for s in row["sections"]]
            where = f"chapter {int(stem[:2])}: " + "; ".join(links)
        else:
            where = f"[chapter {int(stem[:2])}](notebooks/{stem}.ipynb): " + "; ".join(f"§{s}" for s in row["sections"])
        lines.append(f"| {row['number']} | {row['zh']} | {row['en']} | {where} |")
    return "\n".join(lines)


def times_table(root: Path = ROOT) -> str:
    """Chapter, title and runtime, from results/runtimes.json."""
    runtimes = json.loads((root / "results" / "runtimes.json").read_text())
    lines = ["| chapter | notebook | minutes |", "|---|---|---:|"]
    machines = set()
    chapters = notebook_paths(root)
    for path in chapters:
        entry = runtimes.get(path.stem)
        minutes = f"{math.floor(entry['seconds'] / 6 + 0.5) / 10:.1f}" if entry else "not measured"  # half up
        if entry:
            machines.add(entry["machine"])
        lines.append(f"| {int(path.stem[:2])} {chapter_title(path)} | `{path.stem}` | {minutes} |")
    total = sum(runtimes[p.stem]["seconds"] for p in chapters if p.stem in runtimes)
    lines.append(f"\nThe whole book: {total / 60:.0f} minutes, on {'; '.join(sorted(machines))}.")
    return "\n".join(lines)


def fill(text: str, name: str, content: str) -> str:
    """``text`` with its ``name`` section (see MARKERS) replaced by ``content``."""
    return generated.fill_between(text, *MARKERS[name], content)


def update(root: Path = ROOT, write: bool = True) -> list[str]:
    """Bring the generated parts up to date; returns the files that were (or would be) changed."""
    rows = load_outline(root)
    targets = {root / "README.md": ("outline", outline_table(rows)),
               root / "book" / "teachers.md": ("times", times_table(root))}
    changed = []
    for path, (name, content) in targets.items():
        text = path.read_text(encoding="utf-8")
        updated = fill(text, name, content)
        if updated != text:
            changed.append(path.relative_to(root).as_posix())
            if write:
                path.write_text(updated, encoding="utf-8")
    return changed


def main() -> int:
    args = generated.parser(__doc__, "change nothing; exit 1 if anything is out of date").parse_args()
    return generated.run(update, args.check, "out of date: {} (run `make front-matter`)", "front matter is up to date")


if __name__ == "__main__":
    sys.exit(main())
