"""One seed knob: every random choice in a chapter comes from the seed given to ``start_chapter``.

A notebook never re-seeds a generator with a constant (``torch.manual_seed(0)``,
``np.random.default_rng(3)``, ``random_batches(n, seed=1)``) and never leaves a seed to a
constant default; a section that needs its own stream asks for ``derived_seed("its name")``,
which the chapter's seed governs. Two kinds of seed may stay fixed, because they choose *data*,
not how a model learns from it: the seeds of the world's own functions (``world.sample_scenes(...,
seed=0, split="train")``, the world's data splits), and ``data_seed`` of a dataset a notebook
builds from the world. The judge is the book's measuring instrument and keeps its own seed.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

import mmgen_helpers
from mmgen_helpers import start_chapter
from mmgen_helpers.train import chapter_seed, derived_seed, random_batches, seed_everything

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
SEEDING_CALLS = {"manual_seed", "manual_seed_all", "seed", "default_rng", "seed_everything", "RandomState",
                 "SeedSequence", "Random"}
CONSTANT_SEED_IN_TEXT = re.compile(r"(manual_seed|default_rng|random\.seed)\(\s*\d")


def helpers_taking_a_seed() -> set[str]:
    """Public helpers (outside the world and the judge) whose ``seed`` a notebook must pass itself."""
    import mmgen_helpers.style
    import mmgen_helpers.train

    names = set()
    for module in (mmgen_helpers.train, mmgen_helpers.style):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and "seed" in inspect.signature(function).parameters:
                names.add(name)
    return names - {"seed_everything"}


def is_constant(node: ast.AST) -> bool:
    """An int literal (or a list or tuple of them): a seed that no chapter seed can change."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return is_constant(node.operand)
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(is_constant(e) for e in node.elts)
    return False


def code_of(path: Path) -> str:
    """A notebook's code cells as one Python source (IPython magics and shell lines left out)."""
    cells = json.loads(path.read_text())["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines += ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    return "\n".join(lines)


def fixed_seeds(source: str, seeded_helpers: set[str]) -> list[str]:
    """Every place in ``source`` where a seed is a constant or left to a constant default."""
    tree = ast.parse(source)
    problems, needs_seed = [], set(seeded_helpers)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            defaults = [None] * (len(node.args.posonlyargs + node.args.args) - len(node.args.defaults))
            defaults += list(node.args.defaults) + list(node.args.kw_defaults)
            if all(argument.arg != "seed" for argument in arguments):
                needs_seed.discard(node.name)  # the notebook's own function of that name, without a seed
            for argument, default in zip(arguments, defaults):
                if argument.arg == "seed":
                    needs_seed.add(node.name)
                    if default is not None:
                        problems.append(f"line {node.lineno}: def {node.name}(seed={ast.unparse(default)})")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CONSTANT_SEED_IN_TEXT.search(node.value):
            problems.append(f"line {node.lineno}: a constant seed inside a string: "
                            f"{CONSTANT_SEED_IN_TEXT.search(node.value).group(0)}")
        if not isinstance(node, ast.Call):
            continue
        callee = ast.unparse(node.func)
        if callee.startswith("world.") or callee == "start_chapter":  # the world's data; the chapter's seed
            continue
        name = callee.rsplit(".", 1)[-1]
        where = f"line {node.lineno}: {ast.unparse(node)[:80]}"
        if name in SEEDING_CALLS and any(is_constant(a) for a in node.args):
            problems.append(where)
        keywords = {k.arg: k.value for k in node.keywords}
        if any(k in keywords and is_constant(keywords[k]) for k in ("seed", "random_state")):
            problems.append(where)
        if name in needs_seed and "seed" not in keywords:  # passed by name, so a reader sees which stream
            problems.append(f"{where} (no seed=...: a constant default or a hidden one)")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_never_seeds_with_a_constant(path):
    problems = fixed_seeds(code_of(path), helpers_taking_a_seed())
    assert not problems, f"{path.name} fixes a seed that the chapter's seed should govern:\n" + "\n".join(problems)


def test_the_checker_finds_constant_seeds():
    helpers = helpers_taking_a_seed()
    assert "random_batches" in helpers and "random_feature_net" in helpers
    bad = ["torch.manual_seed(0)", "g = torch.Generator().manual_seed(1)", "np.random.default_rng([3, 4])",
           "batches = random_batches(100, 8, seed=2)", "batches = random_batches(100, 8)",
           "net = random_feature_net()", "def train(steps, seed=0):\n    pass",
           "SCRIPT = 'torch.manual_seed(0)'", "points = TSNE(2, random_state=0).fit_transform(x)"]
    assert "patch_swd" in helpers
    bad.append("score = patch_swd(a, b)")  # the helper, with its constant default
    for source in bad:
        assert fixed_seeds(source, helpers), source
    good = ["torch.manual_seed(derived_seed('grid'))", "scenes = world.sample_scenes(8, seed=0, split='train')",
            "batches = random_batches(100, 8, seed=derived_seed('order'))", "rng = np.random.default_rng([seed, 3])",
            "data = heard_clips(scenes, data_seed=1)", "net = random_feature_net(seed=derived_seed('filters'))",
            "def patch_swd(image, reference):\n    pass\nscore = patch_swd(a, b)"]  # its own, seedless
    for source in good:
        assert not fixed_seeds(source, helpers), source


def test_derived_seeds_follow_the_chapter_seed():
    seed_everything(0)
    zero = [derived_seed("ring GAN"), derived_seed("ring GAN", 1), derived_seed("data order")]
    assert derived_seed("ring GAN") == zero[0] and len(set(zero)) == 3
    seed_everything(1)
    assert chapter_seed() == 1
    assert [derived_seed("ring GAN"), derived_seed("ring GAN", 1), derived_seed("data order")] != zero
    assert not any(a == b for a, b in zip(zero, [derived_seed("ring GAN"), derived_seed("ring GAN", 1),
                                                 derived_seed("data order")]))
    seed_everything(0)
    batches = [next(random_batches(1000, 16, seed=derived_seed("order"))) for _ in range(2)]
    assert all(batches[0] == batches[1])


@pytest.mark.parametrize("bad", [(), (-1,), (1.5,), (None,), (True,)])
def test_derived_seed_refuses_bad_names(bad):
    with pytest.raises((TypeError, ValueError)):
        derived_seed(*bad)


def test_a_helper_that_seeds_itself_keeps_the_chapter_seed(tmp_path, monkeypatch):
    """The judge trains under seed_everything(0) on a cold cache; the chapter's streams must not move."""
    from mmgen_helpers import judge

    monkeypatch.setenv("MMGEN_CACHE", str(tmp_path))
    seed_everything(3)
    before = derived_seed("sample grid")
    judge.train_judge(steps=2, n_train=64, batch_size=8)
    assert chapter_seed() == 3 and derived_seed("sample grid") == before


def test_mmgen_seed_replaces_the_chapter_seed(monkeypatch, capsys):
    monkeypatch.setenv("MMGEN_DEVICE", "cpu")
    monkeypatch.setenv("MMGEN_SEED", "2")
    start_chapter(seed=0)
    assert chapter_seed() == 2 and "seed 2 (from MMGEN_SEED)" in capsys.readouterr().out
    monkeypatch.setenv("MMGEN_SEED", "two")
    with pytest.raises(ValueError, match="MMGEN_SEED"):
        start_chapter(seed=0)
    monkeypatch.delenv("MMGEN_SEED")
    start_chapter(seed=0)
    assert chapter_seed() == 0
    assert mmgen_helpers.start_chapter is start_chapter
