# Two commands for a newcomer: `make book` and `make test`. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   := _build/html

.PHONY: setup book test bench bench-widgets bench-train bench-grade bench-check bench-sampled clean

setup: $(STAMP)

# Rebuilt whenever requirements.txt or pyproject.toml is newer than the last install.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# EDITION=reader (the default, into _build/html), student or instructor (into _build/<edition>/html).
EDITION ?= reader

book: $(STAMP)
ifeq ($(EDITION),reader)
	@start=$$(date +%s); \
	W2V_EDITION=reader $(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going || exit 1; \
	echo "book built in $$(( $$(date +%s) - start )) s: open $(CURDIR)/$(SITE)/index.html"
else
	$(BIN)/python tools/build_edition.py $(EDITION)
endif

test: $(STAMP)
	$(BIN)/python -m pytest --cov=w2v_core --cov-report=term-missing:skip-covered

bench-widgets: $(STAMP)
	$(BIN)/python benchmarks/bench_widgets.py

# Figures (f)/(g): the grid of states one at a time against one batch, and the cold data.
bench-sampled: $(STAMP)
	$(BIN)/python benchmarks/bench_sampled_data.py

bench-train: $(STAMP)
	$(BIN)/python benchmarks/bench_train.py

bench-grade: $(STAMP)
	$(BIN)/python benchmarks/bench_grade.py

# The answer checker: a verdict in Python, and in headless Chromium on the built site (run `make book` first).
bench-check: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf _build .pytest_cache .coverage
