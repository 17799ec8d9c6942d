# make book: set up .venv (if missing or stale) and build the whole book into _build/html
# make test: set up .venv and run every test
# make bench: clean build, no-change rebuild and one-data-change rebuild times
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book

.PHONY: setup book test bench clean

setup:
	@PYTHON=$(PYTHON) bash scripts/setup-venv.sh

book: setup
	$(JB) build --all -W --keep-going .

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) scripts/bench.py

clean:
	rm -rf _build book/benchmarks book/_generated
