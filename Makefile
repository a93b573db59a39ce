# Two commands do all set-up on a fresh Debian machine:  make serve   and   make test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build test test-run test-fast test-unit test-build test-site test-sites test-browser bench clean fonts \
	screenshots sys-build sys-test sys-audit audit

# ---- set-up -----------------------------------------------------------------------------------
# uv installs the pinned packages (a fresh venv on this machine: 19 s, where pip took 70 s), compiled to bytecode as
# pip does: where PYTHONDONTWRITEBYTECODE is set (as on our machines) nothing else would, and every process of a build
# or test would compile what it imports (torch and the site's libraries: 2.4 s -> 5.2 s per process). torch is pinned
# to the CPU build: an unpinned torch pulls a multi-GB CUDA wheel. Where the machine keeps the CPU wheel in
# /opt/wheels (as ours do), it comes from there; elsewhere from PyTorch's CPU index.
UV := $(BIN)/uv pip install --python $(BIN)/python --compile-bytecode
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q "uv==0.13.9"
	if ls /opt/wheels/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then \
	  $(UV) --find-links /opt/wheels "torch==2.13.0+cpu"; \
	else \
	  $(UV) --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0+cpu"; \
	fi
	$(UV) -e '.[test]'
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

T := test-results
test:   # every test, set-up included; the order below is what each group needs
	bash scripts/run-tests.sh

# The set-up, two jobs at a time like the rest (npm beside the venv: one core sat idle while uv ran alone); the site's
# build as soon as the venv is ready (the longest chain), the unit and build groups beside it; then the browser tests
# (the longest group) beside the rebuild and the site tests.
test-run: $(STAMP) sys-test $(T)/www/build.log test-unit test-build test-browser test-sites
	@echo "all test groups passed"

# ---- more -------------------------------------------------------------------------------------
build: $(STAMP) sys-build
	$(BIN)/mkdocs build --strict

# ---- the test groups (tests/conftest.py): `make test` runs them two at a time, each when what it needs is built
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider --durations=5
test-fast: $(STAMP) sys-build   # builds nothing: the unit tests and the doctests of snippets/ and sitegen/
	$(PYTEST) tests/unit snippets sitegen

test-unit: test-fast

test-build: $(STAMP) sys-build   # throw-away projects (tests/fixtures/mini), seconds each
	$(PYTEST) tests/build

# The test site: built for (and later served at) a sub-path of a free port's address, as a project site is published;
# then built again from the computed results and executed labs only (every figure redrawn) for the reproducibility test
# (the labs' is tests/site/test_lab_pages.py: each run anew outside the checkout prints what its page shows).
# Dated by SOURCE_DATE_EPOCH; a compute may take 600 s here (120 s by default): it shares the cores with the tests.
TEST_BUILD_ENV := SOURCE_DATE_EPOCH=1795000000 VA_SNIPPET_TIMEOUT=600
test-site: $(T)/www/build.log $(T)/again/build.log
$(T)/www/build.log: $(STAMP) sys-build FORCE   # built again by every `make test`: sources may have changed
	rm -rf $(T)/www && mkdir -p $(T)/www
	echo "http://127.0.0.1:$$($(BIN)/python -c 'import sys; sys.path[:0] = ["scripts"]; import project; print(project.free_port())')/video/analysis/" > $(T)/www/site_url
	SITE_URL=$$(cat $(T)/www/site_url) VA_CACHE_DIR=$(CURDIR)/$(T)/cache $(TEST_BUILD_ENV) \
	  $(BIN)/mkdocs build --strict -d $(T)/www/video/analysis > $(T)/www/build.tmp 2>&1 || { cat $(T)/www/build.tmp; exit 1; }
	mv $(T)/www/build.tmp $@
$(T)/again/build.log: $(T)/www/build.log
	rm -rf $(T)/again $(T)/cache-again && mkdir -p $(T)/again $(T)/cache-again/compute
	cp $(T)/cache/compute/*.pkl $(T)/cache/compute/*.time $(T)/cache-again/compute/
	cp -r $(T)/cache/fonts $(T)/cache/share $(T)/cache/labs $(T)/cache-again/
	SITE_URL=$$(cat $(T)/www/site_url) VA_CACHE_DIR=$(CURDIR)/$(T)/cache-again $(TEST_BUILD_ENV) \
	  $(BIN)/mkdocs build --strict -d $(T)/again/video/analysis > $(T)/again/build.tmp 2>&1 || { cat $(T)/again/build.tmp; exit 1; }
	mv $(T)/again/build.tmp $@

FORCE:

test-sites: $(T)/again/build.log   # tests that read the built site (and its rebuild)
	$(PYTEST) tests/site

test-browser: $(T)/www/build.log node_modules/axe-core/axe.min.js   # Playwright + Debian's chromium
	$(PYTEST) tests/browser

bench: $(STAMP) sys-build   # in one run: build ratios (cold/warm/no-exec), serve edit -> visible, attention
	PYTHONPATH=. $(BIN)/python benchmarks/attention_speed.py
	$(BIN)/python benchmarks/build.py

fonts: $(STAMP)   # regenerate docs/assets/fonts from Debian's Noto fonts
	$(APT) install -y -q fonts-noto-core fonts-noto-mono
	$(BIN)/python scripts/make_fonts.py

screenshots: $(STAMP) sys-test $(T)/www/build.log   # the README's screenshots of the test site
	$(BIN)/python scripts/screenshots.py

audit: $(STAMP) sys-audit node_modules/axe-core/axe.min.js   # Lighthouse + Nu HTML Checker on every page (~10 min)
	$(BIN)/python scripts/audit.py

clean:
	rm -rf site .cache .pytest_cache test-results
