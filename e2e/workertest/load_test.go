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

	"github.com/commontext/commontext/internal/api/apitest"
)

// Load test bounds: at most loadMaxRequests requests and loadMaxDuration,
// whichever comes first, on loopback only.
const (
	loadMaxRequests = 5000
	loadMaxDuration = 10 * time.Second
)

// TestWorkerLoad sends the fixture plan to POST /api/v1/plan on the local
// Worker (wrangler dev) from COMMONTEXT_LOAD_C concurrent clients (default
// 4) until COMMONTEXT_LOAD_N requests (default 2000) are done or 10 s have
// passed, and prints requests/s and latency percentiles. With
// COMMONTEXT_LOAD_ENDPOINT=feed it fetches the calendar feed of the same
// plan instead. Every request must succeed; the figures are printed, never
// asserted (they measure this machine and workerd's local mode, not
// Cloudflare's network).
//
//	COMMONTEXT_LOAD=1 go test -count=1 -run TestWorkerLoad -v ./workertest/
func TestWorkerLoad(t *testing.T) {
	if os.Getenv("COMMONTEXT_LOAD") != "1" {
		t.Skip("load test: set COMMONTEXT_LOAD=1 to run it")
	}
	n := envInt(t, "COMMONTEXT_LOAD_N", 2000)
	c := envInt(t, "COMMONTEXT_LOAD_C", 4)
	if n > loadMaxRequests {
		n = loadMaxRequests
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

	ctx, cancel := context.WithTimeout(context.Background(), loadMaxDuration)
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
		t.Errorf("%d of %d requests failed; first: %s", len(failures), len(failures)+len(latencies), failures[0])
	}
	if len(latencies) == 0 {
		t.Fatal("no request completed")
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%s %.40s (%d-byte plan) on wrangler dev: %d requests, concurrency %d, in %s: %.1f requests/s; latency p50 %s, p90 %s, p99 %s, max %s",
		method, target, len(apitest.Plan), len(latencies), c, elapsed.Round(time.Millisecond),
		float64(len(latencies))/elapsed.Seconds(),
		pct(0.50).Round(100*time.Microsecond), pct(0.90).Round(100*time.Microsecond),
		pct(0.99).Round(100*time.Microsecond), latencies[len(latencies)-1].Round(100*time.Microsecond))
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
