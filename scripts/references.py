"""Citations and each chapter's *Further reading*, from the one bibliography ``book/references.yml``.

    python scripts/references.py            # write every chapter's Further reading (make references)
    python scripts/references.py --check    # change nothing; list problems and exit 1 if there are any

The prose cites with a markdown link to an entry's key, ``[Goodfellow et al., 2014](#ref-goodfellow2014)``
(narrative: ``[Radford et al. (2016)](#ref-radford2016)``). The last cell of every chapter, tagged
``further-reading``, lists every work the chapter cites, with an anchor ``ref-KEY`` that the citations
jump to, and its authors, title, year, venue and a stable link (DOI, arXiv or the work's page).

``--check`` fails when a chapter

- mentions a publication year or an "et al." outside a citation (an "Author (year)" with nowhere to look
  it up),
- cites a key the bibliography lacks, or a citation's text does not name the entry's first author and year,
- has a Further reading cell that is missing or out of date;

and when a bibliography entry lacks a field or a link.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from generated import notebook_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIBLIOGRAPHY = ROOT / "book" / "references.yml"
TAG = "further-reading"
HEADING = "## Further reading"
CITATION = re.compile(r"\[(?P<text>[^\]]+)\]\(#ref-(?P<key>[\w-]+)\)")
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
REQUIRED = ("authors", "title", "year", "venue")
LINKS = ("doi", "arxiv", "url")


def load_bibliography(path: Path = BIBLIOGRAPHY) -> dict[str, dict]:
    """The entries by key, each checked for its fields and at least one link (ValueError otherwise)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, dict):
        raise ValueError(f"{path} must map keys to entries")
    for key, entry in entries.items():
        if not re.fullmatch(r"[a-z]+\d{4}[a-z]?", key):
            raise ValueError(f"{path}: key {key!r} must be the first author's name and the year, e.g. goodfellow2014")
        missing = [field for field in REQUIRED if not entry.get(field)]
        if missing:
            raise ValueError(f"{path}: entry {key} lacks {', '.join(missing)}")
        if not any(entry.get(field) for field in LINKS):
            raise ValueError(f"{path}: entry {key} has no link: give it a doi, an arxiv identifier or a url")
        if str(entry["year"]) not in key:
            raise ValueError(f"{path}: entry {key} says year {entry['year']}, its key another")
    return entries


def short_name(author: str) -> str:
    """'Goodfellow, Ian' -> 'Goodfellow, I.'; 'Zhu, Jun-Yan' -> 'Zhu, J.-Y.'; an organisation stays as it is."""
    if "," not in author:
        return author
    family, given = (part.strip() for part in author.split(",", 1))
    initials = " ".join("-".join(f"{piece[0]}." for piece in name.split("-") if piece) for name in given.split())
    return f"{family}, {initials}"


def link(entry: dict) -> str:
    if entry.get("doi"):
        return f"[doi:{entry['doi']}](https://doi.org/{entry['doi']})"
    if entry.get("arxiv"):
        return f"[arXiv:{entry['arxiv']}](https://arxiv.org/abs/{entry['arxiv']})"
    return f"<{entry['url']}>"


def format_entry(key: str, entry: dict) -> str:
    """One line of Further reading: anchor, authors (year). Title. *Venue*. Link."""
    names = [short_name(a) for a in entry["authors"]]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(names) > 8:
        authors = ", ".join(names[:6]) + " et al."
    title = entry["title"].rstrip(".")
    end = "" if title.endswith(("?", "!")) else "."
    links = [link(entry)]
    if entry.get("doi") and entry.get("arxiv"):
        links.append(f"[arXiv:{entry['arxiv']}](https://arxiv.org/abs/{entry['arxiv']})")
    note = f" {entry['note']}." if entry.get("note") else ""
    return (f'- <a id="ref-{key}"></a>{authors} ({entry["year"]}). {title}{end} *{entry["venue"]}*.{note} '
            f"{' · '.join(links)}")


def prose(source: str) -> str:
    """Markdown text with math, code, images, HTML tags and link targets removed (what a reader reads as words)."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", source, flags=re.S)
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def chapter_problems(notebook: nbformat.NotebookNode, entries: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(cited keys in order of first citation, problems) of one chapter's prose."""
    cited, problems = [], []
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or TAG in cell.metadata.get("tags", []):
            continue
        for match in CITATION.finditer(cell.source):
            key, text = match["key"], match["text"]
            if key not in entries:
                problems.append(f"cites {key!r}, which book/references.yml lacks")
                continue
            cited.append(key)
            entry = entries[key]
            first = entry["authors"][0]
            surname = first.split(",")[0].split()[-1] if "," in first else None
            if str(entry["year"]) not in text or (surname and surname not in text):
                problems.append(f"the citation [{text}] of {key} should name {surname or first} and {entry['year']}")
        outside = prose(CITATION.sub(" ", cell.source))
        for match in list(YEAR.finditer(outside)) + list(re.finditer(r"\bet al\.?", outside)):
            around = " ".join(outside[max(0, match.start() - 50):match.end() + 10].split())
            problems.append(f"an uncited mention ({match.group(0)!r} in '…{around}…'): cite it as [Author, year](#ref-key)")
    return list(dict.fromkeys(cited)), problems


def further_reading(keys: list[str], entries: dict[str, dict]) -> str:
    ordered = sorted(keys, key=lambda k: (entries[k]["authors"][0].lower(), entries[k]["year"], entries[k]["title"]))
    lines = [HEADING, "", "The works this chapter cites, with a link to each.", ""]
    return "\n".join(lines + [format_entry(key, entries[key]) for key in ordered])


def with_further_reading(notebook: nbformat.NotebookNode, entries: dict[str, dict]) -> nbformat.NotebookNode:
    """A copy whose last cell is the up-to-date Further reading (added when missing)."""
    notebook = nbformat.from_dict(notebook)
    keys, _ = chapter_problems(notebook, entries)
    source = further_reading(keys, entries)
    cells = [cell for cell in notebook.cells if TAG in cell.metadata.get("tags", [])]
    if cells:
        cells[0].source = source
        notebook.cells = [c for c in notebook.cells if c is not cells[0]] + [cells[0]]
    else:
        notebook.cells.append(nbformat.v4.new_markdown_cell(source, metadata={"tags": [TAG]}))
    return notebook


def update(root: Path = ROOT, write: bool = True) -> tuple[list[str], list[str]]:
    """(files changed or out of date, problems found); writes the Further reading cells when ``write``."""
    entries = load_bibliography(root / "book" / "references.yml")
    changed, problems = [], []
    for path in notebook_paths(root):
        name = path.relative_to(root).as_posix()
        notebook = nbformat.read(path, as_version=4)
        keys, found = chapter_problems(notebook, entries)
        problems += [f"{name}: {problem}" for problem in found]
        if not keys:
            problems.append(f"{name}: cites no work; every chapter ends with Further reading")
        updated = with_further_reading(notebook, entries)
        if updated != notebook:
            changed.append(name)
            if write:
                nbformat.write(updated, path)
    return changed, problems


def main() -> int:
    args = generated.parser(__doc__, "change nothing; exit 1 on any problem").parse_args()
    changed, problems = update(write=not args.check)
    if problems:
        print("\n".join(problems))
    if args.check:
        stale = [f"out of date: the Further reading of {name} (run `make references`)" for name in changed]
        print("\n".join(stale) or ("" if problems else "references are up to date"))
        return 1 if changed or problems else 0
    print("\n".join(f"updated {name}" for name in changed) or "nothing to update")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
