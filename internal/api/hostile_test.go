//go:build !js

package api

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/commontext/commontext/internal/testkit/apitest"
	"github.com/commontext/commontext/internal/testkit/hostile"
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
			hostile.Bench(b, func() { do(b, h, rq) })
		})
	}
}

// watchedBody is a request body that records whether it was read to its
// end or closed.
type watchedBody struct {
	r        io.Reader
	eof      bool
	closed   bool
	readLate bool // read after the response started
	answered *bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	if *b.answered {
		b.readLate = true
	}
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

func (b *watchedBody) Close() error { b.closed = true; return nil }

// watchedWriter checks, when the response starts, that the request body
// is finished with.
type watchedWriter struct {
	*httptest.ResponseRecorder
	body     *watchedBody
	answered bool
	eof      bool // the body had been read to its end when the answer began
	closed   bool // the body had been closed when the answer began
}

func (w *watchedWriter) WriteHeader(code int) {
	if !w.answered {
		w.answered, w.eof, w.closed = true, w.body.eof, w.body.closed
	}
	w.ResponseRecorder.WriteHeader(code)
}

func (w *watchedWriter) Write(b []byte) (int, error) {
	if !w.answered {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseRecorder.Write(b)
}

// TestBodyFinishedBeforeAnswer: whatever the answer, the request body is
// read to its end before the response starts (up to maxDrain; a longer one
// is closed, which cancels it), and never read after (issue 12: on the
// Worker, a 413 left an oversize body half read, the runtime dropped the
// connection, and the next request on it got a 503).
func TestBodyFinishedBeforeAnswer(t *testing.T) {
	h := NewHandler(Options{Logf: t.Logf})
	for _, tt := range []struct {
		name, method, target, contentType string
		body                              []byte
		chunked                           bool
		status                            int
	}{
		{"chunked body over the limit", "POST", PlanPath, "application/json", bytes.Repeat([]byte(" "), DefaultMaxBody+100<<10), true, http.StatusRequestEntityTooLarge},
		{"declared body over the limit", "POST", PlanPath, "application/json", bytes.Repeat([]byte(" "), DefaultMaxBody+100<<10), false, http.StatusRequestEntityTooLarge},
		{"body of the wrong type", "POST", PlanPath, "multipart/form-data; boundary=x", apitest.Plan, true, http.StatusUnsupportedMediaType},
		{"unknown query parameter", "POST", PlanPath + "?x=1", "application/json", apitest.Plan, true, http.StatusBadRequest},
		{"body on a GET", "GET", ICSPath, "", []byte("hello"), true, http.StatusBadRequest},
		{"wrong method", "PUT", PlanPath, "application/json", apitest.Plan, true, http.StatusMethodNotAllowed},
		{"a good plan", "POST", PlanPath + "?scenario=best", "application/json", apitest.Plan, true, http.StatusOK},
		{"body longer than what is drained", "POST", PlanPath, "application/json", bytes.Repeat([]byte(" "), DefaultMaxBody+maxDrain+2), true, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &watchedWriter{ResponseRecorder: httptest.NewRecorder()}
			w.body = &watchedBody{r: bytes.NewReader(tt.body), answered: &w.answered}
			r := httptest.NewRequest(tt.method, "http://commontext.test"+tt.target, w.body)
			if tt.chunked {
				r.ContentLength = -1
			} else {
				r.ContentLength = int64(len(tt.body))
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d: %.200s", w.Code, tt.status, w.Body)
			}
			long := len(tt.body) > DefaultMaxBody+maxDrain // more than the handler reads and the drain
			if !long && !w.eof {
				t.Error("the response started before the request body was read to its end")
			}
			if long && !w.closed {
				t.Error("the response started before the request body, too long to read, was closed")
			}
			if w.body.readLate {
				t.Error("the request body was read after the response started")
			}
		})
	}
}
