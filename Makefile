# Two commands do all set-up on a fresh Debian machine:  make serve   and   make test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build test test-fast bench clean fonts screenshots sys-build sys-test sys-audit audit

# ---- set-up -----------------------------------------------------------------------------------
# torch is pinned to the CPU build: an unpinned torch pulls a multi-GB CUDA wheel. Where the machine
# keeps the CPU wheel in /opt/wheels (as ours do), pip takes it from there; elsewhere from PyTorch's CPU index.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if ls /opt/wheels/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then \
	  $(BIN)/pip install --find-links /opt/wheels "torch==2.13.0+cpu"; \
	else \
	  $(BIN)/pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0+cpu"; \
	fi
	$(BIN)/pip install -e '.[test]'
	touch $@

# System packages: Debian's Noto fonts (Devanagari glyphs for the figures), and Chromium for browser tests.
APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)
sys-build:
	@test -f /usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf || \
	  { $(APT) update -q && DEBIAN_FRONTEND=noninteractive $(APT) install -y -q fonts-noto-core; }
sys-test: sys-build
	@command -v chromium >/dev/null && command -v npm >/dev/null && \
	  test -f /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf || \
	  { $(APT) update -q && DEBIAN_FRONTEND=noninteractive $(APT) install -y -q chromium fonts-noto-mono $$(command -v npm >/dev/null || echo nodejs npm); }
sys-audit: sys-test   # Java for the Nu HTML Checker (vnu-jar); only `make audit` needs it
	@command -v java >/dev/null || \
	  { $(APT) update -q && DEBIAN_FRONTEND=noninteractive $(APT) install -y -q default-jre-headless; }

# axe-core for the accessibility tests, Lighthouse and vnu-jar for `make audit`, pinned in package-lock.json
node_modules/axe-core/axe.min.js: package-lock.json | sys-test
	npm ci --no-audit --no-fund
	touch $@

# ---- the two commands -------------------------------------------------------------------------
serve: $(STAMP) sys-build
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST)

test: $(STAMP) sys-test node_modules/axe-core/axe.min.js
	bash scripts/run-tests.sh

# ---- more -------------------------------------------------------------------------------------
build: $(STAMP) sys-build
	$(BIN)/mkdocs build --strict

test-fast: $(STAMP) sys-build   # no browser, no full builds
	$(BIN)/python -m pytest -m "not slow and not browser" -q

bench: $(STAMP) sys-build   # timings as ratios in one run: the build (cold/warm/no-exec/prose-edit) and attention
	$(BIN)/python benchmarks/attention_speed.py
	$(BIN)/python benchmarks/build.py

fonts: $(STAMP)   # regenerate docs/assets/fonts from Debian's Noto fonts
	$(APT) install -y -q fonts-noto-core fonts-noto-mono
	$(BIN)/python scripts/make_fonts.py

screenshots: $(STAMP) sys-test   # the README's screenshots, taken by the browser tests
	VA_SCREENSHOT_DIR=$(CURDIR)/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_browser.py -k screenshots

audit: $(STAMP) sys-audit node_modules/axe-core/axe.min.js   # Lighthouse + Nu HTML Checker on every page (~10 min)
	$(BIN)/python scripts/audit.py

clean:
	rm -rf site .cache .pytest_cache test-results
