# Two commands on a fresh machine: `make run` (set up, run the main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: run test debian-packages clean

CHROMIUM := /usr/bin/chromium
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` needs the package only; `make test` also the test tools (the dev extra).
$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV) $(RUNTIME)

run: $(RUNTIME)
	$(BIN)/tiltaksgraf build

# The browser test of the HTML explorer drives Debian's Chromium (Playwright's own browser download
# does not work here), the PDF tests print the bundled report in DejaVu Sans, and the ontology tests
# run HermiT (owlready2), which needs a Java runtime: install them when missing, through sudo when
# not root.
debian-packages:
	@if [ ! -x $(CHROMIUM) ] || [ ! -f $(DEJAVU) ] || ! command -v java >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends chromium fonts-dejavu-core default-jre-headless; \
	fi

test: $(DEV) debian-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
