# commontext: the two commands that do everything are `make serve` and
# `make test`. Everything here runs Hugo in-process (no Hugo install).
GO ?= go
export CGO_ENABLED = 0
# Short fuzz runs in `make test`: a count of executions per target, not a
# duration. Go 1.26's fuzz coordinator can fail a target with a bare
# "context deadline exceeded" when a duration runs out while a worker is
# busy (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
# It failed FuzzPlanBody once in seven clean runs of make test. Longer runs:
# `make fuzz FUZZTIME=1000000x` (or a duration, accepting that race).
FUZZTIME ?= 10000x
FUZZ = $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x -fuzz
# Runs a js/wasm test binary under Node, as the browser would run the module.
WASMEXEC = $$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
# staticcheck, pinned (2026.2.2 reads Go 1.26), installed into bin/ so that
# it runs natively when it checks the js/wasm packages.
STATICCHECK_VERSION = v0.8.2
STATICCHECK = bin/staticcheck-$(STATICCHECK_VERSION)
# make serve PORT=8080
PORT ?= 1313

.PHONY: help serve build test vet bench fuzz clean

## help: list the targets
help:
	@sed -n 's/^## \([a-z]*\): /  \1\t/p' $(MAKEFILE_LIST) | expand -t 10

## serve: build the site (guide and planner) and serve it with live reload on http://127.0.0.1:1313/ (another port: PORT=8080)
# Built, then run (not go run): go run exits 1 whenever Ctrl+C reaches it,
# whatever the program's own exit status.
serve:
	$(GO) build -o bin/commontext ./cmd/commontext
	exec bin/commontext serve --port $(PORT)

## build: write the site to public/ (BASEURL=https://example.org/guide/ for a sub-path)
build:
	$(GO) run ./cmd/commontext build $(if $(BASEURL),--baseURL $(BASEURL))

## test: every test — Go (native and js/wasm under Node), site, browser (Chromium + axe-core), Worker (wrangler), short fuzz runs
test: node_modules/.installed vet
	@start=$$(date +%s); log=$$(mktemp); \
	  $(GO) test -count=1 -timeout 30m -v ./... > $$log 2>&1; status=$$?; \
	  if [ $$status -eq 0 ]; then grep -E '^(ok|FAIL|\?) ' $$log; \
	  else grep -v -E '^ *(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' $$log; fi; \
	  echo "Skipped tests (SKIP lines; CI=true or COMMONTEXT_REQUIRE_BROWSER=1 makes a missing tool a failure):"; \
	  awk '/--- SKIP/ { print $$0 "\n" prev; n++ } { prev = $$0 } END { if (!n) print "  none" }' $$log; \
	  echo "Time per package, slowest first (packages run side by side; go test ./... took $$(( $$(date +%s) - start )) s):"; \
	  awk '/^(ok|FAIL)[ \t]/ && $$3 ~ /s$$/ { t = $$3; sub(/s$$/, "", t); printf "  %7.1f s  %s\n", t, $$2 }' $$log | sort -rn | head -12; \
	  rm -f $$log; exit $$status
	@start=$$(date +%s); \
	  GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASMEXEC)" ./wasm/ ./engine/planpage/ ./engine/caldate/ ./engine/urlstate/ ./engine/ics/ ./engine/internal/uid/ ./internal/workerbody/ && \
	  echo "js/wasm tests under Node: $$(( $$(date +%s) - start )) s"
	@start=$$(date +%s); $(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME) && echo "fuzz: $$(( $$(date +%s) - start )) s"

## vet: gofmt, go vet and staticcheck over the whole module (native and js/wasm)
vet: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/ ./cmd/worker/ ./internal/workerbody/
	$(STATICCHECK) ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) ./wasm/ ./cmd/worker/ ./internal/workerbody/

## fuzz: run each fuzz target for FUZZTIME executions (the corpus is in each package's testdata/fuzz)
# The targets are what `go test -list '^Fuzz'` finds in the packages that
# have fuzz tests, so a new one is fuzzed without editing this file.
fuzz:
	@set -e; pkgs=$$(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v node_modules | xargs -n1 dirname | sort -u); \
	  list=$$($(GO) test -list '^Fuzz' $$pkgs); \
	  echo "$$list" | awk '/^Fuzz/ { f[n++] = $$1 } /^ok/ { for (i = 0; i < n; i++) print f[i], $$2; n = 0 }' | \
	  while read target pkg; do echo "fuzz $$target $$pkg"; $(FUZZ) "^$$target\$$" $$pkg; done

## bench: measurements (printed, never asserted): build time and page weight, engine speed, wasm size (and its code by Go package), planner in the browser (interactive and where the start-up goes, load blocking, edit→paint, recompute and the engine's part of it, typing, 1,500 meetings, a Chrome trace of a fresh and a warm load: the long tasks and what they are), the programme of work of 200 plans (CLI and browser), A4 pages printed, history replays and forecasts as of each documented milestone, worst-case decoding, Worker API load and memory
bench: node_modules/.installed
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/sitebuild/
	$(GO) test -run '^$$' -bench . -benchmem ./engine/schedule/ ./engine/timeline/ ./engine/planpage/ ./engine/status/
	$(GO) test -run '^$$' -bench WasmByPackage -benchtime 1x -v ./engine/
	$(GO) test -run '^$$' -bench '^Benchmark(Plan|Feed)$$' -benchmem ./internal/api/
	$(GO) test -count=1 -run '^TestHistory(FDIS|Forecast)?$$' -v ./engine/schedule/ | grep -v '^\(=== RUN\|--- PASS\|PASS\|ok \)'
	GOOS=js GOARCH=wasm $(GO) test -run '^$$' -bench . -exec="$(WASMEXEC)" ./engine/planpage/
	$(GO) test -run '^$$' -bench 'Planner|PrintPages' -benchtime 3x ./e2e/sitetest/
	$(GO) test -run '^$$' -bench 'WorstCase|HostileRequest' -benchtime 3x ./engine/internal/jsontree/ ./engine/plan/ ./engine/ics/ ./engine/urlstate/ ./internal/api/
	@log=$$(mktemp); \
	  COMMONTEXT_LOAD=1 $(GO) test -count=1 -run TestWorkerLoad -v ./e2e/workertest/ > $$log 2>&1; status=$$?; \
	  if [ $$status -eq 0 ]; then grep -E 'req/s|p50|p99|requests|memory|MiB' $$log; else cat $$log; fi; \
	  rm -f $$log; exit $$status

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/staticcheck $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## clean: remove everything the build and the tests write (node_modules stays: `make test` reinstalls it only when package files change)
clean:
	rm -rf public resources/_gen assets/gen bin build .wrangler .cache tmp .hugo_build.lock
	find . -name '*.test' -type f -not -path './node_modules/*' -delete

## worker: build the Cloudflare Worker (Go → js/wasm, with its JS shim) into build/worker/ for wrangler
.PHONY: worker
worker:
	$(GO) run ./cmd/workerbuild -o build/worker
