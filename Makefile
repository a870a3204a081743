# The book's entry points. Each target sets up what it needs first (quick when nothing changed).
#   make book      set up and open the book in JupyterLab
#   make test      set up and run the whole test suite (unit tests + every notebook with nbval)
#   make execute   run every notebook in place from a cold cache, storing outputs and timings
#   make benchmark run every notebook cold, serially; runtimes and headline figures to results/ and README
#   make student   the student edition (no outputs, solutions stubbed) in build/student/
#   make html      the HTML book (Jupyter Book 1, offline); open build/html/_build/html/index.html
#   make links     Colab/Binder badges and set-up cells from [tool.mmgen] in pyproject.toml
#   make diagrams  draw the diagrams (book/diagrams/*.py) and embed them in the notebooks
#   make references  write each chapter's Further reading from book/references.yml
#   make front-matter  write the outline map in README.md and the chapter times in book/teachers.md
#   make chromium  install Debian's headless Chromium (needs root), which the HTML book's browser test uses
#   make lint      ruff over the helpers, tests, scripts, diagram sources and notebooks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS ?= constraints.txt
NOTEBOOKS ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)  # JupyterLab refuses root (Docker, CI) without it

.PHONY: setup book test unit execute benchmark student html links diagrams references front-matter chromium lint
setup: $(STAMP)

$(STAMP): requirements.txt $(CONSTRAINTS) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e . -c $(CONSTRAINTS)
	@touch $@

book: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

# A fresh cache per run, so every notebook trains what it needs from a cold start.
test: setup
	MMGEN_CACHE=$$(mktemp -d) $(BIN)/python -m pytest $(PYTEST_ARGS)

unit: setup
	MMGEN_CACHE=$$(mktemp -d) $(BIN)/python -m pytest tests $(PYTEST_ARGS)

execute: setup
	$(BIN)/python scripts/execute_notebooks.py $(NOTEBOOKS)

benchmark: setup
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS) $(NOTEBOOKS)

student: setup
	$(BIN)/python scripts/student_edition.py $(NOTEBOOKS)

html: setup
	$(BIN)/python scripts/build_html.py --out build/html

links: setup
	$(BIN)/python scripts/links.py

diagrams: setup
	$(BIN)/python scripts/diagrams.py

references: setup
	$(BIN)/python scripts/references.py

front-matter: setup
	$(BIN)/python scripts/front_matter.py

chromium:
	@command -v chromedriver >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

lint: setup
	$(BIN)/ruff check mmgen_helpers tests scripts book notebooks
