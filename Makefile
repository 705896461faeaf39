# Rae Workbench: the everyday commands. Every target that builds runs scripts/deps.sh first.

CARGO ?= cargo
RAE := target/debug/rae
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

WORKBENCH := target/debug/rae-workbench
RUN_SAMPLE := samples/games/pong.rae

# `make cli-tour` shows the manifest as a table: one line per function instead of pages of JSON.
define MANIFEST_TABLE
import json, sys
rows = [("kind", "function", "links to", "attributes")]
for f in json.load(sys.stdin)["functions"]:
    kind = f["kind"] if isinstance(f["kind"], str) else "Script " + f["kind"]["Script"]
    if f["native_only"]:
        kind += " (native only)"
    params = ", ".join(f"{p['name']}: {p['mode']} {p['type']}" for p in f["params"])
    signature = f"{f['name']}({params})" + (f" ret {f['returns']}" if f["returns"] else "")
    links = ([f"C symbol {f['host_symbol']}"] if f["host_symbol"] else []) + (
        [f"VM native {f['registry_key']}"] if f["registry_key"] else [])
    rows.append((kind, signature, ", ".join(links) or "-", " ".join(f["attributes"])))
widths = [max(len(row[i]) for row in rows) for i in range(3)]
for row in rows:
    print(("   " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3]).rstrip())
endef
export MANIFEST_TABLE

.DEFAULT_GOAL := help
.PHONY: help deps build test run cli-tour bench lint fmt

help:
	@echo "Rae Workbench - make targets:"
	@echo "  make run       build, then open the workbench on $(RUN_SAMPLE) and run it"
	@echo "  make cli-tour  build, then check and run sample programs with the rae CLI"
	@echo "  make test      build, run every test, then fmt and clippy checks"
	@echo "  make build     build the rae CLI and the workbench (target/debug/)"
	@echo "  make bench     run the benchmarks (cargo bench -p rae-tests)"
	@echo "  make lint      cargo fmt --check and clippy -D warnings"
	@echo "  make fmt       format the Rust sources"
	@echo "  make deps      install missing system packages (apt-get)"

deps:
	@scripts/deps.sh

build: deps
	$(CARGO) build --workspace --bins

# One build of everything, tests included: `cargo test` resolves features as it does, so no
# dependency (raylib's cmake build among them) is built twice, and the tests use the `rae` it
# built instead of building their own. The build is also the clippy pass: clippy-driver
# compiles the workspace's own crates (what `cargo clippy` does, with `-D warnings` handed over
# the way cargo-clippy hands it), which saves a second, check-only pass over every dependency.
CLIPPY_BUILD := RUSTC_WORKSPACE_WRAPPER="$$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)" \
	CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

test: deps
	$(CARGO) fmt --all --check
	$(CLIPPY_BUILD) $(CARGO) build --workspace --all-targets
	$(CLIPPY_BUILD) RAE_BIN=$(CURDIR)/$(RAE) $(CARGO) test --workspace

run: build
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: no display (DISPLAY is unset); to try it headless: xvfb-run -a $(WORKBENCH) $(RUN_SAMPLE) --run" >&2; \
	  exit 1; \
	fi
	$(WORKBENCH) $(RUN_SAMPLE) --run

cli-tour: build
	@echo
	@echo "== rae check samples/programs/inventory.rae"
	@$(RAE) check samples/programs/inventory.rae
	@echo "   no problems found in samples/programs/inventory.rae"
	@echo
	@echo "== rae check --manifest samples/hybrid/hybrid.rae, as a table (docs/hybrid.md explains it)"
	@$(RAE) check --manifest samples/hybrid/hybrid.rae | python3 -c "$$MANIFEST_TABLE"
	@echo
	@echo "== rae run samples/programs/adventure.rae (the bytecode VM)"
	@$(RAE) run samples/programs/adventure.rae

bench: deps
	$(CARGO) bench -p rae-tests

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all
