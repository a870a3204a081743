"""Make the student edition of the book: no outputs, and every exercise solution replaced by a stub.

    python scripts/student_edition.py [--out build/student] [notebooks ...]

The committed notebooks are the teacher's edition: each exercise's solution sits in a code cell
tagged ``solution``, folded away wherever the notebook is read (JupyterLab's ``source_hidden``,
Colab's form view with a ``# @title``, the HTML book's ``hide-input`` toggle). Here such a cell
becomes a stub, shown open, that keeps the names the self-check cell needs: ``answer = <solution>``
turns into ``answer = None  # your answer``, and a function keeps its signature and docstring but
raises ``NotImplementedError``. Both editions come from the same source; nothing is edited by hand.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_TAG = "solution"
HIDDEN_TAG = "hide-input"  # the HTML book folds such a cell behind a toggle


def stub(source: str) -> str:
    """Replace a solution cell's code by placeholders for the names it defines."""
    lines = ["# Your solution here: replace the placeholders, then run the self-check below."]
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node)
            node.body = ([ast.Expr(ast.Constant(docstring))] if docstring else []) + [
                ast.Raise(ast.Call(ast.Name("NotImplementedError"), [ast.Constant("your solution")], []))
            ]
            node.decorator_list = []
            lines.append(ast.unparse(node))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and not name.id.startswith("_"):
                        lines.append(f"{name.id} = None  # your answer")
    return "\n".join(dict.fromkeys(lines))  # keep order, drop repeats


def student_version(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without outputs or execution counts, with solution cells stubbed."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            cell.source = stub(cell.source)
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t not in (SOLUTION_TAG, HIDDEN_TAG)] + ["exercise"]
            cell.metadata.pop("cellView", None)  # Colab's folded form view
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)  # JupyterLab's folded input
    return notebook


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        notebook = student_version(nbformat.read(path, as_version=4))
        nbformat.write(notebook, args.out / path.name)
        print(f"{path.name} -> {args.out / path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
