"""Colab/Binder badges and set-up cells: written from [tool.mmgen], pointing at each notebook's own path."""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from test_scripts import load

links = load("links")
ROOT = links.ROOT
NOTEBOOKS = links.notebook_paths()


def test_everything_is_up_to_date_with_the_configured_repository():
    assert NOTEBOOKS, "no notebooks found"
    assert links.update(write=False) == [], "run `make links` (scripts/links.py) and commit the result"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_badges_and_setup_cell_point_at_this_notebook(path: Path):
    repo, branch = links.config()
    notebook = nbformat.read(path, as_version=4)
    relative = path.relative_to(ROOT).as_posix()
    badge_line = next(line for line in notebook.cells[0].source.split("\n") if line.startswith(links.BADGE_PREFIX))
    targets = re.findall(r"\]\((https://[^)]+)\)(?:\s|$)", badge_line)
    colab, binder = targets
    assert colab == f"https://colab.research.google.com/github/{repo}/blob/{branch}/{relative}"
    assert binder.startswith(f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath=")
    assert (ROOT / unquote(binder.split("labpath=")[1])).resolve() == path.resolve()
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert links.SETUP_TAG in first_code.metadata.get("tags", []), "the set-up cell must be the first code cell"
    assert f"git+https://github.com/{repo}@{branch}" in first_code.source


def test_readme_links_every_chapter():
    repo, branch = links.config()
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        relative = path.relative_to(ROOT).as_posix()
        assert f"{repo}/blob/{branch}/{relative})" in readme and f"labpath={relative.replace('/', '%2F')})" in readme, relative


def run_setup_cell(monkeypatch, on_colab: bool) -> list[list[str]]:
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: calls.append(command))
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", object())
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(links.setup_source("someone/book", "dev"), {})
    return calls


def test_setup_cell_installs_only_on_colab(monkeypatch):
    assert run_setup_cell(monkeypatch, on_colab=False) == []
    (command,) = run_setup_cell(monkeypatch, on_colab=True)
    assert command[1:4] == ["-m", "pip", "install"]
    assert command[-1] == "mmgen-helpers[notebooks] @ git+https://github.com/someone/book@dev"


def test_with_links_adds_then_keeps(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Chapter 0 — Test\n\nText."),
                                               nbformat.v4.new_code_cell("x = 1", execution_count=1)])
    once = links.with_links(notebook, "notebooks/00_test.ipynb", "someone/book", "dev")
    assert [cell.cell_type for cell in once.cells] == ["markdown", "code", "code"]
    assert once.cells[0].source.startswith("# Chapter 0 — Test\n\n[![Open in Colab]") and once.cells[0].source.endswith("\n\nText.")
    assert links.with_links(once, "notebooks/00_test.ipynb", "someone/book", "dev") == once  # idempotent
    moved = links.with_links(once, "notebooks/00_test.ipynb", "fork/book", "dev")
    assert "fork/book" in moved.cells[0].source and moved.cells[1].execution_count is None and len(moved.cells) == 3


def test_config_rejects_a_non_github_repository(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.mmgen]\nrepository = "https://gitlab.com/a/b"\nbranch = "main"\n')
    with pytest.raises(ValueError, match="https://github.com/OWNER/NAME"):
        links.config(pyproject)
    pyproject.write_text('[tool.mmgen]\nrepository = "https://github.com/a/b.git"\nbranch = ""\n')
    with pytest.raises(ValueError, match="branch"):
        links.config(pyproject)


def test_a_notebook_without_a_title_is_refused():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="markdown title"):
        links.with_links(notebook, "notebooks/x.ipynb", "a/b", "main")
