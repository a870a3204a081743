"""The README's 'open the book' command starts JupyterLab (checked headless, on loopback)."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_book_serves_jupyterlab():
    port = _free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token=test --ServerApp.open_browser=False"
    process = subprocess.Popen(
        ["make", "--no-print-directory", "book", f"LAB_ARGS={args}"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"},
    )
    try:
        deadline, page = time.time() + 120, ""
        while time.time() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=test", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(1)
        assert "JupyterLab" in page, process.stdout.read().decode() if process.poll() is not None else "no answer"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/?token=test", timeout=5) as r:
            assert "01_multimodal_data.ipynb" in r.read().decode()  # the book's folder is what it opens
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
