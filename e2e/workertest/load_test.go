package workertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/apitest"
)

// Load test bounds: at each concurrency, at most loadMaxRequests requests
// and loadMaxDuration, whichever comes first, on loopback only.
const (
	loadMaxRequests = 5000
	loadMaxDuration = 10 * time.Second
	// memoryRequests is the number of requests after which the Worker's
	// memory is measured, memoryBatches times: it must stay flat. Each
	// batch is bounded by memoryMaxDuration.
	memoryRequests    = 1000
	memoryBatches     = 3
	memoryMaxDuration = 90 * time.Second
)

// TestWorkerLoad sends the fixture plan to POST /api/v1/plan on the local
// Worker (wrangler dev) at concurrency 1, 4 and 16 (COMMONTEXT_LOAD_C=N for
// one level), COMMONTEXT_LOAD_N requests each (default 300) or 10 s,
// whichever comes first, and prints requests/s and latency percentiles at
// each. Then it prints the Worker's memory (workerd's resident size) after
// warm-up, after 1,000 more requests and after 1,000 more again: a leak
// shows as growth between the last two. With COMMONTEXT_LOAD_ENDPOINT=feed
// it fetches the calendar feed of the same plan instead. Every request
// must succeed; the figures are printed, never asserted (they measure this
// machine and workerd's local mode, not Cloudflare's network).
//
//	COMMONTEXT_LOAD=1 go test -count=1 -run TestWorkerLoad -v ./e2e/workertest/
func TestWorkerLoad(t *testing.T) {
	if os.Getenv("COMMONTEXT_LOAD") != "1" {
		t.Skip("load test: set COMMONTEXT_LOAD=1 to run it")
	}
	n := min(envInt(t, "COMMONTEXT_LOAD_N", 300), loadMaxRequests)
	levels := []int{1, 4, 16}
	if os.Getenv("COMMONTEXT_LOAD_C") != "" {
		levels = []int{envInt(t, "COMMONTEXT_LOAD_C", 4)}
	}
	s := worker(t)
	logOnFailure(t, s)
	method, target := "POST", apitest.PlanPath+"?scenario=best"
	switch e := os.Getenv("COMMONTEXT_LOAD_ENDPOINT"); e {
	case "", "plan":
	case "feed":
		method, target = "GET", apitest.FeedTarget(apitest.Plan, "")
	default:
		t.Fatalf("COMMONTEXT_LOAD_ENDPOINT=%q: want plan or feed", e)
	}
	url := s.base + target

	// Warm up: the first request compiles the wasm module and starts the
	// Go program. Its length is the reference: the same request always
	// gets the same bytes (the feed's DTSTAMP has a fixed width), so a
	// length that differs under concurrency means responses got mixed.
	var wantLen int
	for range 3 {
		status, n, err := send(context.Background(), method, url)
		if err != nil || status != http.StatusOK {
			t.Fatalf("warm-up: status %d, %v", status, err)
		}
		wantLen = n
	}
	t.Logf("%s %.40s (%d-byte plan) on wrangler dev, loopback:", method, target, len(apitest.Plan))
	for _, c := range levels {
		r := load(t, method, url, wantLen, n, c, loadMaxDuration)
		t.Logf("  concurrency %2d: %4d requests in %6s: %7.1f req/s; latency p50 %s, p99 %s, max %s",
			c, r.count, r.elapsed.Round(time.Millisecond), float64(r.count)/r.elapsed.Seconds(),
			r.pct(0.50).Round(100*time.Microsecond), r.pct(0.99).Round(100*time.Microsecond), r.pct(1).Round(100*time.Microsecond))
	}

	batches := memoryBatches
	if os.Getenv("COMMONTEXT_LOAD_BATCHES") == "0" {
		return // speed only
	} else if os.Getenv("COMMONTEXT_LOAD_BATCHES") != "" {
		batches = envInt(t, "COMMONTEXT_LOAD_BATCHES", memoryBatches)
	}

	// Memory: after the runs above, then after each batch of
	// memoryRequests more requests at concurrency 4. The Worker's own
	// figures (Go heap after a collection, JavaScript values held by Go,
	// WebAssembly memory) and its isolate's V8 heap must stay flat;
	// workerd's resident size is printed too, but it is the whole local
	// runtime: with a Worker that only answers a fixed body, it grew from
	// 87 to 190 MiB over ten such batches as well (see the closing note of
	// issue 12).
	t.Logf("Worker memory, after each batch of %d requests at concurrency 4:", memoryRequests)
	t.Logf("  %-22s %12s %10s %12s %16s %14s", "", "Go heap (GC)", "JS values", "wasm memory", "V8 heap used/total", "workerd RSS")
	measure := func(label string) {
		m := s.memory(t)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h, err := s.isolateHeap(ctx)
		if err != nil {
			t.Fatalf("Worker memory: %v", err)
		}
		rss, err := workerRSS(s.cmd.Process)
		if err != nil {
			t.Fatalf("Worker memory: %v", err)
		}
		mib := func(b float64) float64 { return b / (1 << 20) }
		t.Logf("  %-22s %8.1f KiB %10d %8.1f MiB %7.1f/%4.1f MiB %10.1f MiB", label,
			float64(m.GoHeapAlloc)/(1<<10), m.JSValues, mib(float64(m.WasmMemory)), mib(h.Used), mib(h.Total), mib(float64(rss)))
	}
	measure("after the runs above")
	for i := range batches {
		r := load(t, method, url, wantLen, memoryRequests, 4, memoryMaxDuration)
		measure(fmt.Sprintf("+%d requests", (i+1)*r.count))
	}
}

// loadResult is one load run: the latencies of the requests that
// succeeded, sorted, and how long the run took.
type loadResult struct {
	count     int
	elapsed   time.Duration
	latencies []time.Duration
}

func (r loadResult) pct(p float64) time.Duration {
	return r.latencies[int(p*float64(len(r.latencies)-1))]
}

// load sends n requests from c concurrent clients, or as many as fit in
// limit, and fails the test if any fails or gets a body of another length
// than wantLen.
func load(t *testing.T, method, url string, wantLen, n, c int, limit time.Duration) loadResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var (
		next      atomic.Int64
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, n)
		failures  []string
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				t0 := time.Now()
				status, n, err := send(ctx, method, url)
				d := time.Since(t0)
				if ctx.Err() != nil {
					return // cut off by the time limit: not counted
				}
				mu.Lock()
				if err != nil || status != http.StatusOK || n != wantLen {
					failures = append(failures, fmt.Sprintf("status %d, %d bytes (want %d), %v", status, n, wantLen, err))
				} else {
					latencies = append(latencies, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(failures) > 0 {
		t.Errorf("concurrency %d: %d of %d requests failed; first: %s", c, len(failures), len(failures)+len(latencies), failures[0])
	}
	if len(latencies) == 0 {
		t.Fatalf("concurrency %d: no request completed", c)
	}
	slices.Sort(latencies)
	return loadResult{count: len(latencies), elapsed: elapsed, latencies: latencies}
}

// send sends a request (POST: with the fixture plan) and returns the
// status and the length of the body, which it discards.
func send(ctx context.Context, method, url string) (int, int, error) {
	var body io.Reader
	if method == "POST" {
		body = bytes.NewReader(apitest.Plan)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return 0, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, int(n), err
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}
