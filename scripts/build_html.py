"""Build the HTML book from the committed, executed notebooks, fully offline.

    python scripts/build_html.py [--out build/html]

Jupyter Book 1 (Sphinx) renders the notebooks as they are committed (nothing is executed), with
the table of contents in chapter order. MathJax 3 comes from the npm package ``mathjax@3``
(installed once under ``build/npm/`` when it is not there) and is served from the book itself, so
no page asks the internet for anything. Open ``<out>/index.html``.

What differs from the notebooks, and why: the Colab/Binder badge images and the Colab set-up cell
are dropped (the badges live on the internet; the theme's launch buttons, made from the same
``[tool.mmgen]`` setting, open the original notebook there instead); live-widget outputs, which
need a widget runtime from a CDN, are shown as their stored text (a finished progress bar). Diagrams, stored as markdown-cell
attachments (``scripts/diagrams.py``), are written out as image files; figures carry their alt text
(``mmgen_helpers.display.show_figure``) into the page's ``<img alt>``; solution cells fold behind a
toggle (their ``hide-input`` tag). The front page holds the README's introduction, the map from the
outline to the book and links to the reading aids in ``book/``, which become pages of their own.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_notebooks import WIDGET_VIEW  # noqa: E402
from front_matter import MARKERS, load_outline, outline_table  # noqa: E402
from links import BADGE_PREFIX, SETUP_TAG, config, notebook_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = "mathjax@3"
TITLE = "Multimodal Generation — Principles and Code"
PAGES = ("notation", "teachers", "faq")  # book/*.md, the reading aids, in the order of the table of contents
README_OUTLINE = "../README.md#the-outline-section-by-section"  # how a chapter links the outline map


def mathjax(npm_prefix: Path = ROOT / "build" / "npm") -> Path:
    """The folder of MathJax 3's browser bundles (es5/), installed from npm the first time."""
    es5 = npm_prefix / "node_modules" / "mathjax" / "es5"
    if not (es5 / "tex-mml-chtml.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm not found: the HTML book serves MathJax from the npm package mathjax@3 "
                             "(Debian: apt install npm), or put node_modules/mathjax under build/npm/ yourself")
        npm_prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(npm_prefix), "--no-audit", "--no-fund", "--silent", MATHJAX], check=True)
    return es5


def for_the_web(notebook: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict[str, bytes]]:
    """A copy for the HTML book (see the module docstring), and the image files its diagrams need."""
    notebook = nbformat.from_dict(notebook)
    title = notebook.cells[0]
    title.source = "\n".join(line for line in title.source.split("\n") if not line.startswith(BADGE_PREFIX)).replace("\n\n\n", "\n\n")
    notebook.cells = [cell for cell in notebook.cells if SETUP_TAG not in cell.metadata.get("tags", [])]
    files = {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for name, bundle in cell.pop("attachments", {}).items():
                files[f"diagram-{name}"] = base64.b64decode(bundle["image/png"])
                cell.source = cell.source.replace(f"(attachment:{name})", f"(diagram-{name})")
            cell.source = re.sub(r"\[([^\]]+)\]\((#ref-[\w-]+)\)", lambda m: raw_link(m[1], m[2]), cell.source)
            cell.source = cell.source.replace(f"]({README_OUTLINE})", "](@outline@)")
            cell.source = re.sub(r"\[([^\]]+)\]\(@outline@\)",
                                 lambda m: raw_link(m[1], "../intro.html#the-outline-section-by-section"), cell.source)
        if cell.cell_type == "code":
            cell.outputs = [with_alt(as_text(out)) for out in cell.outputs]
    notebook.metadata.pop("widgets", None)
    return notebook, files


def as_text(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A widget output (no widget runtime here) becomes its text form: a finished progress bar, for one."""
    data = output.get("data", {})
    if WIDGET_VIEW not in data:
        return output
    return nbformat.v4.new_output("stream", name="stdout", text=data.get("text/plain", "") + "\n")


def raw_link(text: str, href: str) -> str:
    """A link as inline HTML: MyST would try to resolve a '#...' or '.html#...' target as a cross-reference."""
    text = re.sub(r"[*_]([^*_]+)[*_]", r"<em>\1</em>", html.escape(text, quote=False))
    return f'<a href="{href}">{text}</a>'


def with_alt(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A figure output that carries alt text becomes an <img> with that alt (MyST-NB reads no alt from outputs)."""
    alt = output.get("metadata", {}).get("image/png", {}).get("alt")
    if not alt or "image/png" not in output.get("data", {}):
        return output
    image = f'<img src="data:image/png;base64,{output.data["image/png"]}" alt="{html.escape(alt)}" class="figure-output">'
    return nbformat.from_dict({**output, "data": {"text/html": image, "text/plain": alt}, "metadata": {}})


def book_config(repo: str, branch: str) -> dict:
    return {
        "title": TITLE,
        "author": "the mmgen authors",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "repository": {"url": f"https://github.com/{repo}", "branch": branch, "path_to_book": ""},
        "launch_buttons": {"colab_url": "https://colab.research.google.com", "binderhub_url": "https://mybinder.org",
                           "notebook_interface": "jupyterlab"},
        "html": {"use_repository_button": True, "home_page_in_navbar": True},
        "sphinx": {"config": {
            # MathJax is served by the book itself, from /mathjax/ (html_extra_path), not from _static: Jupyter
            # Book would load every .js file found in _static on every page. The path is relative to _static.
            "html_extra_path": ["extra"],
            "mathjax_path": "../mathjax/tex-mml-chtml.js",
            "nb_ipywidgets_js": {},  # no widget runtime from a CDN
            "html_show_copyright": False,
        }},
    }


def outline_intro(readme: str) -> str:
    """The README's paragraph that introduces the outline map."""
    section = readme.split("## The outline, section by section\n", 1)[1]
    return section.split(MARKERS["outline"][0], 1)[0].strip()


def intro(repo: str, branch: str) -> str:
    """The front page: the README's introduction, the outline map with links into the pages, reading aids."""
    repo_url = f"https://github.com/{repo}"
    full_readme = (ROOT / "README.md").read_text()
    readme = full_readme.split("\n## ", 1)[0]
    paragraph = "\n".join(line for line in readme.split("\n") if line and not line.startswith(("#", "[![")))
    outline = outline_table(load_outline(ROOT), html=True)
    return (f"# {TITLE}\n\n{paragraph}\n\nEach chapter below is one notebook, shown here with the outputs of one clean run "
            f"on a 2-core CPU. To run them yourself, see the [README]({repo_url}#readme) (`make book`), or open a chapter on Colab or Binder "
            f"with the rocket button at the top of its page.\n\n```{{tableofcontents}}\n```\n\n"
            f"## Reading aids\n\n- [Notation](notation.md): the symbols the chapters share.\n"
            f"- [For teachers](teachers.md): time per chapter, what each chapter builds on, course plans.\n"
            f"- [FAQ and troubleshooting](faq.md): set-up, speed, GPUs, Colab and Binder, media, tests.\n"
            f"- Every chapter ends with *Further reading*, with a link to each work it cites.\n\n"
            f"## The outline, section by section\n\n{outline_intro(full_readme)}\n\n{outline}\n\n"
            f"## Licences and citation\n\nThe code (the helpers, the scripts and every code cell) is under the "
            f"[MIT licence]({repo_url}/blob/{branch}/LICENSE); the text, diagrams and figures under "
            f"[Creative Commons Attribution 4.0](https://creativecommons.org/licenses/by/4.0/) (CC BY 4.0), as "
            f"[LICENSE-TEXT.md]({repo_url}/blob/{branch}/LICENSE-TEXT.md) explains with the terms of the material "
            f"the book uses from elsewhere. [CITATION.cff]({repo_url}/blob/{branch}/CITATION.cff) says how to cite "
            f"the book.\n")


def build(out: Path) -> Path:
    """Build the book into ``out``; returns the folder holding index.html."""
    repo, branch = config()
    source = out / "source"
    shutil.rmtree(source, ignore_errors=True)
    (source / "notebooks").mkdir(parents=True)
    paths = notebook_paths()
    for path in paths:
        notebook, files = for_the_web(nbformat.read(path, as_version=4))
        nbformat.write(notebook, source / "notebooks" / path.name)
        for name, data in files.items():
            (source / "notebooks" / name).write_bytes(data)
    for page in PAGES:
        shutil.copy(ROOT / "book" / f"{page}.md", source / f"{page}.md")
    shutil.copytree(mathjax(), source / "extra" / "mathjax")
    (source / "intro.md").write_text(intro(repo, branch))
    toc = {"format": "jb-book", "root": "intro", "parts": [
        {"caption": "Chapters", "chapters": [{"file": f"notebooks/{p.stem}"} for p in paths]},
        {"caption": "Reading aids", "chapters": [{"file": page} for page in PAGES]},
    ]}
    (source / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))
    (source / "_config.yml").write_text(yaml.safe_dump(book_config(repo, branch), sort_keys=False, allow_unicode=True))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book) if jupyter_book.exists() else "jupyter-book", "build", str(source),
               "--path-output", str(out), "--quiet"]
    subprocess.run(command, check=True)
    html = out / "_build" / "html"
    if not (html / "index.html").exists():
        raise SystemExit(f"the build finished but {html / 'index.html'} is missing")
    return html


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html")
    args = parser.parse_args()
    html = build(args.out.resolve())
    print(f"the book is in {html}; open {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
