# make book: set up .venv (if missing or stale) and build the whole book into _build/html
# make test: set up .venv and the browser, then run every test
# make bench: clean build, no-change rebuild and one-data-change rebuild times of `make book`, then the pytest run of `make test`
# make page BENCHMARK=<id> [cutoff_date=YYYY-MM-DD] [sample=...] [peak=...]: one what-if benchmark page under _build/pages/
# make mutation: mutation score of the analysis package (minutes; not part of make test)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book

.PHONY: setup book test bench page mutation clean

setup:
	@PYTHON=$(PYTHON) bash scripts/setup-venv.sh

book: setup
	$(PY) -m analysis.book.build

test: setup
	@PY=$(PY) bash scripts/setup-browser.sh
	$(PY) -m pytest

bench: setup
	$(PY) scripts/bench.py

page: setup
	$(PY) -m analysis.book.whatif $(BENCHMARK) $(if $(cutoff_date),--cutoff-date $(cutoff_date)) $(if $(sample),--sample $(sample)) $(if $(peak),--peak $(peak))

mutation: setup
	$(PY) scripts/mutation.py

clean:
	$(PY) -c "from analysis.book.build import clean; clean()"
