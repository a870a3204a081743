"""The HTML book in a real browser: built from the committed notebooks, opened in headless Chromium.

Every page is served from 127.0.0.1 and must render its math (MathJax from the book itself), load
all its images and media, give every image alt text, and make no request that leaves the machine.
Every diagram loads and is not blank; every citation jumps to its entry in the chapter's Further
reading; every link of the front page's outline map lands on a heading; every exercise solution is
folded behind a toggle. A screenshot of one chapter is kept in build/html-screenshots/ (not in git).
Without Chromium the test is skipped: install Debian's ``chromium`` and ``chromium-driver``
(``sudo make chromium``) and run ``make test`` again.
"""

import functools
import html
import http.server
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import BLANK_JS, CHROMIUM, DRIVER, start_chromium
from test_scripts import load

ROOT = Path(__file__).resolve().parents[1]
NPM_READY = shutil.which("npm") or (ROOT / "build" / "npm" / "node_modules" / "mathjax").exists()
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="headless Chromium not found: install Debian's chromium and "
                       "chromium-driver (sudo make chromium) and run `make test` again to check the HTML book in a browser"),
    pytest.mark.skipif(not NPM_READY, reason="npm not found: the HTML book needs the npm package mathjax@3 (apt install npm)"),
]
SCREENSHOT = ROOT / "build" / "html-screenshots" / "05_vae.png"
AIDS = ("notation", "teachers", "faq")  # the reading aids, pages of their own


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The book built afresh and served on 127.0.0.1; yields the base URL."""
    html = load("build_html").build(tmp_path_factory.mktemp("book"))
    handler = functools.partial(Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(f"http://127.0.0.1:{server.server_port}", html)
    server.shutdown()


class Site(str):
    """The served book's base URL, which also knows the folder it is served from."""

    def __new__(cls, url: str, folder: Path):
        site = super().__new__(cls, url)
        site.folder = folder
        return site


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium(performance_log=True)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    """URLs of every request the page made since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


WAIT_FOR_MATH = """
const done = arguments[arguments.length - 1];
const started = Date.now();
(function wait() {  // the deferred MathJax script may still be loading: poll for it, for up to 30 s
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done(document.querySelectorAll('mjx-container').length), () => done(-2));
  } else if (Date.now() - started > 30000) { done(-1); } else { setTimeout(wait, 100); }
})();
"""

MEDIA_STATE = BLANK_JS + """
const diagrams = Array.from(document.images).filter(i => i.src.includes('diagram-'));
return {
  broken_images: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)),
  images: document.images.length,
  without_alt: Array.from(document.images).filter(i => !i.alt || i.alt.includes('_images/') || i.alt.startsWith('<Figure'))
    .map(i => i.src.slice(-60)),
  diagrams: diagrams.length,
  blank_diagrams: diagrams.filter(i => !i.alt.startsWith('Diagram') || blank(i)).map(i => i.src.slice(-40)),
  citations: Array.from(document.querySelectorAll('a[href^="#ref-"]')).map(a => a.getAttribute('href').slice(1)),
  missing_entries: Array.from(document.querySelectorAll('a[href^="#ref-"]'))
    .filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href')),
  folded: Array.from(document.querySelectorAll('details.hide.above-input')).filter(d => !d.open).length,
  math_errors: document.querySelectorAll('mjx-merror').length,
  media: Array.from(document.querySelectorAll('audio, video')).map(m => [m.tagName, m.readyState, m.error ? m.error.code : 0]),
};
"""


def chapters() -> list[str]:
    return [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))]


def test_every_page_renders_offline(site, browser):
    problems, totals = [], {"math": 0, "images": 0, "AUDIO": 0, "VIDEO": 0, "diagrams": 0, "citations": 0}
    pages = ["index.html"] + [f"notebooks/{stem}.html" for stem in chapters()] + [f"{p}.html" for p in AIDS]
    for page in pages:
        requested_urls(browser)  # clear the log
        browser.get(f"{site}/{page}")
        math = browser.execute_async_script(WAIT_FOR_MATH)
        browser.execute_async_script("setTimeout(arguments[0], 500)")  # let media read their metadata
        state = browser.execute_script(MEDIA_STATE)
        outside = [url for url in requested_urls(browser)
                   if urlparse(url).scheme not in ("data", "blob", "about") and urlparse(url).hostname != "127.0.0.1"]
        if page.startswith("notebooks/") and math <= 0:
            problems.append(f"{page}: no rendered math (MathJax status {math})")
        if page.startswith("notebooks/"):
            if not state["citations"]:
                problems.append(f"{page}: cites nothing (every chapter has Further reading)")
            if state["folded"] < 3:
                problems.append(f"{page}: {state['folded']} folded solutions (each chapter has at least three)")
        problems += [f"{page}: a citation with no entry on the page: {href}" for href in state["missing_entries"]]
        problems += [f"{page}: an image without alt text: {src}" for src in state["without_alt"]]
        problems += [f"{page}: a diagram that is blank or lacks its alt text: {src}" for src in state["blank_diagrams"]]
        if state["math_errors"]:
            problems.append(f"{page}: {state['math_errors']} MathJax errors")
        if state["broken_images"]:
            problems.append(f"{page}: images that did not load: {state['broken_images']}")
        problems += [f"{page}: {tag.lower()} not playable (readyState {ready}, error {error})"
                     for tag, ready, error in state["media"] if ready < 1 or error]
        problems += [f"{page}: a request left the machine: {url}" for url in outside]
        totals["math"] += max(math, 0)
        totals["images"] += state["images"]
        totals["diagrams"] += state["diagrams"]
        totals["citations"] += len(state["citations"])
        for tag, *_ in state["media"]:
            totals[tag] += 1
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.get(f"{site}/notebooks/05_vae.html")
    browser.execute_async_script(WAIT_FOR_MATH)
    browser.save_screenshot(str(SCREENSHOT))
    print(f"{len(pages)} pages: {totals}; screenshot {SCREENSHOT}")
    assert not problems, "\n".join(problems)
    assert totals["images"] >= 50 and totals["AUDIO"] >= 5 and totals["VIDEO"] >= 3, totals
    diagrams = sum(len(re.findall(r"attachment:[\w-]+\.png", p.read_text())) for p in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")))
    assert totals["diagrams"] == diagrams, f"{totals['diagrams']} diagrams on the pages, {diagrams} in the notebooks"


def test_outline_map_links_land_on_headings(site):
    """Every link of the front page's map from the outline to the book points at an existing section id."""
    front = (site.folder / "intro.html").read_text()
    links = re.findall(r'href="(notebooks/[\w.]+\.html)#([\w-]+)"', front)
    assert len(links) >= 30, f"only {len(links)} outline links on the front page"
    missing = [f"{page}#{anchor}" for page, anchor in links if f'id="{anchor}"' not in (site.folder / page).read_text()]
    assert not missing, missing
    for chapter in chapters():
        text = (site.folder / "notebooks" / f"{chapter}.html").read_text()
        if "the outline" in text.lower() and "intro.html#the-outline" in text:
            assert 'id="the-outline-section-by-section"' in front


def test_table_of_contents_is_in_chapter_order(site, browser):
    browser.get(f"{site}/index.html")
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('nav.bd-docs-nav a.reference')).map(a => a.getAttribute('href'))")
    order = [link.split("/")[-1].removesuffix(".html") for link in links if "notebooks/" in link]
    assert order == chapters()


def test_training_shows_its_finished_progress_bars(site):
    """Widgets do not run on a static page: each chapter shows its progress bars as they ended, never at 0%."""
    for chapter in chapters():
        text = html.unescape(re.sub(r"<[^>]+>", "", (site.folder / "notebooks" / f"{chapter}.html").read_text()))
        assert not re.search(r"\s0%\|", text), f"{chapter}: a progress bar is shown at 0%"
        if chapter[:2] in {"02", "03", "04", "05", "06", "07", "08", "09", "10"}:
            assert re.search(r"100%\|█{10}\| (\d+)/\1", text), f"{chapter}: no finished progress bar"
