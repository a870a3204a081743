"""The package lists agree: environment.yml (Binder), requirements.txt (laptops, CI) and pyproject.toml (Colab).

A real conda solve needs conda-forge, which these tests cannot reach; what they check is that the
three files name the same packages with the same lower bounds, so no install path drifts apart.
"""

import re
from pathlib import Path

import pytest
import yaml
from test_scripts import load

ROOT = Path(__file__).resolve().parents[1]
links = load("links")
TOOLS = {"pytest", "hypothesis", "nbval", "ruff", "jupyterlab", "ipykernel", "nbclient", "nltk", "jupyter-book", "selenium"}  # not used by the notebooks


def name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def requirements(path: Path) -> dict[str, str]:
    """{package name: the requirement as written}, following -r includes; comments and blanks dropped."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            found.update(requirements(path.parent / line[3:].strip()))
        else:
            found[name(line)] = line.replace(" ", "")
    return found


def resolve_environment(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(conda packages, pip packages) that environment.yml asks for, with its pip includes followed."""
    spec = yaml.safe_load(path.read_text())
    conda, pip = {}, {}
    for entry in spec["dependencies"]:
        if isinstance(entry, dict):
            for line in entry["pip"]:
                if line.startswith("-r "):
                    pip.update(requirements(path.parent / line[3:].strip()))
                elif line.startswith("-e "):
                    pip["mmgen-helpers"] = line
                elif line.startswith("-c "):
                    pip["constraints"] = line
                else:
                    pip[name(line)] = line
        else:
            conda[name(entry)] = entry
    return conda, pip


def test_environment_yml_resolves_to_requirements_txt():
    conda, pip = resolve_environment(ROOT / "environment.yml")
    assert set(conda) <= {"python", "pip", "make"}, f"conda packages would shadow the pip set: {set(conda) - {'python', 'pip', 'make'}}"
    expected = requirements(ROOT / "requirements.txt") | {"mmgen-helpers": "-e .", "constraints": "-c constraints.txt"}
    assert pip == expected


def test_environment_python_is_the_one_ci_pins():
    conda, _ = resolve_environment(ROOT / "environment.yml")
    pinned = re.search(r"torchaudio\s+[\d.]+\s+on\s+Python\s+(\d+\.\d+)", (ROOT / "README.md").read_text()).group(1)
    assert conda["python"] == f"python={pinned}"


# Where requirements.txt asks for more than the helpers need: JupyterLab 4 draws widgets from
# ipywidgets 8 (with IPython 8), while Colab's own front end ships and needs IPython 7.34 and ipywidgets 7.7.
FRONT_END = {"ipython": ("ipython>=7.34", "ipython>=8"), "ipywidgets": ("ipywidgets>=7.7", "ipywidgets>=8.0")}


def test_pyproject_lists_what_requirements_txt_lists():
    project = links.tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {name(r): r.replace(" ", "") for r in project["dependencies"] + project["optional-dependencies"]["notebooks"]}
    wanted = requirements(ROOT / "requirements.txt")
    for package, (helpers, laptop) in FRONT_END.items():
        assert (declared[package], wanted[package]) == (helpers, laptop)
        declared[package] = wanted[package]
    assert declared == {n: r for n, r in wanted.items() if n not in TOOLS}


def test_colab_freeze_satisfies_what_the_setup_cell_asks_for():
    """Every bound of the helpers' requirements admits the version a stock Colab already has."""
    from packaging.requirements import Requirement

    colab_check = load("colab_check")
    colab = colab_check.colab_versions((ROOT / "tests" / "colab" / "pip-freeze.txt").read_text())
    project = links.tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["notebooks"]:
        requirement = Requirement(line)
        version = colab.get(colab_check.normalise(requirement.name))
        if version is not None:  # what Colab lacks (pronouncing, espeakng-loader) is simply added
            assert requirement.specifier.contains(version), f"{line} would replace Colab's {requirement.name} {version}"
    for pinned in colab_check.PINNED_BY_COLAB:
        assert pinned in colab, f"Colab's freeze has no {pinned}"


def test_requirements_reader_follows_includes(tmp_path):
    (tmp_path / "base.txt").write_text("numpy>=1.24  # arrays\n\n# comment\n")
    (tmp_path / "all.txt").write_text("-r base.txt\nTorch_Audio >= 2.3\n")
    assert requirements(tmp_path / "all.txt") == {"numpy": "numpy>=1.24", "torch-audio": "Torch_Audio>=2.3"}
    with pytest.raises(FileNotFoundError):
        requirements(tmp_path / "missing.txt")


def test_binder_gets_a_lean_cpu_runtime_at_the_tested_versions():
    """binder/: CPU-only PyTorch at the versions CI pins, then the helpers with [notebooks]; no tools.

    postBuild takes no constraints file, so that Binder's own Jupyter packages, which the helpers'
    bounds accept, are not replaced."""
    spec = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())
    conda = [entry for entry in spec["dependencies"] if isinstance(entry, str)]
    pip = next(entry["pip"] for entry in spec["dependencies"] if isinstance(entry, dict))
    ci, _ = resolve_environment(ROOT / "environment.yml")
    assert sorted(conda) == sorted([ci["python"], "pip"])
    pins = requirements(ROOT / "constraints.txt")
    assert pip[0] == "--extra-index-url https://download.pytorch.org/whl/cpu"
    assert pip[1:] == [f"{p}=={pins[p].split('==')[1]}+cpu" for p in ("torch", "torchvision", "torchaudio")]
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert 'pip install --no-cache-dir -e ".[notebooks]"' in post_build and "constraints" not in post_build.split("\n")[-2]
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    assert not TOOLS & {name(line) for line in pip}
