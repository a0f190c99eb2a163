# One entry point. Every target first makes sure .venv matches requirements.lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-12)

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/scripts

.PHONY: setup serve build check test lint typecheck unit browser bench schemas goldens lock clean

setup: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

serve: setup   ## live site on http://127.0.0.1:8000, rebuilt on every edit of texts/ or annotations/
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: setup   ## strict build into site/ (swapped in only on success)
	$(BIN)/python -m edition build

check: setup   ## validate texts and annotations without building
	$(BIN)/python -m edition check

lint: setup
	$(BIN)/ruff check scripts tests bench
	$(BIN)/ruff format --check scripts tests bench

typecheck: setup
	$(BIN)/mypy scripts/edition

test: setup lint typecheck   ## every test: unit, golden, end-to-end, browser
	$(BIN)/python -m pytest

browser: setup   ## only the browser tests (headless Chromium)
	$(BIN)/python -m pytest -m browser

bench: setup   ## benchmarks; prints a table and writes .bench/report.json
	$(BIN)/python -m bench

schemas: setup   ## regenerate schemas/*.schema.json from the models
	$(BIN)/python -m edition schemas

goldens: setup   ## regenerate golden files after an intended change (review the diff!)
	$(BIN)/python -m pytest tests/test_golden.py tests/test_public_urls.py --update-goldens

lock:   ## re-pin requirements.lock from requirements.in (needs network to PyPI)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --generate-hashes --universal --python-version 3.11 requirements.in -o requirements.lock

clean:
	rm -rf site .bench test-artifacts
