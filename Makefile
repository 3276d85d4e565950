# llm-warden: `make run` starts the proxy, `make test` runs the suite. Both install first.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
STATE ?= $(HOME)/.llm-warden
LISTEN_HOST ?= 127.0.0.1
LISTEN_PORT ?= 8080
POLICY ?= policies/default.yaml

.PHONY: install run test bench clean help

help:
	@echo "make run      install (if needed) and start the proxy on $(LISTEN_HOST):$(LISTEN_PORT)"
	@echo "make test     install (if needed) and run the test suite"
	@echo "make install  create $(VENV) with a Python >= 3.12 and install llm-warden + dev tools"

$(VENV)/.installed: pyproject.toml
	@set -e; py=$$(sh scripts/find-python.sh); \
	  echo "using $$py ($$($$py --version))"; \
	  [ -x $(PY) ] || $$py -m venv $(VENV); \
	  $(PY) -m pip install --quiet --upgrade pip; \
	  $(PY) -m pip install --quiet -e '.[dev]'
	@sh scripts/ensure-system-deps.sh
	@touch $@

install: $(VENV)/.installed

run: install
	@mkdir -p $(STATE)
	$(VENV)/bin/llm-warden run --listen-host $(LISTEN_HOST) --listen-port $(LISTEN_PORT) \
	  --set warden_policy=$(POLICY) --set warden_audit_dir=$(STATE)/audit \
	  --set warden_signing_key=file:$(STATE)/signing.key --set confdir=$(STATE)/mitmproxy

test: install
	$(PY) -m pytest -q tests

bench: install
	$(VENV)/bin/llm-warden bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info addon/*.egg-info
