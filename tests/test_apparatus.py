"""The book's apparatus: diagrams, references, the outline map, front matter, folded solutions, alt text,
text that speaks to the reader, and notebook code a projector can show."""

import base64
import json
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from test_scripts import load

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
diagrams, references, front_matter = load("diagrams"), load("references"), load("front_matter")
chapter_index = load("chapter_index")


def markdown_cells():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                yield path.name, cell.source


# -- diagrams ---------------------------------------------------------------------------------------
def test_every_diagram_is_current_and_shown():
    import matplotlib

    pinned = re.search(r"^matplotlib==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M).group(1)
    if matplotlib.__version__ != pinned:  # another version places text a pixel or two apart
        pytest.skip(f"the committed diagrams were drawn with matplotlib {pinned} (constraints.txt), not {matplotlib.__version__}")
    assert diagrams.update(write=False) == [], "a diagram or its alt text is stale: run `make diagrams`"


def test_diagram_sources_define_alt_text_and_use_the_book_style():
    for name, path in diagrams.sources().items():
        source = path.read_text()
        assert "from book_style import" in source, f"{name}: draw with book_style.Diagram (one style for the book)"
        module = diagrams.load(name)
        assert len(module.ALT.split()) >= 15, f"{name}: ALT should describe the diagram for a screen reader"


def fake_book(tmp_path: Path, alt: str = "A box labelled hello, drawn for the diagram test of the book") -> Path:
    folder = tmp_path / "book" / "diagrams"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "book" / "diagrams" / "book_style.py", folder)
    (folder / "demo.py").write_text(f'from book_style import Diagram\n\nALT = "{alt}"\n\n\ndef draw():\n'
                                    '    d = Diagram(3, 1)\n    d.box(1.5, 0.5, 2, 0.6, "hello")\n    return d\n')
    (tmp_path / "notebooks").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Look:\n\n![](attachment:demo.png)")])
    nbformat.write(notebook, tmp_path / "notebooks" / "01_demo.ipynb")
    return tmp_path


def test_diagram_mechanism_embeds_and_detects_staleness(tmp_path):
    root = fake_book(tmp_path)
    assert diagrams.update(root, write=False) == ["notebooks/01_demo.ipynb"]
    assert diagrams.update(root, write=True) == ["notebooks/01_demo.ipynb"]
    cell = nbformat.read(root / "notebooks" / "01_demo.ipynb", as_version=4).cells[0]
    assert cell.source.startswith("Look:\n\n![A box labelled hello")
    assert base64.b64decode(cell.attachments["demo.png"]["image/png"])[:4] == b"\x89PNG"
    assert diagrams.update(root, write=False) == []
    source = root / "book" / "diagrams" / "demo.py"
    source.write_text(source.read_text().replace('"hello"', '"goodbye"'))  # the picture changes
    assert diagrams.update(root, write=False) == ["notebooks/01_demo.ipynb"]
    diagrams.update(root, write=True)
    source.write_text(source.read_text().replace("d.box(1.5, 0.5,", "d.box(1.55, 0.5,"))  # a small move
    assert diagrams.update(root, write=False) == ["notebooks/01_demo.ipynb"]


def test_diagram_mechanism_refuses_missing_and_unused_sources(tmp_path):
    root = fake_book(tmp_path)
    (root / "book" / "diagrams" / "orphan.py").write_text((root / "book" / "diagrams" / "demo.py").read_text())
    with pytest.raises(ValueError, match="no notebook shows"):
        diagrams.update(root, write=False)
    (root / "book" / "diagrams" / "orphan.py").unlink()
    (root / "book" / "diagrams" / "demo.py").unlink()
    with pytest.raises(ValueError, match="no source"):
        diagrams.update(root, write=False)


# -- references -------------------------------------------------------------------------------------
def test_citations_and_further_reading_are_complete():
    changed, problems = references.update(write=False)
    assert not problems, "\n".join(problems)
    assert not changed, f"out of date Further reading in {changed}: run `make references`"


def test_every_chapter_ends_with_further_reading():
    for path in NOTEBOOKS:
        last = nbformat.read(path, as_version=4).cells[-1]
        assert last.source.startswith(references.HEADING) and "https://" in last.source, path.name


def test_reference_checker_finds_uncited_mentions_and_unknown_keys():
    entries = references.load_bibliography()
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("As Smith et al. (2020) showed, and [Goodfellow et al., 2014](#ref-goodfellow2014)."),
        nbformat.v4.new_markdown_cell("See [Nobody, 1999](#ref-nobody1999) and [Radford, 2016](#ref-goodfellow2014)."),
    ])
    cited, problems = references.chapter_problems(notebook, entries)
    assert cited == ["goodfellow2014"]
    assert any("uncited mention" in p and "2020" in p for p in problems)
    assert any("'nobody1999'" in p for p in problems)
    assert any("should name Goodfellow and 2014" in p for p in problems)


def test_bibliography_entries_need_a_link(tmp_path):
    entries = yaml.safe_load((ROOT / "book" / "references.yml").read_text())
    entry = dict(entries["goodfellow2014"])
    entry.pop("arxiv")
    (tmp_path / "refs.yml").write_text(yaml.safe_dump({"goodfellow2014": entry}))
    with pytest.raises(ValueError, match="no link"):
        references.load_bibliography(tmp_path / "refs.yml")


def test_further_reading_formats_authors_and_links():
    entries = references.load_bibliography()
    line = references.format_entry("isola2017", entries["isola2017"])
    assert line.startswith('- <a id="ref-isola2017"></a>Isola, P., Zhu, J.-Y., Zhou, T. and Efros, A. A. (2017).')
    assert "[arXiv:1611.07004](https://arxiv.org/abs/1611.07004)" in line


# -- the outline map and front matter ---------------------------------------------------------------
def test_front_matter_is_current_and_every_outline_section_exists():
    assert front_matter.update(write=False) == [], "run `make front-matter`"
    rows = front_matter.load_outline()  # raises when a linked heading is gone
    numbers = [row["number"] for row in rows]
    assert numbers[0] == "1" and numbers[-1] == "9.3" and len(numbers) == len(set(numbers))
    assert {n for n in numbers if "." not in n} == {str(i) for i in range(1, 10)}


def test_chapter_index_of_the_helpers_is_current():
    assert chapter_index.update(write=False) == [], "run `make chapter-index`"
    shipped = json.loads((ROOT / chapter_index.INDEX).read_text(encoding="utf-8"))
    import mmgen_helpers
    walked = {info.name for info in pkgutil.walk_packages(mmgen_helpers.__path__, "mmgen_helpers.")}
    assert set(shipped) == walked and "11" in shipped["mmgen_helpers.train"]


def test_outline_map_fails_when_a_heading_is_renamed(tmp_path):
    shutil.copytree(ROOT / "book", tmp_path / "book")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    path = tmp_path / "notebooks" / "04_gan.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace("## 4.1 The game", "## 4.1 A game")
    nbformat.write(notebook, path)
    with pytest.raises(ValueError, match="4.1 The game"):
        front_matter.load_outline(tmp_path)


def test_reading_aids_and_licences_exist():
    for page in ("notation", "teachers", "faq"):
        text = (ROOT / "book" / f"{page}.md").read_text()
        assert text.startswith("# ") and f"(book/{page}.md)" in (ROOT / "README.md").read_text()
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-TEXT.md").read_text()
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert citation["cff-version"] == "1.2.0" and citation["title"] and citation["authors"]
    assert f'version = "{citation["version"]}"' in pyproject
    assert f'repository = "{citation["repository-code"]}"' in pyproject


def commands(text: str) -> list[str]:
    """Shell commands from fenced blocks and from inline code that starts with make."""
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    inline = re.findall(r"`((?:[A-Z_]+=\S+ )*make [^`]+)`", text)
    lines = [line.strip() for block in blocks for line in block.replace("\\\n", " ").split("\n") if line.strip()]
    return lines + inline


def test_every_command_in_the_reading_aids_is_real():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    helpers = "\n".join(p.read_text() for p in (ROOT / "mmgen_helpers").rglob("*.py"))
    for page in ("book/faq.md", "book/teachers.md", "README.md"):
        for command in commands((ROOT / page).read_text()):
            words = command.split()
            for word in words:
                if re.fullmatch(r"[A-Z][A-Z_]+=\S*", word):
                    variable = word.split("=")[0]
                    assert variable in makefile or variable in helpers, f"{page}: {command}: unknown {variable}"
            if "make" in words:
                target = words[words.index("make") + 1]
                assert target in targets, f"{page}: `{command}`: the Makefile has no target {target}"
            for script in re.findall(r"scripts/\w+\.py", command):
                assert (ROOT / script).exists(), f"{page}: `{command}`: no {script}"
            for path in re.findall(r"notebooks/\w+\.ipynb", command):
                assert (ROOT / path).exists(), f"{page}: `{command}`: no {path}"


# -- text that speaks to the reader -------------------------------------------------------------------
BACKSTAGE = re.compile(
    r"\bthe seed'?s\b|\bseed of this book\b|\bthe seed (?:outline|document|article)\b|\bdesign'?s? floors?\b"
    r"|\bthe book'?s design\b|\bprototypes?\b|\bour runs?\b|\bruns we made\b|\bthe issue\b|\bBOOK\.md\b",
    re.I)


def test_no_backstage_words_in_the_text():
    found = [f"{name}: …{source[max(0, m.start() - 40):m.end() + 20]}…" for name, source in markdown_cells()
             for m in BACKSTAGE.finditer(source)]
    for page in ["README.md"] + [f"book/{p}.md" for p in ("notation", "teachers", "faq")]:
        text = (ROOT / page).read_text()
        found += [f"{page}: …{text[max(0, m.start() - 40):m.end() + 20]}…" for m in BACKSTAGE.finditer(text)]
    assert not found, "words a reader cannot know (say 'the outline', or state the fact):\n" + "\n".join(found)


def test_the_backstage_check_catches_what_it_should():
    for phrase in ("The seed's case study", "the design's floors", "the prototypes behind this book", "in our runs"):
        assert BACKSTAGE.search(phrase), phrase
    for phrase in ("the chapter's seed governs every random choice", "seed=0", "the outline's case study"):
        assert not BACKSTAGE.search(phrase), phrase


# -- code a class can read on a projector ------------------------------------------------------------
def test_notebook_code_fits_in_100_characters():
    ruff = Path(sys.executable).with_name("ruff")
    command = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    result = subprocess.run(command + ["check", "--select", "E501", "notebooks"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


# -- solutions out of sight ---------------------------------------------------------------------------
def test_solutions_are_folded_in_jupyterlab_colab_and_the_html_book():
    for path in NOTEBOOKS:
        solutions = [c for c in nbformat.read(path, as_version=4).cells if "solution" in c.metadata.get("tags", [])]
        assert solutions, path.name
        for cell in solutions:
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{path.name}: JupyterLab"
            assert cell.metadata.get("cellView") == "form" and cell.source.startswith("# @title "), \
                f"{path.name}: Colab shows a form cell folded, under its # @title"
            assert "hide-input" in cell.metadata["tags"], f"{path.name}: the HTML book's toggle"


# -- alt text on every figure ---------------------------------------------------------------------------
def test_every_figure_and_diagram_has_alt_text():
    missing = []
    for path in NOTEBOOKS:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                    if len(alt.split()) < 6 or output.data.get("text/plain") != alt:
                        missing.append(f"{path.name} cell {i}")
            for match in re.finditer(r"!\[([^\]]*)\]\((attachment:)?", cell.source if cell.cell_type == "markdown" else ""):
                if len(match.group(1).split()) < (8 if match.group(2) else 2):  # a diagram, or a badge
                    missing.append(f"{path.name} cell {i}: an image in the text without alt text")
    assert not missing, "figures without alt text (show them with display.show_figure(fig, alt)):\n" + "\n".join(missing)
