# The two commands of the README, and the steps they share.
SHELL := /bin/bash
export PATH := $(CURDIR)/tests/e2e/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test setup build

## Installs what is missing, builds the release and serves the Vancouver demo.
demo: setup build
	./target/release/convene --demo $(if $(ADDR),--addr $(ADDR))

## Installs what is missing (Chromium too), checks formatting and lints, and runs every test.
test:
	.ci/setup --browser
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(MAKE) build
	cargo test --workspace
	tests/it/with-postgres cargo test --workspace --test it
	tests/api/run 10
	cd tests/e2e && node --test

setup:
	.ci/setup

## The site first, precompressed (brotli and gzip), then the server, which embeds it.
build:
	cargo leptos build --release --precompress
