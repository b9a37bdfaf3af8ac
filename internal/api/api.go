// Package api is the planner's HTTP API: the same engine as the
// `commontext plan` command, behind two endpoints.
//
//	POST /api/v1/plan              plan JSON in, schedule JSON out
//	GET  /api/v1/plan.ics?p=STATE  the schedule as a calendar feed
//
// The package is plain net/http so that it is tested natively; cmd/worker
// serves the same handler from a Cloudflare Worker (js/wasm).
//
// Every response, error or not, carries the security headers of the static
// site (layouts/home.headers), with a Content-Security-Policy that lets the
// response load nothing at all. A bad request gets a 4xx status and a JSON
// body
//
//	{"error": {"code": "...", "message": "...", "field": "..."}}
//
// never a 500: a 500 is only written for a panic, which is logged, and the
// tests send every kind of bad input to show that none reaches it.
package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/commontext/commontext/engine/limits"
	"io"
	"log"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/export/exportjson"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// Paths of the API.
const (
	PlanPath = "/api/v1/plan"
	ICSPath  = "/api/v1/plan.ics"
)

// DefaultMaxBody is the largest request body accepted, in bytes. A plan with
// a few hundred meetings is well under 100 KiB, and the Worker holds the
// whole body in memory, so the limit is kept well below plan.MaxSize.
const DefaultMaxBody = limits.APIBody

// MaxState is the longest p parameter accepted, in bytes. URL state is a
// compressed plan, a few KiB for a plan with dozens of meetings; Cloudflare
// refuses URLs over 16 KiB before a Worker sees them, so a longer state
// could not be a working feed URL anyway.
const MaxState = limits.FeedState

// Options configure the handler. The zero value is ready to use.
type Options struct {
	// MaxBody is the request body limit in bytes (DefaultMaxBody if 0).
	MaxBody int64
	// Logf logs panics and other server-side faults (log.Printf if nil).
	// In a Worker, the standard logger writes to the console.
	Logf func(format string, args ...any)
	// Now gives the time stamped on calendar events (time.Now if nil):
	// tests fix it to compare feeds byte for byte.
	Now func() time.Time
}

// securityHeaders are the headers that the static site's _headers file sets
// on every path ("/*" in layouts/home.headers); TestSecurityHeadersMatchSite
// keeps the two in step. Static Assets apply _headers to files only, never
// to a Worker's responses, so the API sets them itself.
var securityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
}

// CSP is the API's Content-Security-Policy: its responses are data, never
// documents, so they may load nothing and be framed by nobody.
const CSP = "default-src 'none'; frame-ancestors 'none'"

type handler struct {
	maxBody int64
	logf    func(string, ...any)
	now     func() time.Time
	// planFn is the engine, schedule.New; tests swap it to reach the
	// handler's last-resort paths.
	planFn func(*plan.Plan, schedule.Options) (*schedule.Schedule, error)
	// formats are the front door's, with JSON.
	formats export.Formats
}

// NewHandler returns the API's handler. It answers every path: paths
// outside the API get the same JSON 404 as unknown API paths, so a Worker
// routed more widely than /api/* still never answers with HTML it does not
// have.
func NewHandler(opt Options) http.Handler {
	h := &handler{maxBody: opt.MaxBody, logf: opt.Logf, now: opt.Now, planFn: schedule.New, formats: exportjson.With()}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBody
	}
	if h.logf == nil {
		h.logf = log.Printf
	}
	if h.now == nil {
		h.now = time.Now
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, kv := range securityHeaders {
		w.Header().Set(kv[0], kv[1])
	}
	w.Header().Set("Content-Security-Policy", CSP)
	rw := &recorder{ResponseWriter: w, body: r.Body}
	defer h.recoverPanic(rw, r)

	switch r.URL.Path {
	case PlanPath:
		if !allow(rw, r, http.MethodPost) {
			return
		}
		h.servePlan(rw, r)
	case ICSPath:
		if !allow(rw, r, http.MethodGet, http.MethodHead) {
			return
		}
		h.serveFeed(rw, r)
	default:
		writeError(rw, http.StatusNotFound, &Error{
			Code:    "not_found",
			Message: fmt.Sprintf("no API endpoint at %s (the endpoints are POST %s and GET %s)", clip(r.URL.Path, 80), PlanPath, ICSPath),
		})
	}
}

// allow answers OPTIONS with the allowed methods and any other method not
// in methods with 405; it reports whether the request may go on.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	allowed := strings.Join(append(methods, http.MethodOptions), ", ")
	w.Header().Set("Allow", allowed)
	if r.Method == http.MethodOptions {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	writeError(w, http.StatusMethodNotAllowed, &Error{
		Code:    "method_not_allowed",
		Message: fmt.Sprintf("method %s is not allowed here; use %s", clip(r.Method, 20), allowed),
	})
	return false
}

// recoverPanic turns a panic into a logged 500, the last resort: a request
// must never take the Worker down, and the client still gets JSON.
// http.ErrAbortHandler keeps its meaning (abort silently).
func (h *handler) recoverPanic(w *recorder, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	h.logf("api: panic serving %s %s: %v\n%s", r.Method, clip(r.URL.Path, 80), v, debug.Stack())
	if w.wrote {
		return // too late for a status; the client sees a cut response
	}
	writeError(w, http.StatusInternalServerError, &Error{
		Code:    "internal",
		Message: "internal error; it has been logged",
	})
}

// recorder remembers whether the response has started, for recoverPanic,
// and finishes with the request body before the response starts.
type recorder struct {
	http.ResponseWriter
	wrote bool
	// body is the request's body, read to its end (at most maxDrain more
	// bytes) before the first byte of the response. A body left half
	// read makes the runtime drop the connection, and the next request
	// on it fails (issue 12: after a 413 to an oversize body, the next
	// request got a 503 from wrangler); a body longer still is cancelled.
	body io.ReadCloser
}

// maxDrain bounds the bytes of a refused request body that are read and
// thrown away so that its connection stays usable: four times the largest
// body the API accepts.
const maxDrain = 4 * DefaultMaxBody

func (r *recorder) start() {
	if r.wrote {
		return
	}
	r.wrote = true
	if r.body != nil && r.body != http.NoBody {
		if n, _ := io.CopyN(io.Discard, r.body, maxDrain); n == maxDrain {
			r.body.Close()
		}
	}
}

func (r *recorder) WriteHeader(code int) {
	r.start()
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.start()
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController and http.MaxBytesReader reach the
// underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Error is the body of every error response, under the key "error".
type Error struct {
	// Code is a stable machine-readable name, e.g. "malformed_json".
	Code string `json:"code"`
	// Message says what is wrong, for a person.
	Message string `json:"message"`
	// Field names the offending request part: a query parameter ("p"), or
	// a JSON path in the plan ("meetings.itu[3].end").
	Field string `json:"field,omitempty"`
	// Problems lists every fault of a plan that fails validation.
	Problems []plan.Problem `json:"problems,omitempty"`
}

// writeError writes e as the JSON error body with the status.
func writeError(w http.ResponseWriter, status int, e *Error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the CSP and nosniff make < and > harmless; keep messages readable
	if err := enc.Encode(struct {
		Error *Error `json:"error"`
	}{e}); err != nil { // cannot happen: only strings
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"encoding the error failed"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeBody writes a successful response. HEAD gets the headers only,
// without Content-Length: the Workers runtime checks a declared length
// against the body (syumai/workers streams it through a FixedLengthStream),
// and a HEAD response has none.
func writeBody(w http.ResponseWriter, r *http.Request, contentType, cache string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", cache)
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// clip shortens s, which may come from the client, for an error message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
