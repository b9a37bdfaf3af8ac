package workertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/commontext/commontext/internal/testkit/apitest"
)

// memory is the Worker's own account of its memory (GET
// /api/_diagnostics/memory, served because the tests set
// COMMONTEXT_DIAGNOSTICS; see cmd/worker/worker.mjs).
type memory struct {
	// GoHeapAlloc is the Go heap in use after a collection, in bytes.
	GoHeapAlloc int64 `json:"go_heap_alloc"`
	GoSys       int64 `json:"go_sys"`
	// JSValues counts the JavaScript values the Go program holds
	// (wasm_exec.js's table): a js.Func never released stays there.
	JSValues   int64 `json:"js_values"`
	WasmMemory int64 `json:"wasm_memory"`
	Goroutines int64 `json:"goroutines"`
}

func (m memory) String() string {
	return fmt.Sprintf("Go heap %.1f KiB after GC, %d JS values held by Go, %d goroutines, wasm memory %.1f MiB",
		float64(m.GoHeapAlloc)/(1<<10), m.JSValues, m.Goroutines, float64(m.WasmMemory)/(1<<20))
}

// memory asks the Worker for its memory.
func (s *server) memory(t testing.TB) memory {
	t.Helper()
	resp, body := s.fetch(t, "GET", "/api/_diagnostics/memory", nil, nil, false)
	var m memory
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("diagnostics: status %d: %.200s", resp.StatusCode, body)
	}
	// A Go program always holds some values (its globals, the handler):
	// none means that wasm_exec.js no longer has the table worker.mjs
	// counts, and the leak check would pass on nothing.
	if err := json.Unmarshal(body, &m); err != nil || m.WasmMemory == 0 || m.JSValues == 0 || m.GoHeapAlloc == 0 {
		t.Fatalf("diagnostics: %v: %.200s", err, body)
	}
	return m
}

// Growth allowed over leakRounds rounds of every kind of request (about
// 450 requests): a few JavaScript values and a little Go heap for what a
// collection happens to leave. Before the Worker carried bodies itself
// (internal/workerbody), syumai/workers left a js.Func behind for each
// chunk of a request body read and each response written: about 16 values
// and 2.7 KB of Go heap per planning request, that is thousands of values
// and about a megabyte here.
const (
	leakRounds        = 10
	leakMaxJSValues   = 8
	leakMaxGoHeapGrow = 128 << 10
)

// TestWorkerLeavesNothingBehind: the Worker keeps one Go program for all
// the requests of an isolate, so a request must leave nothing in it. After
// a warm-up, leakRounds rounds of every request the API answers (a plan,
// the feed, HEAD, and every bad request of apitest.BadRequests: oversize,
// chunked, malformed...) must not grow the JavaScript values that Go holds
// or its heap.
func TestWorkerLeavesNothingBehind(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	round := func() {
		t.Helper()
		for _, r := range []struct {
			method, target string
			body           []byte
		}{
			{"POST", apitest.PlanPath + "?scenario=all", apitest.Plan},
			{"GET", apitest.FeedTarget(apitest.Plan, ""), nil},
			{"HEAD", apitest.FeedTarget(apitest.Plan, ""), nil},
		} {
			if resp, body := s.fetch(t, r.method, r.target, r.body, nil, false); resp.StatusCode != http.StatusOK {
				t.Fatalf("%s %.60s: status %d: %.200s", r.method, r.target, resp.StatusCode, body)
			}
		}
		for _, tc := range apitest.BadRequests() {
			if resp, body := s.fetch(t, tc.Method, tc.Target, tc.Body, tc.Header, tc.Chunked); resp.StatusCode != tc.Status {
				t.Fatalf("%s: status %d, want %d: %.200s", tc.Name, resp.StatusCode, tc.Status, body)
			}
		}
	}
	for range 2 { // warm-up: the Go program starts, its pools fill
		round()
	}
	before := s.memory(t)
	for range leakRounds {
		round()
	}
	after := s.memory(t)
	n := leakRounds * (3 + len(apitest.BadRequests()))
	t.Logf("before %d requests: %s", n, before)
	t.Logf("after:  %s", after)
	if d := after.JSValues - before.JSValues; d > leakMaxJSValues {
		t.Errorf("%d requests left %d more JavaScript values in the Go program (%.1f per request); want at most %d",
			n, d, float64(d)/float64(n), leakMaxJSValues)
	}
	if d := after.GoHeapAlloc - before.GoHeapAlloc; d > leakMaxGoHeapGrow {
		t.Errorf("%d requests grew the Go heap by %d bytes after collection (%.0f per request); want at most %d",
			n, d, float64(d)/float64(n), leakMaxGoHeapGrow)
	}
	if after.Goroutines > before.Goroutines {
		t.Errorf("goroutines: %d before, %d after: a request left one running", before.Goroutines, after.Goroutines)
	}
}

// TestDiagnosticsNotDeployed: the memory diagnostics (which force a
// garbage collection) are for the tests; the deployed configuration does
// not turn them on.
func TestDiagnosticsNotDeployed(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "wrangler.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("COMMONTEXT_DIAGNOSTICS")) {
		t.Error("wrangler.toml sets COMMONTEXT_DIAGNOSTICS: the deployed Worker would answer /api/_diagnostics/memory")
	}
}
