# One entry point: `make site` builds the site from content/, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test browser office layout-tools golden clean

$(BIN)/gongkai: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/gongkai
	$(BIN)/gongkai build --content content --site-dir site

# Headless Chromium and CJK fonts for the browser tests (Debian packages).
browser:
	@command -v chromedriver >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver fonts-noto-cjk; }

# LibreOffice reads DOC/WPS originals and makes the PDF and DOC test files (Debian packages).
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-writer fonts-noto-cjk; }

# Text browsers and converters for the layout matrix (tests/test_layout_matrix.py), Debian packages.
layout-tools:
	@command -v w3m >/dev/null 2>&1 && command -v lynx >/dev/null 2>&1 && command -v pandoc >/dev/null 2>&1 && \
	  command -v pdftotext >/dev/null 2>&1 || { \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    w3m lynx pandoc poppler-utils; }

test: $(BIN)/gongkai browser office layout-tools
	$(BIN)/python -m pytest

golden: $(BIN)/gongkai
	$(BIN)/python -m pytest --update-golden tests/test_golden.py tests/test_render.py

clean:
	rm -rf $(VENV) site .docs build *.egg-info
