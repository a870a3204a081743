"""The notebooks as a reader opens them in JupyterLab: a real JupyterLab server, headless Chromium.

Every chapter is opened (nothing is run): each diagram, a markdown attachment, must load, be more than a
blank rectangle and carry its alt text; each exercise solution must be folded away. Colab and GitHub
cannot be reached from here; they read the same notebook fields (attachments, ``cellView``), which
tests/test_apparatus.py checks. Skipped without Chromium, like the HTML book's browser test.
"""

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser import BLANK_JS, CHROMIUM, DRIVER, start_chromium

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
TOKEN = "mmgen-test"
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="headless Chromium not found: install Debian's "
                                "chromium and chromium-driver (sudo make chromium) to test the notebooks in JupyterLab")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks, every cell attached to the page (no windowing)."""
    folder = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    settings = folder / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={folder / 'notebooks'}",
               f"--LabApp.user_settings_dir={folder / 'settings'}", f"--LabApp.workspaces_dir={folder / 'workspaces'}",
               "--allow-root"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within a minute")
    yield base
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium()
    yield driver
    driver.quit()


PAGE_STATE = """
const done = arguments[arguments.length - 1];
const [diagrams, solutions] = [arguments[0], arguments[1]];
const started = Date.now();
""" + BLANK_JS + """
(function wait() {
  const images = Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown img'))
    .filter(img => img.alt.startsWith('Diagram'));
  const folded = document.querySelectorAll('.jp-CodeCell .jp-InputPlaceholder').length;
  const ready = images.length >= diagrams && images.every(img => img.complete) && folded >= solutions;
  if (ready || Date.now() - started > 60000) {
    done({images: images.map(img => ({alt: img.alt, width: img.naturalWidth, blank: img.naturalWidth ? blank(img) : true})),
          folded: folded, cells: document.querySelectorAll('.jp-Notebook .jp-Cell').length});
  } else { setTimeout(wait, 250); }
})();
"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_diagrams_and_folded_solutions_in_jupyterlab(lab, browser, path):
    notebook = nbformat.read(path, as_version=4)
    alts = [alt for cell in notebook.cells if cell.cell_type == "markdown" for alt in
            re.findall(r"!\[(Diagram[^\]]*)\]\(attachment:", cell.source)]
    solutions = sum("solution" in c.metadata.get("tags", []) for c in notebook.cells)
    browser.get(f"{lab}/lab/tree/{path.name}?token={TOKEN}&reset")
    state = browser.execute_async_script(PAGE_STATE, len(alts), solutions)
    assert state["cells"] == len(notebook.cells), f"JupyterLab showed {state['cells']} of {len(notebook.cells)} cells"
    assert sorted(image["alt"] for image in state["images"]) == sorted(alts), "diagrams missing or without alt text"
    assert all(image["width"] > 0 and not image["blank"] for image in state["images"]), state["images"]
    assert state["folded"] == solutions, f"{state['folded']} folded code cells, {solutions} solutions"
