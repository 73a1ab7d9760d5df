# `make run` and `make test` work on a fresh machine: they set up what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
SHARED := ../shared

.PHONY: run test venv chromium node services unit api realtime browser scale web-unit contract bench clean protocol i18n

run: venv
	$(BIN)/coboard demo

test: venv chromium node services
	$(BIN)/python -m pytest tests -q -p no:cacheprovider
	node --test web/tests/
	@if [ -f $(SHARED)/tools/contract_smoke.py ]; then \
		$(BIN)/python $(SHARED)/tools/contract_smoke.py; \
	else echo "contract smoke: skipped, no $(SHARED)/tools/contract_smoke.py"; fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	touch $(STAMP)

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
chromium:
	@test -x /usr/bin/chromium || { $(APT) update -qq && $(APT) install -y -qq chromium; }

node:
	@command -v node >/dev/null || { $(APT) update -qq && $(APT) install -y -qq nodejs; }

# PostgreSQL, Redis and nginx for tests/scale and the benches: they start their own servers on
# free ports in temp folders (bench/services.py), never the system's services.
services:
	@{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null && \
		test -x /usr/sbin/nginx; } || \
		{ $(APT) update -qq && $(APT) install -y -qq postgresql redis-server nginx; }

unit: venv
	$(BIN)/python -m pytest tests/unit -q
api: venv
	$(BIN)/python -m pytest tests/api -q
realtime: venv
	$(BIN)/python -m pytest tests/realtime -q
browser: venv chromium
	$(BIN)/python -m pytest tests/browser -q
scale: venv services
	$(BIN)/python -m pytest tests/scale -q
web-unit: node
	node --test web/tests/
contract: venv
	$(BIN)/python $(SHARED)/tools/contract_smoke.py

# docs/protocol.md and web/protocol.js, generated from server/protocol/ (a test fails when they drift)
protocol: venv
	$(BIN)/python -m server.protocol.generate
	$(BIN)/python -m tests.unit.predictions

bench: venv node services
	$(BIN)/python bench/fanout.py

clean:
	rm -rf $(VENV) .pytest_cache

# The message catalogues: new messages of the code into server/i18n/locales/*/messages.po (to be
# translated there, by a person), and web/i18n/<lang>.json written from them (a unit test checks both)
i18n: venv
	$(BIN)/python -m server.i18n.build
