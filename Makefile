# One task runner for developers and CI. Only Python 3 and make are needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
OUT := out

.PHONY: run test lint typecheck layers unit docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME)

## run: install buslint and run it on the bundled example project (fixtures/shop)
run: $(RUNTIME)
	@mkdir -p $(OUT)
	@echo "$$ buslint check   (in fixtures/shop)"
	@cd fixtures/shop && ../../$(BIN)/buslint check || [ $$? -eq 1 ]
	@echo
	@echo "$$ buslint graph --format json -o $(OUT)/shop-graph.json"
	@cd fixtures/shop && ../../$(BIN)/buslint graph --format json -o ../../$(OUT)/shop-graph.json
	@echo
	@echo "$$ buslint graph --format asyncapi -o $(OUT)/asyncapi && buslint graph --format eventcatalog -o $(OUT)/eventcatalog"
	@cd fixtures/shop && ../../$(BIN)/buslint graph --format asyncapi -o ../../$(OUT)/asyncapi
	@cd fixtures/shop && ../../$(BIN)/buslint graph --format eventcatalog -o ../../$(OUT)/eventcatalog
	@echo
	@echo "$$ buslint flow StockReserved --format sequence > $(OUT)/shop-flow.mmd"
	@cd fixtures/shop && ../../$(BIN)/buslint flow StockReserved --format sequence > ../../$(OUT)/shop-flow.mmd
	@cd fixtures/shop && ../../$(BIN)/buslint flow StockReserved

## test: lint (ruff, mypy strict, import-linter) and the whole test suite
test: lint unit

lint: $(DEV)
	$(BIN)/ruff check analyzer rules tests bench
	$(BIN)/ruff format --check analyzer rules tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(DEV)
	$(BIN)/python -m pytest

## docs: regenerate docs/rules.md from the rule classes
docs: $(RUNTIME)
	$(BIN)/python -c "from analyzer.rules_doc import reference; open('docs/rules.md', 'w').write(reference())"

## bench: time `buslint check` on a generated event-driven code base
bench: $(RUNTIME)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
