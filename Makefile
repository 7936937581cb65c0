# The one entry point, the same locally and in CI. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# axe-core for the browser tests' accessibility scan: pinned by package.json + package-lock.json.
AXE    := node_modules/axe-core/axe.min.js
# `make test-fast`: the tests that run no Sphinx build, LaTeX or browser (markers: pyproject.toml).
FAST   := not book and not testbook and not pdf and not browser and not slow and not fuzz
BUILD  := _build
# The tests keep their bytecode (and pytest's rewritten asserts) under _build/pycache, even where
# PYTHONDONTWRITEBYTECODE is set: without a cache every run compiles the package, its dependencies
# and the tests again, which was a quarter of the fast lane. Nothing is written into the sources.
TESTENV := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(BUILD)/pycache
# -W: a warning is a failure; -n: every reference must resolve.
SPHINXOPTS ?= -W --keep-going -n
# Parallel builds: `make html JOBS=auto` (or JOBS=4) reads and writes pages in that many processes
# (sphinx -j); empty, the default, builds in one process. The output is the same either way.
JOBS ?=
SPHINX := $(PY) -m sphinx $(SPHINXOPTS) $(if $(JOBS),-j $(JOBS)) -d $(BUILD)/doctrees -c .
# The PDF book and the handouts need LaTeX, from Debian (README, .ci/run and quiz/typeset.py name
# the same packages).
TEX_PACKAGES := latexmk texlive-latex-extra texlive-fonts-recommended tex-gyre
# The default handout set of `make handouts`.
HANDOUTS ?= --seed 2026 --count 12 --variants 3
# Where `make versions`' output is published: the version switcher links to $(VERSIONS_URL)<version>/.
VERSIONS_URL ?= /

.DEFAULT_GOAL := help
.PHONY: help html test test-fast node-tools serve clean venv pdf epub site handouts latex-check versions edition bank-diff

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the pinned dependencies

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(AXE)

html: $(STAMP) ## build the HTML book into _build/html (JOBS=auto: in parallel)
	$(SPHINX) -b html docs $(BUILD)/html
	@echo "Open $(BUILD)/html/index.html in a browser."

# The JavaScript tools of the tests (axe-core, gift-pegjs) come from npm. Without npm, as on a machine with only
# Python, make and git, the tests that need them skip with the install line (and fail in CI).
node-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); else \
	  echo "make: npm not found: the tests that need axe-core or gift-pegjs will skip (apt-get install npm)"; fi

test: $(STAMP) node-tools ## run the whole test suite
	$(TESTENV) $(PY) -m pytest

# In one process per core (pytest-xdist; worksteal: an idle process takes tests from a busy one,
# which evens out the long tail of subprocess tests): they share nothing but read-only files. The full
# suite stays in one process, as its book, PDF and browser tests share one session's book build.
test-fast: $(STAMP) ## the inner loop: every test that runs no Sphinx build, LaTeX or browser
	$(TESTENV) $(PY) -m pytest -n auto --dist worksteal -m "$(FAST)"

serve: $(STAMP) ## serve the book with live reload on http://127.0.0.1:8000
	$(PY) -m sphinx_autobuild $(SPHINXOPTS) -d $(BUILD)/doctrees -c . --host 127.0.0.1 --port 8000 docs $(BUILD)/html

latex-check:
	@for tool in latexmk pdflatex; do command -v $$tool >/dev/null 2>&1 || { \
	  echo "make: $$tool is not installed; the PDF needs LaTeX. On Debian or Ubuntu run:" >&2; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)" >&2; exit 2; }; done

pdf: latex-check $(STAMP) ## build the PDF book into _build/latex (needs LaTeX: see README)
	@command -v rsvg-convert >/dev/null 2>&1 || { \
	  echo "make: rsvg-convert is not installed; the PDF's figures need it. On Debian or Ubuntu run:" >&2; \
	  echo "  sudo apt-get install --no-install-recommends librsvg2-bin" >&2; exit 2; }
	$(PY) -m sphinx -M latexpdf docs $(BUILD) -c . $(SPHINXOPTS) -d $(BUILD)/doctrees-latex
	@echo "The book: $(BUILD)/latex/massage-for-back-spasms.pdf"

epub: $(STAMP) ## build the e-book (EPUB 3) into _build/epub (needs nothing but pip)
	$(PY) -m sphinx -b epub $(SPHINXOPTS) $(if $(JOBS),-j $(JOBS)) -d $(BUILD)/doctrees-epub -c . docs $(BUILD)/epub
	@echo "The e-book: $(BUILD)/epub/massage-for-back-spasms.epub"

handouts: pdf ## print quiz variants with answer keys into _build/handouts (needs LaTeX)
	$(PY) -m quiz handout $(HANDOUTS) -o $(BUILD)/handouts --force

# `make site`: the web book with its downloads for instructors. The instructor guide's {downloads}
# list (quiz/sphinxext/downloads.py) links the files it finds under these names in the HTML output.
DOWNLOADS := $(BUILD)/html/downloads
site: pdf epub ## the web book offering the PDF, the e-book and the default handouts (needs LaTeX)
	rm -rf $(BUILD)/handouts $(DOWNLOADS)
	$(PY) -m quiz handout $(HANDOUTS) -o $(BUILD)/handouts --book-aux $(BUILD)/latex/massage-for-back-spasms.aux
	mkdir -p $(DOWNLOADS)
	cp $(BUILD)/latex/massage-for-back-spasms.pdf $(BUILD)/epub/massage-for-back-spasms.epub $(DOWNLOADS)/
	$(PY) -m zipfile -c $(DOWNLOADS)/handouts.zip $(BUILD)/handouts
	$(SPHINX) -b html docs $(BUILD)/html
	@echo "The site: $(BUILD)/html/index.html (downloads in $(DOWNLOADS))"

versions: $(STAMP) ## build every release (tags vX.Y.Z, docs/releases.toml) and HEAD as "latest" into _build/versions
	rm -rf $(BUILD)/versions
	$(PY) -m sphinx_polyversion poly.py $(BUILD)/versions -o base_url=$(VERSIONS_URL)

edition: $(STAMP) ## release step: record this bank as the edition of its version in quiz/bank/editions
	$(PY) -m quiz edition write

bank-diff: $(STAMP) ## questions added, removed and changed: make bank-diff A=1.0.0 B=1.1.0 (or B=current)
	$(PY) -m quiz diff $(A) $(B)

clean: ## remove build output (keeps .venv)
	rm -rf $(BUILD)
