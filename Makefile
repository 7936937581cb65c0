# The one entry point, the same locally and in CI. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BUILD  := _build
# -W: a warning is a failure; -n: every reference must resolve.
SPHINXOPTS ?= -W --keep-going -n
SPHINX := $(PY) -m sphinx $(SPHINXOPTS) -d $(BUILD)/doctrees -c .

.DEFAULT_GOAL := help
.PHONY: help html test serve clean venv

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the pinned dependencies

html: $(STAMP) ## build the HTML book into _build/html
	$(SPHINX) -b html docs $(BUILD)/html
	@echo "Open $(BUILD)/html/index.html in a browser."

test: $(STAMP) ## run the whole test suite
	$(PY) -m pytest

serve: $(STAMP) ## serve the book with live reload on http://127.0.0.1:8000
	$(PY) -m sphinx_autobuild $(SPHINXOPTS) -d $(BUILD)/doctrees -c . --host 127.0.0.1 --port 8000 docs $(BUILD)/html

clean: ## remove build output (keeps .venv)
	rm -rf $(BUILD)
