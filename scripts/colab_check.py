"""A simulated stock Colab: the chapters' set-up cell must change none of the packages Colab ships.

    python scripts/colab_check.py [--keep]

1. A fresh environment on Colab's Python gets Colab's own versions (``tests/colab/pip-freeze.txt``,
   Colab's published ``pip freeze``) of the packages it pins — IPython, ipykernel, ipywidgets,
   torch, torchvision, torchaudio and their CUDA-free companions — and of the scientific packages the
   book uses (numpy, scipy, matplotlib, librosa, …), with their own dependencies at Colab's versions.
   Colab takes torch from PyTorch's CPU index, which this machine cannot reach; the same versions
   come from PyPI here, with the CUDA libraries PyPI's build depends on.
2. The set-up cell's ``pip install`` runs on top, exactly as the cell writes it, except that the
   book comes from this checkout instead of GitHub.
3. Every package that was installed before must keep its version (new ones may be added); then
   chapter 1 runs top to bottom in that environment's kernel.

The outcome goes to ``results/colab-check.json``; the exit status is 1 if anything changed or failed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_pythons import find_python, installed, normalise  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FREEZE = ROOT / "tests" / "colab" / "pip-freeze.txt"
RESULTS = ROOT / "results" / "colab-check.json"
COLAB_PYTHON = "3.13"
PINNED_BY_COLAB = ("ipython", "ipykernel", "ipywidgets", "traitlets", "jupyter-client", "torch", "torchvision", "torchaudio")
PREINSTALLED = PINNED_BY_COLAB + ("notebook", "numpy", "scipy", "matplotlib", "librosa", "soundfile", "scikit-learn",
                                  "scikit-image", "tqdm", "nbformat", "nbclient", "nltk", "imageio", "imageio-ffmpeg",
                                  "music21", "setuptools", "pip")
SETUP_REQUIREMENT = re.compile(r'requirement = "([^"]+)"')


def colab_versions(text: str) -> dict[str, str]:
    """{package: version} from Colab's ``pip freeze``; a wheel from PyTorch's index counts as its version."""
    versions = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "==" in line:
            name, version = line.split("==", 1)
            versions[normalise(name)] = version
        elif " @ " in line and "download.pytorch.org" in line:
            name, url = line.split(" @ ", 1)
            wheel = url.rsplit("/", 1)[-1].replace("%2B", "+")
            versions[normalise(name)] = wheel.split("-")[1].split("+")[0]
    return versions


def setup_requirement() -> str:
    """What the chapters' set-up cell installs on Colab (chapter 1's first code cell)."""
    cells = json.loads((ROOT / "notebooks" / "01_multimodal_data.ipynb").read_text())["cells"]
    source = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    match = SETUP_REQUIREMENT.search(source)
    if match is None:
        raise SystemExit("chapter 1's first code cell has no 'requirement = \"...\"' to install")
    return match.group(1)


def run_chapter_1(python: Path) -> tuple[bool, float, str]:
    """Run chapter 1 in the environment's own kernel (a copy, so the committed notebook is untouched)."""
    script = f"""
import nbformat, tempfile
from nbclient import NotebookClient
notebook = nbformat.read({str(ROOT / 'notebooks' / '01_multimodal_data.ipynb')!r}, as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3",
               resources={{"metadata": {{"path": {str(ROOT / 'notebooks')!r}}}}}).execute()
"""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache:
        done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tempfile.gettempdir(),
                              env={"PATH": f"{python.parent}:/usr/bin:/bin", "MMGEN_CACHE": cache, "HOME": str(Path.home())})
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, round(time.perf_counter() - start, 1), "\n".join(lines[-5:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the environment")
    args = parser.parse_args()
    interpreter = find_python(COLAB_PYTHON)
    if interpreter is None:
        raise SystemExit(f"Colab runs Python {COLAB_PYTHON}, which this machine lacks")
    colab = colab_versions(FREEZE.read_text())
    workdir = Path(tempfile.mkdtemp(prefix="mmgen-colab-"))
    python = workdir / "venv" / "bin" / "python"
    subprocess.run([interpreter, "-m", "venv", str(workdir / "venv")], check=True)
    constraints = workdir / "colab-constraints.txt"
    # Colab's CPU torch needs no CUDA libraries; PyPI's torch brings its own, so Colab's are not imposed on it
    cuda = ("nvidia-", "cuda-", "triton")
    constraints.write_text("".join(f"{name}=={version}\n" for name, version in colab.items() if not name.startswith(cuda)))
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + [f"pip=={colab['pip']}"], check=True)
    subprocess.run(pip + [f"{name}=={colab[name]}" for name in PREINSTALLED if name != "pip"] + ["-c", str(constraints)], check=True)
    requirement = setup_requirement()
    local = re.sub(r"git\+https://github\.com/\S+", ROOT.as_uri(), requirement)
    # Whatever the set-up cell would pull in that Colab already has, the simulation has too, at Colab's version
    plan = workdir / "plan.json"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--dry-run", "--report", str(plan), local], check=True)
    wanted = {normalise(item["metadata"]["name"]) for item in json.loads(plan.read_text())["install"]}
    also_on_colab = sorted(name for name in wanted if name in colab)
    if also_on_colab:
        subprocess.run(pip + [f"{name}=={colab[name]}" for name in also_on_colab] + ["-c", str(constraints)], check=True)
    before = installed(python)
    start = time.perf_counter()
    subprocess.run([str(python), "-m", "pip", "install", "-q", local], check=True)  # as the set-up cell does
    setup_seconds = round(time.perf_counter() - start, 1)
    after = installed(python)
    changed = {name: f"{version} -> {after.get(name, 'removed')}" for name, version in before.items() if after.get(name) != version}
    report = {
        "python": subprocess.run([str(python), "-V"], capture_output=True, text=True).stdout.split()[-1],
        "colab_freeze": "googlecolab/backend-info pip-freeze.txt, " + FREEZE.read_text().splitlines()[1].strip("# ").split(", unchanged")[0],
        "setup_cell_installs": requirement,
        "preinstalled_at_colab_versions": {name: before.get(name) for name in PREINSTALLED + tuple(also_on_colab)},
        "setup_cell_seconds": setup_seconds,
        "changed": changed,
        "added": {name: version for name, version in after.items() if name not in before},
    }
    spec = "from jupyter_client.kernelspec import KernelSpecManager; print(KernelSpecManager().get_kernel_spec('python3').argv[0])"
    report["kernel_runs"] = subprocess.run([str(python), "-c", spec], capture_output=True, text=True,
                                           env={"PATH": f"{python.parent}:/usr/bin:/bin"}).stdout.strip()
    passed, report["chapter_1_seconds"], tail = run_chapter_1(python)
    report["chapter_1"] = "passed" if passed else f"failed: {tail}"
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if passed and not changed else 1


if __name__ == "__main__":
    sys.exit(main())
