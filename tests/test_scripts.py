"""The book's own scripts: student edition and benchmark report (the parts that need no kernel)."""

import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load(name: str):
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student = load("student_edition")
benchmark = load("benchmark")
seeds = load("seeds")
lowest_versions = load("lowest_versions")


def test_stub_keeps_names_and_signatures():
    source = 'def flip(image, caption: str) -> str:\n    """Flip it."""\n    return caption[::-1]\n\nanswer = (1, 2)\nx, y = 3, 4'
    stubbed = student.stub(source)
    namespace: dict = {}
    exec(stubbed, namespace)
    assert namespace["answer"] is None and namespace["x"] is None and namespace["y"] is None
    with pytest.raises(NotImplementedError):
        namespace["flip"](None, "abc")
    assert namespace["flip"].__doc__ == "Flip it." and "caption[::-1]" not in stubbed


def test_student_version_strips_outputs_and_solutions():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**1.** What is 6 x 7?"),
        nbformat.v4.new_code_cell("exercise_1 = 6 * 7", metadata={"tags": ["solution"]}, execution_count=1,
                                  outputs=[nbformat.v4.new_output("stream", text="42")]),
        nbformat.v4.new_code_cell("assert exercise_1 == 42", execution_count=2),
    ])
    result = student.student_version(notebook)
    solution, check = result.cells[1], result.cells[2]
    assert solution.source.endswith("exercise_1 = None  # your answer") and "6 * 7" not in solution.source
    assert solution.metadata["tags"] == ["exercise"] and check.source == "assert exercise_1 == 42"
    assert all(c.outputs == [] and c.execution_count is None for c in result.cells if c.cell_type == "code")
    assert notebook.cells[1].source == "exercise_1 = 6 * 7"  # the teacher's edition is untouched


def test_every_exercise_of_the_book_has_a_solution_and_a_check():
    for path in sorted((SCRIPTS.parent / "notebooks").glob("[0-9]*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        solutions = [i for i, c in enumerate(cells) if "solution" in c.metadata.get("tags", [])]
        assert len(solutions) >= 3, f"{path.name} has {len(solutions)} exercises with solutions"
        for i in solutions:
            assert "assert" in cells[i + 1].source, f"{path.name}: solution cell {i} has no self-check after it"
            compile(student.stub(cells[i].source), path.name, "exec")


@pytest.fixture()
def report():
    return {
        "machine": {"cpu": "Test CPU", "cores": 2, "device": "cpu", "python": "3.11", "torch": "2.11"},
        "notebooks": {"01_demo": {"seconds": 12.3, "figures": [
            {"name": "accuracy", "value": 0.95, "floor": 0.9, "higher_is_better": True},
            {"name": "|offset| ms", "value": 3.0, "floor": 5.0, "higher_is_better": False},
            {"name": "loss", "value": 0.5, "floor": None, "higher_is_better": True},
            {"name": "recall", "value": 0.4, "floor": 0.6, "higher_is_better": True}]}},
        "total_seconds": 12.3,
    }


def test_benchmark_table_and_readme(tmp_path, report):
    text = benchmark.table(report)
    assert "| `01_demo` | 12 | accuracy: 0.95 (≥ 0.9); \\|offset\\| ms: 3 (≤ 5); loss: 0.5; recall: 0.4 (≥ 0.6 ✗) |" in text
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{benchmark.START}\nold table\n{benchmark.END}\noutro\n")
    benchmark.update_readme(report, readme)
    content = readme.read_text()
    assert "old table" not in content and "01_demo" in content and content.startswith("intro") and content.endswith("outro\n")
    readme.write_text("no markers")
    with pytest.raises(SystemExit):
        benchmark.update_readme(report, readme)


def test_seed_table_shows_the_worst_seed_beside_the_floor():
    def run(accuracy, offset, error=None):
        figures = [{"name": "accuracy", "value": accuracy, "floor": 0.9, "higher_is_better": True},
                   {"name": "offset", "value": offset, "floor": 5.0, "higher_is_better": False},
                   {"name": "loss", "value": 0.5, "floor": None, "higher_is_better": True}]
        return {"seconds": 10.0, "figures": figures if error is None else figures[:1], "error": error}

    report = {"machine": {"cpu": "Test CPU", "cores": 2, "device": "cpu", "python": "3.11", "torch": "2.11"},
              "notebooks": {"01_demo": {"0": run(0.95, 3.0), "1": run(0.93, 4.0), "2": run(0.85, 1.0, "AssertionError")}}}
    text = seeds.table(report)
    assert "| `01_demo` | accuracy | 0.95 | 0.93 | 0.85 | 0.85 ✗ | ≥ 0.9 |" in text
    assert "| `01_demo` | offset | 3 | 4 | — | 4 | ≤ 5 |" in text
    assert "loss" not in text and "with seed 2 stopped: AssertionError" in text


def test_lowest_versions_pin_each_lower_bound():
    text = "torch>=2.5  # a comment\njupyter-book>=1.0,<2\nplain\n# only a comment\n-r other.txt\nnumpy >= 1.24\n"
    assert lowest_versions.lower_bounds(text) == {"torch": "2.5", "jupyter-book": "1.0", "numpy": "1.24"}
    bounds = lowest_versions.lower_bounds((SCRIPTS.parent / "requirements.txt").read_text())
    assert bounds["torch"] == "2.5" and len(bounds) == len([
        line for line in (SCRIPTS.parent / "requirements.txt").read_text().splitlines() if ">=" in line.split("#")[0]])


def test_lowest_versions_summary_reads_pytests_junit_report(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text('<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="3" failures="1" errors="0" '
                     'skipped="1"><testcase classname="tests.test_a" name="test_ok"/><testcase classname="tests.test_a" '
                     'name="test_bad"><failure message="no"/></testcase><testcase classname="t" name="s"><skipped/>'
                     '</testcase></testsuite></testsuites>')
    found = lowest_versions.summary(junit)
    assert (found["tests"], found["passed"], found["skipped"], found["failed"]) == (3, 1, 1, ["tests.test_a::test_bad"])
    assert found["installed"]["torch"] and found["python"].count(".") == 2


def test_floor_check():
    assert benchmark.meets({"value": 0.9, "floor": 0.9, "higher_is_better": True})
    assert not benchmark.meets({"value": 6.0, "floor": 5.0, "higher_is_better": False})
    assert benchmark.meets({"value": 1.0, "floor": None})


def test_committed_results_are_valid_json_lines():
    for path in (SCRIPTS.parent / "results").glob("*.jsonl"):
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            assert {"name", "value", "floor"} <= set(entry)


def test_generated_run_writes_only_without_check(capsys):
    generated = load("generated")
    calls = []

    def update(write: bool) -> list[str]:
        calls.append(write)
        return ["notebooks/x.ipynb"]

    assert generated.run(update, True, "stale: {}", "all current") == 1
    assert "stale: notebooks/x.ipynb" in capsys.readouterr().out
    assert generated.run(update, False, "stale: {}", "all current") == 0
    assert "updated notebooks/x.ipynb" in capsys.readouterr().out
    assert calls == [False, True]
    assert generated.run(lambda write: [], True, "stale: {}", "all current") == 0
    assert "all current" in capsys.readouterr().out


def test_progress_bars_are_stored_as_they_ended():
    execute_notebooks = load("execute_notebooks")
    state = {
        "bar": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_l", "IPY_MODEL_p", "IPY_MODEL_r"]}},
        "l": {"model_name": "HTMLModel", "state": {"value": "VAE:\u2007\u200798%"}},
        "p": {"model_name": "FloatProgressModel", "state": {"value": 2000.0, "max": 2000.0}},
        "r": {"model_name": "HTMLModel", "state": {"value": "\u20071951/2000\u2007[00:25&lt;00:01,\u200777.7it/s]"}},
        "slider": {"model_name": "FloatSliderModel", "state": {}},
    }
    view = "application/vnd.jupyter.widget-view+json"
    outputs = [nbformat.v4.new_output("display_data", {view: {"model_id": m}, "text/plain": "VAE:   0%| | 0/2000"})
               for m in ("bar", "slider")]
    cell = nbformat.v4.new_code_cell("fit(...)", outputs=outputs)
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": state}}})
    texts = [o["data"]["text/plain"] for o in execute_notebooks.final_progress_bars(notebook).cells[0].outputs]
    assert texts[0] == "VAE: 100%|██████████| 2000/2000 [00:25<00:00, 77.7it/s]"
    assert "interactive" in texts[1]
