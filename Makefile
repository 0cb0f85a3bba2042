# Set-up and everyday commands. Each target creates the virtualenv it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test validate serve docs bench catalogs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)          ## build the demo trust center (site, PDFs, DOCX) into site/
	$(BIN)/trustgen build --content content --out site

test: $(STAMP)          ## run the whole test suite
	$(BIN)/python -m pytest -q

validate: $(STAMP)
	$(BIN)/trustgen validate --content content

serve: $(STAMP)
	$(BIN)/trustgen serve --content content

docs: $(STAMP)
	$(BIN)/trustgen docs --content content

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

catalogs: $(STAMP)      ## re-extract the UI strings of every domain and merge them into each locale's catalog
	for domain in core site documents questionnaire questionnaire-xlsx portal; do \
	  $(BIN)/pybabel extract -F locales/$$domain.cfg -o locales/$$domain.pot -k Nn_:1,2 --no-location --omit-header . && \
	  $(BIN)/pybabel update -i locales/$$domain.pot -d locales -D $$domain --no-fuzzy-matching; \
	done

clean:
	rm -rf site build .pytest_cache
