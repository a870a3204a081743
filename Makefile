# The book's entry points. Each target sets up what it needs first (quick when nothing changed).
#   make book      set up and open the book in JupyterLab
#   make test      set up and run the whole test suite (unit tests + every notebook with nbval)
#   make execute   run every notebook in place from a cold cache, storing outputs and timings
#   make benchmark run every notebook cold, serially; runtimes and headline figures to results/ and README
#   make seeds     rerun chapters with seeds 0, 1 and 2 (SEEDS_ARGS="--seeds 1,2 notebooks/04_gan.ipynb"); results/seeds.json
#   make student   the student edition (no outputs, solutions stubbed) in build/student/
#   make html      the HTML book (Jupyter Book 1, offline); open build/html/_build/html/index.html
#   make links     Colab/Binder badges and set-up cells from [tool.mmgen] in pyproject.toml
#   make diagrams  draw the diagrams (book/diagrams/*.py) and embed them in the notebooks
#   make references  write each chapter's Further reading from book/references.yml
#   make chapter-index  which chapters import which helper module (mmgen_helpers/chapters.json)
#   make front-matter  write the outline map in README.md and the chapter times in book/teachers.md
#   make chromium  install Debian's headless Chromium (needs root), which the HTML book's browser test uses
#   make lint      ruff over the helpers, tests, scripts, diagram sources and notebooks
#   make lowest    the lowest versions requirements.txt allows (Python 3.10): unit tests, chapters 1 and 11
#   make pythons   the set-up on Pythons 3.10 to 3.13 (TEST_PYTHON=3.12 also runs tests there)
#   make colab-check  a simulated stock Colab: the set-up cell changes none of its packages; chapter 1 runs
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# constraints.txt pins the exact versions CI installs, for the Python CI runs (CI_PYTHON). Another
# Python (3.10, 3.12, 3.13) installs from the version ranges of requirements.txt instead.
CI_PYTHON := 3.11
SETUP_PYTHON = $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))
PYTHON_VERSION := $(shell $(SETUP_PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
CONSTRAINTS ?= $(if $(filter $(CI_PYTHON),$(PYTHON_VERSION)),constraints.txt)
PIP_CONSTRAINTS = $(if $(CONSTRAINTS),-c $(CONSTRAINTS))
NOTEBOOKS ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)  # JupyterLab refuses root (Docker, CI) without it
LOWEST_PYTHON ?= $(shell $(PYTHON) scripts/check_pythons.py --which 3.10)
LOWEST := .venv-lowest
PYTHONS ?= 3.10 3.11 3.12 3.13

.PHONY: setup book test unit execute benchmark seeds student html links diagrams references front-matter chapter-index chromium lint lowest pythons colab-check judge captioner
setup: $(STAMP)

$(STAMP): requirements.txt $(CONSTRAINTS) pyproject.toml
	@$(SETUP_PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 10) <= v <= (3, 13) else "The book needs Python 3.10 to 3.13; $(SETUP_PYTHON) is %d.%d. Install one and run make with PYTHON=python3.11 (say), deleting $(VENV)/ first if it exists." % v)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Python $$($(BIN)/python -c 'import platform; print(platform.python_version())'): $(if $(CONSTRAINTS),the versions pinned in $(CONSTRAINTS),the version ranges of requirements.txt)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt $(PIP_CONSTRAINTS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e . $(PIP_CONSTRAINTS)
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

seeds: setup
	$(BIN)/python scripts/seeds.py $(SEEDS_ARGS)

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

chapter-index: setup
	$(BIN)/python scripts/chapter_index.py

chromium:
	@command -v chromedriver >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# The lowest versions requirements.txt allows, in their own environment: unit tests, chapters 1 and 11.
lowest:
	@test -x $(LOWEST)/bin/python || $(LOWEST_PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python scripts/lowest_versions.py requirements.txt > $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip install --quiet --disable-pip-version-check -e . -c $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip freeze --exclude-editable > results/lowest-versions.txt
	MMGEN_CACHE=$$(mktemp -d) $(LOWEST)/bin/python -m pytest tests notebooks/01_multimodal_data.ipynb notebooks/11_appendix.ipynb \
		--junitxml=$(LOWEST)/junit.xml $(PYTEST_ARGS); status=$$?; \
		$(LOWEST)/bin/python scripts/lowest_versions.py --summary $(LOWEST)/junit.xml > results/lowest.json; exit $$status

# For each Python in PYTHONS: the README's set-up in a fresh environment (resolve, install, pip check,
# download size); TEST_PYTHON's also runs the unit tests and chapter 1; and the size of Binder's set.
# Results in results/pythons.json.
pythons: setup
	$(BIN)/python scripts/check_pythons.py $(PYTHONS) $(if $(TEST_PYTHON),--test $(TEST_PYTHON)) --runtime

# A simulated stock Colab: its versions of the packages it pins, the set-up cell's install on top
# (nothing of them may change), then chapter 1.
colab-check: setup
	$(BIN)/python scripts/colab_check.py

# Retrain the judge that ships with the package (mmgen_helpers/checkpoints/).
judge: setup
	$(BIN)/python scripts/make_judge.py

# Retrain chapter 7's captioner that ships with the package (later chapters caption with it).
captioner: setup
	$(BIN)/python scripts/make_captioner.py

lint: setup
	$(BIN)/ruff check mmgen_helpers tests scripts book notebooks
