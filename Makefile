# One entry point. Serving targets first make sure .venv holds requirements.lock (what serving
# needs); test targets add requirements-test.lock (test, lint and benchmark tools). Both locks pin
# every package with its hashes; uv installs them (itself pinned with hashes in requirements-uv.lock,
# bootstrapped with pip): about ten times faster than pip, with a progress bar on a terminal.
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
hash    = $(shell cat $(1) 2>/dev/null | sha256sum | cut -c1-12)
UV_STAMP    := $(VENV)/.uv-$(call hash,requirements-uv.lock)
SERVE_STAMP := $(VENV)/.serve-$(call hash,requirements.lock)
TEST_STAMP  := $(VENV)/.test-$(call hash,requirements-test.lock)
UV_INSTALL  := $(BIN)/uv pip install --python $(BIN)/python --require-hashes --no-deps
ENGINE ?= mkdocs   # or zensical: `make build ENGINE=zensical`, `make serve ENGINE=zensical`

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/scripts

.PHONY: setup setup-test serve build check find test lint typecheck unit browser bench bench-reload bench-setup schemas goldens lock clean

setup: $(SERVE_STAMP)        ## .venv with what serving and building need
setup-test: $(TEST_STAMP) node_modules/.package-lock.json   ## ... plus the test tools

# The Nu HTML Checker (tests/test_html_valid.py), from package-lock.json; skipped without npm.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; else echo "npm not found: the HTML validity test will skip"; fi

$(UV_STAMP): requirements-uv.lock
	@test -x $(BIN)/python || { echo "make: creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "make: installing the installer (uv, requirements-uv.lock)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.lock
	@rm -f $(VENV)/.uv-* && touch $@

$(SERVE_STAMP): requirements.lock $(UV_STAMP)
	@echo "make: installing what serving needs (requirements.lock)"
	@$(UV_INSTALL) -r requirements.lock
	@rm -f $(VENV)/.serve-* && touch $@

$(TEST_STAMP): requirements-test.lock $(SERVE_STAMP)
	@echo "make: adding the test tools (requirements-test.lock)"
	@$(UV_INSTALL) -r requirements-test.lock
	@rm -f $(VENV)/.test-* && touch $@

serve: setup   ## live site on http://127.0.0.1:$(PORT), rebuilt on every edit of texts/ or annotations/
ifeq ($(strip $(ENGINE)),mkdocs)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)
else
	$(BIN)/python -m edition serve --engine $(strip $(ENGINE)) --dev-addr 127.0.0.1:$(PORT)
endif

build: setup   ## strict build into site/ (swapped in only on success)
	$(BIN)/python -m edition build --engine $(strip $(ENGINE))

check: setup   ## validate texts and annotations without building
	$(BIN)/python -m edition check

find: setup    ## where a quote stands in the texts, and its YAML anchor: make find Q="a quote"
	@$(BIN)/python -m edition find "$(Q)"

lint: setup-test
	$(BIN)/ruff check scripts tests bench
	$(BIN)/ruff format --check scripts tests bench

typecheck: setup-test
	$(BIN)/mypy scripts/edition

test: setup-test lint typecheck   ## every test: unit, golden, end-to-end, browser
	$(BIN)/python -m pytest

browser: setup-test   ## only the browser tests (headless Chromium)
	$(BIN)/python -m pytest -m browser

bench: setup-test   ## benchmarks; prints a table and writes .bench/report.json
	$(BIN)/python -m bench

bench-reload: setup-test   ## only the live-reload benchmark on the real site (about a minute)
	$(BIN)/python -m bench --sizes '' --skip builds --skip check

bench-setup:   ## time from a fresh clone to the first served page (cold and warm uv cache)
	$(PYTHON) bench/setup_time.py

schemas: setup   ## regenerate schemas/*.schema.json from the models
	$(BIN)/python -m edition schemas

goldens: setup-test   ## regenerate golden files after an intended change (review the diff!)
	$(BIN)/python -m pytest tests/test_golden.py tests/test_public_urls.py --update-goldens

lock: $(UV_STAMP)   ## re-pin the three locks from their .in files (needs network to PyPI)
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 requirements-uv.in -o requirements-uv.lock
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 requirements.in -o requirements.lock
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 requirements-test.in -o requirements-test.lock

clean:
	rm -rf site .bench .build test-artifacts
