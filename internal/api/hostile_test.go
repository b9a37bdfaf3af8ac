//go:build !js

package api

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/commontext/commontext/internal/api/apitest"
	"github.com/commontext/commontext/internal/hostile"
)

// TestPlanBOM: a plan file that starts with a UTF-8 byte order mark is
// accepted, as the CLI and the planner page accept it (issue 12: the API
// answered 400 "invalid character 'ï'").
func TestPlanBOM(t *testing.T) {
	h, _ := newTestHandler(t)
	want := do(t, h, request{method: "POST", target: PlanPath + "?scenario=best", body: apitest.Plan})
	got := do(t, h, request{method: "POST", target: PlanPath + "?scenario=best", body: append([]byte("\xef\xbb\xbf"), apitest.Plan...)})
	if got.Code != http.StatusOK || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Errorf("with a BOM: status %d, body %.200s; want %d and the same schedule as without", got.Code, got.Body, want.Code)
	}
}

// hostileRequests are requests whose size a client chooses: a body up to
// the limit and a query string.
var hostileRequests = []struct {
	name string
	make func(n int) request
}{
	{"repeated query parameter", func(n int) request {
		return request{method: "POST", target: PlanPath + "?" + strings.Repeat("target=2030-01-01&", n/18), body: apitest.Plan}
	}},
	{"many unknown query parameters", func(n int) request {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString("x")
			b.WriteString(strings.Repeat("y", i%7))
			b.WriteString("=1&")
		}
		return request{method: "GET", target: ICSPath + "?" + b.String()}
	}},
}

func init() {
	for _, sh := range hostile.PlanShapes {
		hostileRequests = append(hostileRequests, struct {
			name string
			make func(n int) request
		}{"body: " + sh.Name, func(n int) request {
			return request{method: "POST", target: PlanPath, body: sh.Make(n)}
		}})
	}
}

// TestHostileRequestsLinear: the work of answering a request grows linearly
// with its body and its query string (issue 12: a 256 KiB plan took 1 s,
// and 16 of them stalled every Worker request for a minute).
func TestHostileRequestsLinear(t *testing.T) {
	h := NewHandler(Options{Logf: t.Logf})
	for _, hr := range hostileRequests {
		t.Run(hr.name, func(t *testing.T) {
			g := hostile.Growth(func(n int) {
				if w := do(t, h, hr.make(n)); w.Code < 400 || w.Code >= 500 {
					t.Fatalf("status %d, want a 4xx: %.200s", w.Code, w.Body)
				}
			}, DefaultMaxBody/8, 8)
			t.Logf("growth %.2f (1 is linear, 8 quadratic)", g)
			if g > 3 {
				t.Errorf("answering grows %.1f× faster than the request (1 is linear)", g)
			}
		})
	}
}

// BenchmarkHostileRequest times each hostile request at the largest size
// the API accepts (a 256 KiB body).
func BenchmarkHostileRequest(b *testing.B) {
	h := NewHandler(Options{Logf: b.Logf})
	for _, hr := range hostileRequests {
		rq := hr.make(DefaultMaxBody - 64)
		b.Run(hr.name, func(b *testing.B) {
			for b.Loop() {
				do(b, h, rq)
			}
		})
	}
}
