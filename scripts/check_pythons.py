"""The README's set-up on other Pythons: does ``make setup`` resolve and install there, and do the tests pass?

    python scripts/check_pythons.py 3.10 3.12 3.13 [--test 3.12] [--keep]
    python scripts/check_pythons.py --which 3.10      # print the interpreter found for 3.10

For each version, a fresh environment is set up with the project's own Makefile (``make setup
VENV=... PYTHON=...``: the pins of constraints.txt on the Python CI uses, the ranges of
requirements.txt elsewhere), then ``pip check`` looks for broken requirements. For the version
given to ``--test``, the unit tests and chapter 1 run there too (``make test``). What was installed
and what passed goes to ``results/pythons.json``; each environment (6-7 GB) is deleted
afterwards unless ``--keep`` is given. The download it takes is measured too (fetched anew, PyTorch's
share apart), and with ``--runtime`` the size of Binder's runtime set (binder/) on CI's Python. The interpreter is ``pythonX.Y`` on the PATH, or pyenv's.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CI_PYTHON = "3.11"  # as in the Makefile: constraints.txt applies there
RESULTS = ROOT / "results" / "pythons.json"
PYTORCH_STACK = ("torch", "torchvision", "torchaudio", "nvidia", "triton", "cuda")  # names of files and folders
REPORTED = ("torch", "torchvision", "torchaudio", "numpy", "scipy", "matplotlib", "librosa", "ipython", "ipywidgets",
            "jupyterlab", "scikit-learn", "scikit-image")


def find_python(version: str) -> str | None:
    """An interpreter for ``version`` ("3.12"): ``python3.12`` on the PATH if it runs, else pyenv's."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return None


def normalise(name: str) -> str:
    """A package name as pip compares them: lower case, runs of - _ . as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(python: Path) -> dict[str, str]:
    """{package: version} of what is installed for that interpreter."""
    listing = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True)
    return {normalise(p["name"]): p["version"] for p in json.loads(listing.stdout)}


def gigabytes(paths) -> float:
    return round(sum(f.stat().st_size for path in paths for f in ([path] if path.is_file() else path.rglob("*"))
                     if f.is_file() and not f.is_symlink()) / 1e9, 2)


def download_size(python: Path, constraints: bool) -> dict[str, float]:
    """What the set-up downloads for this Python (wheels and sources, fetched anew): all of it, and PyTorch's share."""
    with tempfile.TemporaryDirectory() as folder:
        command = [str(python), "-m", "pip", "download", "--quiet", "--no-cache-dir", "-d", folder, "-r", "requirements.txt"]
        subprocess.run(command + (["-c", "constraints.txt"] if constraints else []), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        files = list(Path(folder).iterdir())
        return {"download_gb": gigabytes(files),
                "download_pytorch_gb": gigabytes([f for f in files if f.name.lower().startswith(PYTORCH_STACK)])}


def runtime_size(version: str) -> dict:
    """Binder's set on CI's Python: the helpers with [notebooks] at CI's versions, PyPI's PyTorch standing in for the CPU build."""
    python = find_python(version)
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-e", ".[notebooks]", "-c", "constraints.txt"], cwd=ROOT, check=True)
        site = next(venv.glob("lib/python*/site-packages"))
        pytorch = [f for f in site.iterdir() if f.name.lower().startswith(PYTORCH_STACK)]
        total = gigabytes([venv])
        return {"python": version, "total_gb": total, "pytorch_with_cuda_gb": gigabytes(pytorch),
                "without_pytorch_gb": round(total - gigabytes(pytorch), 2)}


def run(command: list[str], log: Path) -> tuple[int, float]:
    """Run a command from the project root, its output appended to ``log``; (exit status, seconds)."""
    start = time.perf_counter()
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        status = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode
    return status, round(time.perf_counter() - start, 1)


def check(version: str, test: bool, keep: bool) -> dict:
    python = find_python(version)
    if python is None:
        return {"error": f"no Python {version} found (pythonX.Y on the PATH or under ~/.pyenv/versions)"}
    venv = Path(tempfile.mkdtemp(prefix=f"mmgen-py{version}-")) / "venv"
    log = ROOT / "results" / f"python{version}.log"
    log.write_text("")
    make = ["make", f"VENV={venv}", f"PYTHON={python}"]
    result: dict = {"interpreter": python}
    status, result["setup_seconds"] = run(make + ["setup"], log)
    result["setup"] = "ok" if status == 0 else f"failed (exit {status}, see {log.relative_to(ROOT)})"
    if status == 0:
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        checked = subprocess.run(pip + ["check"], capture_output=True, text=True)
        result["pip_check"] = checked.stdout.strip() or checked.stderr.strip()
        versions = installed(venv / "bin" / "python")
        result["python"] = subprocess.run([str(venv / "bin" / "python"), "-V"], capture_output=True, text=True).stdout.split()[-1]
        result["packages"] = {name: versions.get(name) for name in REPORTED}
        result["size_gb"] = gigabytes([venv])
        result |= download_size(venv / "bin" / "python", constraints=version == CI_PYTHON)
        if test:
            pytest_args = "tests notebooks/01_multimodal_data.ipynb -q"
            status, result["test_seconds"] = run(make + ["test", f"PYTEST_ARGS={pytest_args}"], log)
            result["tests"] = "passed" if status == 0 else f"failed (exit {status}, see {log.relative_to(ROOT)})"
            lines = [line for line in log.read_text().splitlines() if " passed" in line or " failed" in line]
            result["test_summary"] = lines[-1].strip("= ") if lines else ""
    if not keep:
        shutil.rmtree(venv.parent, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("versions", nargs="*", help="e.g. 3.10 3.12 3.13")
    parser.add_argument("--test", action="append", default=[], help="also run the unit tests and chapter 1 on this version")
    parser.add_argument("--keep", action="store_true", help="keep the environments")
    parser.add_argument("--which", help="only print the interpreter found for this version")
    parser.add_argument("--runtime", action="store_true", help="also measure Binder's runtime set (binder/) on CI's Python")
    args = parser.parse_args()
    if args.which:
        found = find_python(args.which)
        print(found or f"python{args.which}")
        return 0 if found else 1
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for version in args.versions:
        report[version] = check(version, version in args.test, args.keep)
        print(version, json.dumps(report[version], indent=1), flush=True)
        RESULTS.write_text(json.dumps(dict(sorted(report.items())), indent=1) + "\n")
    if args.runtime:
        report["binder runtime"] = runtime_size(CI_PYTHON)
        print(json.dumps(report["binder runtime"], indent=1))
        RESULTS.write_text(json.dumps(dict(sorted(report.items())), indent=1) + "\n")
    failed = [v for v in args.versions if report[v].get("setup") != "ok" or report[v].get("tests", "passed") != "passed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
