# One task runner for developers and CI. Only Python 3 and make are needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
OUT := out

.PHONY: run test lint typecheck layers unit docs verbs picture bench clean

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
	@echo "$$ buslint graph --format mermaid|dot|graphml|cytoscape|html|markdown -o $(OUT)/…"
	@cd fixtures/shop && for f in mermaid:md dot:dot graphml:graphml cytoscape:cytoscape.json html:html; do \
		../../$(BIN)/buslint graph --format $${f%%:*} -o ../../$(OUT)/shop-graph.$${f#*:} || exit 2; done
	@cd fixtures/shop && ../../$(BIN)/buslint graph --format markdown -o ../../$(OUT)/shop-catalog \
		2>../../$(OUT)/shop-catalog.log || { cat ../../$(OUT)/shop-catalog.log; exit 2; }
	@echo "wrote $(OUT)/shop-catalog/ (README.md and one page per message)"
	@if command -v dot >/dev/null; then dot -Tsvg $(OUT)/shop-graph.dot -o $(OUT)/shop-graph.svg && \
		echo "wrote $(OUT)/shop-graph.svg (Graphviz)"; fi
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
	$(BIN)/ruff check analyzer rules tests bench tools
	$(BIN)/ruff format --check analyzer rules tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(DEV)
	$(BIN)/python -m pytest

## docs: regenerate docs/rules.md from the rule classes
docs: $(RUNTIME)
	$(BIN)/python -c "from analyzer.rules_doc import reference; open('docs/rules.md', 'w').write(reference())"

## verbs: regenerate the English verb table of the naming rules from lemminflect (dev extra)
verbs: $(DEV)
	$(BIN)/python tools/english_verbs.py > analyzer/link/english_verbs.txt

## picture: render the example's graph for the README (needs Graphviz)
picture: $(RUNTIME)
	cd fixtures/shop && ../../$(BIN)/buslint graph --format dot | dot -Tpng -Gdpi=72 -o ../../docs/example-graph.png

## bench: the benchmark (bench/bench.py): a generated 300k-line monorepo, a real tree (TREE=/path,
## default: the installed libcst sources), the scaling series; QUICK=1 skips the 10x corpus
FIXIT_VENV := .venv-fixit
bench: $(RUNTIME)
	@[ -x $(FIXIT_VENV)/bin/fixit ] || { $(PYTHON) -m venv $(FIXIT_VENV) && \
		$(FIXIT_VENV)/bin/python -m pip install --quiet fixit; } || \
		echo "Fixit could not be installed: the benchmark runs without it"
	$(BIN)/python bench/bench.py --tree "$${TREE:-$$($(BIN)/python -c 'import libcst, os; print(os.path.dirname(libcst.__file__))')}" $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) $(FIXIT_VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
