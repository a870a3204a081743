"""Colab and Binder links and the Colab set-up cell, written from the one place that says where the book lives.

    python scripts/links.py            # write the badges and set-up cells into every notebook, and the README links
    python scripts/links.py --check    # change nothing; list what is out of date and exit 1 if anything is

The repository and branch are ``[tool.mmgen]`` in ``pyproject.toml``; a fork changes them there and
runs ``make links``. Each notebook gets

- a line of badges under its title: *Open in Colab* and *Launch Binder*, both for that notebook;
- a first code cell (tagged ``colab-setup``) that, on Colab, pip-installs the helper package with
  the notebooks' extra dependencies from the repository, and anywhere else does nothing.

The README gets a Binder badge for the whole book under its title, and Colab / Binder links in the
last column of its chapter table; ``CITATION.cff`` gets the repository's address.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generated  # noqa: E402
from generated import notebook_paths  # noqa: E402

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SETUP_TAG = "colab-setup"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
BADGE_PREFIX = "[![Open in Colab]"
README_BADGE_PREFIX = "[![Launch Binder]"


def config(pyproject: Path = ROOT / "pyproject.toml") -> tuple[str, str]:
    """(owner/name on GitHub, branch) from ``[tool.mmgen]``; a clear error if it is missing or malformed."""
    table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("mmgen", {})
    repository, branch = table.get("repository", ""), table.get("branch", "")
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", repository)
    if not match:
        raise ValueError(f"[tool.mmgen] repository in {pyproject} must be https://github.com/OWNER/NAME, got {repository!r}")
    if not re.fullmatch(r"[\w./-]+", branch):
        raise ValueError(f"[tool.mmgen] branch in {pyproject} must be a branch name such as 'main', got {branch!r}")
    return match.group(1), branch


def colab_url(notebook: str, repo: str, branch: str) -> str:
    """Colab's address for ``notebook`` (a path from the repository root, e.g. ``notebooks/04_gan.ipynb``)."""
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{notebook}"


def binder_url(notebook: str | None, repo: str, branch: str) -> str:
    """Binder's address, opening ``notebook`` in JupyterLab (or the notebooks folder when None)."""
    return f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath={quote(notebook or 'notebooks', safe='')}"


def badges(notebook: str, repo: str, branch: str) -> str:
    return (f"{BADGE_PREFIX}({COLAB_BADGE})]({colab_url(notebook, repo, branch)}) "
            f"[![Launch Binder]({BINDER_BADGE})]({binder_url(notebook, repo, branch)})")


def setup_source(repo: str, branch: str) -> str:
    """The set-up cell: installs the helpers on Colab, nothing anywhere else."""
    requirement = f"mmgen-helpers[notebooks] @ git+https://github.com/{repo}@{branch}"
    return ("# Set-up. On Colab this installs the book's helpers (about a minute); anywhere else it does nothing.\n"
            "import subprocess\nimport sys\n\n"
            'if "google.colab" in sys.modules:\n'
            f'    requirement = "{requirement}"\n'
            '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", requirement], check=True)')


def with_links(notebook: nbformat.NotebookNode, path: str, repo: str, branch: str) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with its badge line and set-up cell up to date (added when missing)."""
    notebook = nbformat.from_dict(notebook)  # a copy
    title = notebook.cells[0]
    if title.cell_type != "markdown" or not title.source.startswith("# "):
        raise ValueError(f"{path}: the first cell must be the markdown title ('# Chapter ...')")
    lines = [line for line in title.source.split("\n") if not line.startswith(BADGE_PREFIX)]
    body = "\n".join(lines[1:]).lstrip("\n")
    title.source = f"{lines[0]}\n\n{badges(path, repo, branch)}\n\n{body}"
    source = setup_source(repo, branch)
    existing = [i for i, cell in enumerate(notebook.cells) if SETUP_TAG in cell.metadata.get("tags", [])]
    if existing:
        cell = notebook.cells[existing[0]]
        if cell.source != source:
            cell.source, cell.outputs, cell.execution_count = source, [], None  # changed: to be executed again
    else:
        notebook.cells.insert(1, nbformat.v4.new_code_cell(source, metadata={"tags": [SETUP_TAG]}))
    return notebook


def readme_with_links(text: str, notebooks: list[str], repo: str, branch: str) -> str:
    """README text with the book's Binder badge under the title and links in each chapter row."""
    lines = [line for line in text.split("\n") if not line.startswith(README_BADGE_PREFIX)]
    book_badge = f"{README_BADGE_PREFIX}({BINDER_BADGE})]({binder_url(None, repo, branch)})"
    lines[1:1] = ["", book_badge]
    while lines[3] == "" and lines[4] == "":
        del lines[3]
    for path in notebooks:
        stem = Path(path).stem
        row = re.compile(rf"^\| \[`{re.escape(stem)}`\]\({re.escape(path)}\) \|(.*)\|[^|]*\|$")
        for i, line in enumerate(lines):
            if match := row.match(line):
                links = f"[Colab]({colab_url(path, repo, branch)}) · [Binder]({binder_url(path, repo, branch)})"
                lines[i] = f"| [`{stem}`]({path}) |{match.group(1)}| {links} |"
    return "\n".join(lines)


def citation_with_links(text: str, repo: str) -> str:
    """CITATION.cff text with the repository's address in ``repository-code`` and the book's ``url``."""
    address = f"https://github.com/{repo}"
    text = re.sub(r'^repository-code: ".*"$', f'repository-code: "{address}"', text, flags=re.M)
    return re.sub(r'^(  url: )".*"$', rf'\g<1>"{address}"', text, flags=re.M)


def update(root: Path = ROOT, write: bool = True) -> list[str]:
    """Bring badges, set-up cells and README links up to date; returns the files that were (or would be) changed."""
    repo, branch = config(root / "pyproject.toml")
    changed = []
    paths = notebook_paths(root)
    for path in paths:
        relative = path.relative_to(root).as_posix()
        notebook = nbformat.read(path, as_version=4)
        updated = with_links(notebook, relative, repo, branch)
        if updated != notebook:
            changed.append(relative)
            if write:
                nbformat.write(updated, path)
    readme = root / "README.md"
    text = readme.read_text()
    updated_text = readme_with_links(text, [p.relative_to(root).as_posix() for p in paths], repo, branch)
    if updated_text != text:
        changed.append("README.md")
        if write:
            readme.write_text(updated_text)
    citation = root / "CITATION.cff"
    if citation.exists():
        text = citation.read_text()
        updated_text = citation_with_links(text, repo)
        if updated_text != text:
            changed.append("CITATION.cff")
            if write:
                citation.write_text(updated_text)
    return changed


def main() -> int:
    args = generated.parser(__doc__, "change nothing; exit 1 if anything is out of date").parse_args()
    status = generated.run(update, args.check, "out of date: {} (run `make links`)", "links are up to date")
    if not args.check:
        print("Notebooks whose set-up cell is new or changed must be executed again (make execute).")
    return status


if __name__ == "__main__":
    sys.exit(main())
