"""Build the HTML book from the committed, executed notebooks, fully offline.

    python scripts/build_html.py [--out build/html]

Jupyter Book 1 (Sphinx) renders the notebooks as they are committed (nothing is executed), with
the table of contents in chapter order. MathJax 3 comes from the npm package ``mathjax@3``
(installed once under ``build/npm/`` when it is not there) and is served from the book itself, so
no page asks the internet for anything. Open ``<out>/index.html``.

What differs from the notebooks, and why: the Colab/Binder badge images and the Colab set-up cell
are dropped (the badges live on the internet; the theme's launch buttons, made from the same
``[tool.mmgen]`` setting, open the original notebook there instead), and so are the live-widget
outputs (progress bars), which need a widget runtime from a CDN.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from links import BADGE_PREFIX, SETUP_TAG, config, notebook_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = "mathjax@3"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TITLE = "Multimodal Generation — Principles and Code"


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


def for_the_web(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without the badge line, the set-up cell and live-widget outputs (see the module docstring)."""
    notebook = nbformat.from_dict(notebook)
    title = notebook.cells[0]
    title.source = "\n".join(line for line in title.source.split("\n") if not line.startswith(BADGE_PREFIX)).replace("\n\n\n", "\n\n")
    notebook.cells = [cell for cell in notebook.cells if SETUP_TAG not in cell.metadata.get("tags", [])]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs if WIDGET_VIEW not in out.get("data", {})]
    notebook.metadata.pop("widgets", None)
    return notebook


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


def intro() -> str:
    readme = (ROOT / "README.md").read_text().split("\n## ", 1)[0]
    paragraph = "\n".join(line for line in readme.split("\n") if line and not line.startswith(("#", "[![")))
    return (f"# {TITLE}\n\n{paragraph}\n\nEach chapter below is one notebook, shown here with the outputs of one clean run "
            f"on a laptop CPU. To run them yourself, see the README (`make book`), or open a chapter on Colab or Binder "
            f"with the rocket button at the top of its page.\n\n```{{tableofcontents}}\n```\n")


def build(out: Path) -> Path:
    """Build the book into ``out``; returns the folder holding index.html."""
    repo, branch = config()
    source = out / "source"
    shutil.rmtree(source, ignore_errors=True)
    (source / "notebooks").mkdir(parents=True)
    paths = notebook_paths()
    for path in paths:
        nbformat.write(for_the_web(nbformat.read(path, as_version=4)), source / "notebooks" / path.name)
    shutil.copytree(mathjax(), source / "extra" / "mathjax")
    (source / "intro.md").write_text(intro())
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"notebooks/{p.stem}"} for p in paths]}
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
