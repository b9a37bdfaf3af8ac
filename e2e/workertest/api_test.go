package workertest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/api"
	"github.com/commontext/commontext/internal/testkit/apitest"
)

// TestWorkerSize reports the Worker's size (the free plan allows 3 MB
// gzipped): printed, not asserted.
func TestWorkerSize(t *testing.T) {
	s := worker(t)
	w := s.worker
	t.Logf("Worker built with %s in %s: app.wasm %d bytes (%.2f MB) raw, %d bytes (%.2f MB) gzip; whole Worker %.2f MB gzip (free-plan limit 3 MB)",
		w.GoVersion, w.Duration.Round(1e6), w.WasmBytes, float64(w.WasmBytes)/1e6, w.WasmGzip, float64(w.WasmGzip)/1e6, float64(w.BundleGzip)/1e6)
}

// checkAPIHeaders: the Worker's responses carry the static site's security
// headers and the API's CSP.
func checkAPIHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for name, want := range map[string]string{
		"Content-Security-Policy": api.CSP,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if h.Get("Permissions-Policy") == "" || h.Get("Cross-Origin-Opener-Policy") == "" {
		t.Error("Permissions-Policy or Cross-Origin-Opener-Policy missing")
	}
}

// inProcess is what the handler answers natively, for comparison with the
// Worker: the same code must give the same bytes.
func inProcess(t *testing.T, method, target string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	return inProcessAt(t, "http://commontext.test", method, target, body)
}

// inProcessAt is inProcess on the origin base: calendar events link to the
// planner of the request's origin.
func inProcessAt(t *testing.T, base, method, target string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, base+target, bytes.NewReader(body))
	w := httptest.NewRecorder()
	api.NewHandler(api.Options{}).ServeHTTP(w, r)
	return w
}

// TestWorkerPlan: POST /api/v1/plan on the Worker gives the schedule, byte
// for byte what the handler gives natively.
func TestWorkerPlan(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	for _, target := range []string{apitest.PlanPath, apitest.PlanPath + "?scenario=best&target=2029-01-31"} {
		resp, body := s.fetch(t, "POST", target, apitest.Plan, map[string]string{"Content-Type": "application/json"}, false)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", target, resp.StatusCode, body)
		}
		checkAPIHeaders(t, resp.Header)
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		want := inProcess(t, "POST", target, apitest.Plan)
		if !bytes.Equal(body, want.Body.Bytes()) {
			t.Errorf("%s: the Worker's schedule (%d bytes) differs from the native handler's (%d bytes)", target, len(body), want.Body.Len())
		}
		var sched struct {
			PlanID    string `json:"plan_id"`
			Scenarios []struct {
				ID    string `json:"id"`
				Steps []any  `json:"steps"`
			} `json:"scenarios"`
		}
		if err := json.Unmarshal(body, &sched); err != nil {
			t.Fatal(err)
		}
		if sched.PlanID == "" || len(sched.Scenarios) == 0 || sched.Scenarios[0].ID != "best" || len(sched.Scenarios[0].Steps) == 0 {
			t.Errorf("%s: schedule %.300s", target, body)
		}
	}
	resp, _ := s.fetch(t, "OPTIONS", apitest.PlanPath, nil, nil, false)
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Allow") != "POST, OPTIONS" {
		t.Errorf("OPTIONS: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestWorkerBadRequests: each bad request gets its 4xx and JSON error from
// the Worker too, never a 5xx.
func TestWorkerBadRequests(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	for _, tc := range apitest.BadRequests() {
		t.Run(tc.Name, func(t *testing.T) {
			resp, body := s.fetch(t, tc.Method, tc.Target, tc.Body, tc.Header, tc.Chunked)
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if resp.StatusCode != tc.Status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tc.Status, body)
			}
			checkAPIHeaders(t, resp.Header)
			var e struct {
				Error api.Error `json:"error"`
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body %.300q: %v", body, err)
			}
			if e.Error.Code != tc.Code || (tc.Field != "" && e.Error.Field != tc.Field) {
				t.Errorf("error %s/%s, want %s/%s: %s", e.Error.Code, e.Error.Field, tc.Code, tc.Field, e.Error.Message)
			}
			if tc.Allow != "" && resp.Header.Get("Allow") != tc.Allow {
				t.Errorf("Allow %q, want %q", resp.Header.Get("Allow"), tc.Allow)
			}
			for _, f := range tc.Problems {
				found := false
				for _, p := range e.Error.Problems {
					found = found || p.Field == f
				}
				if !found {
					t.Errorf("no problem at %q: %v", f, e.Error.Problems)
				}
			}
		})
	}
	if out := s.log.String(); strings.Contains(out, "panic") {
		t.Errorf("the Worker logged a panic:\n%s", out)
	}
}

// TestWorkerFeed: GET /api/v1/plan.ics on the Worker is the native
// handler's calendar (but for the DTSTAMP, the time of the fetch), in CRLF
// lines, with UIDs that do not change from one fetch to the next.
func TestWorkerFeed(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	target := apitest.FeedTarget(apitest.Plan, "")
	var fetches [][]string
	for range 2 {
		resp, body := s.fetch(t, "GET", target, nil, nil, false)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		checkAPIHeaders(t, resp.Header)
		if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if !bytes.HasPrefix(body, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(body, []byte("END:VCALENDAR\r\n")) {
			t.Fatalf("not a calendar: %.200q", body)
		}
		if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf {
			t.Errorf("%d of %d lines end in a bare LF", n-crlf, n)
		}
		fetches = append(fetches, strings.Split(string(body), "\r\n"))
	}
	native := strings.Split(inProcessAt(t, s.base, "GET", target, nil).Body.String(), "\r\n")
	strip := func(lines []string) string {
		var keep []string
		for _, l := range lines {
			if !strings.HasPrefix(l, "DTSTAMP:") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if strip(fetches[0]) != strip(native) {
		t.Error("the Worker's calendar differs from the native handler's")
	}
	if link := "The plan in the planner: " + s.base + "/planner/#p2."; !strings.Contains(strings.ReplaceAll(strings.Join(fetches[0], "\r\n"), "\r\n ", ""), link) {
		t.Errorf("the Worker's events do not link to %s…", link)
	}
	var uids [2][]string
	for i, lines := range fetches {
		for _, l := range lines {
			if u, ok := strings.CutPrefix(l, "UID:"); ok {
				uids[i] = append(uids[i], u)
			}
		}
	}
	if len(uids[0]) == 0 || strings.Join(uids[0], " ") != strings.Join(uids[1], " ") {
		t.Errorf("UIDs changed between two fetches:\n%v\n%v", uids[0], uids[1])
	}

	resp, body := s.fetch(t, "HEAD", target, nil, nil, false)
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Errorf("HEAD: %d, %d bytes, %q", resp.StatusCode, len(body), resp.Header.Get("Content-Type"))
	}
}

// TestDeployDryRun: `wrangler deploy --dry-run` accepts the configuration
// and bundles the Worker as a deployment would, without an account; its
// size line (what Cloudflare's limit counts) is printed.
func TestDeployDryRun(t *testing.T) {
	s := worker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.wrangler, "deploy", "--dry-run", "--config", s.config, "--outdir", t.TempDir())
	cmd.Dir = s.dir
	cmd.Env = wranglerEnv(s.home)
	cmd.WaitDelay = stopTimeout
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Total Upload: .*`).Find(out)
	if m == nil {
		t.Fatalf("no size in wrangler's output:\n%s", out)
	}
	t.Logf("wrangler deploy --dry-run: %s (free-plan limit: 3 MB gzip)", m)
}
