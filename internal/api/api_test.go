package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/internal/testkit/apitest"
)

// fixedNow is the DTSTAMP of calendars in the tests.
var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newTestHandler(t testing.TB) (http.Handler, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	return NewHandler(Options{Logf: logs.Printf, Now: func() time.Time { return fixedNow }}), logs
}

// logBuffer collects what the handler logs, which should be nothing for
// any client error.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.b, format+"\n", args...)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testPlan returns the fixture plan file.
func testPlan(t testing.TB) []byte { return apitest.Plan }

// editPlan returns the fixture plan with edit applied to its JSON object.
func editPlan(t testing.TB, edit func(m map[string]any)) []byte { return apitest.EditPlan(edit) }

type request struct {
	method string
	target string // path and query
	body   []byte
	header map[string]string
	chunk  bool // send the body without Content-Length
}

func do(t testing.TB, h http.Handler, rq request) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if rq.body != nil {
		body = bytes.NewReader(rq.body)
		if rq.chunk {
			body = io.MultiReader(body) // hides the length from httptest
		}
	}
	r := httptest.NewRequest(rq.method, "http://commontext.test"+rq.target, body)
	if rq.chunk {
		r.ContentLength = -1
	}
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// errorBody decodes a JSON error response strictly.
func errorBody(t testing.TB, w *httptest.ResponseRecorder) *Error {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q, want application/json; body %q", ct, w.Body.String())
	}
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	var v struct {
		Error *Error `json:"error"`
	}
	if err := dec.Decode(&v); err != nil || v.Error == nil {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	if v.Error.Code == "" || v.Error.Message == "" {
		t.Errorf("error body %q: want a code and a message", w.Body.String())
	}
	return v.Error
}

// checkSecurityHeaders: every response, success or error, carries the
// site's security headers and the API's own CSP.
func checkSecurityHeaders(t testing.TB, h http.Header) {
	t.Helper()
	for _, kv := range securityHeaders {
		if got := h.Values(kv[0]); len(got) != 1 || got[0] != kv[1] {
			t.Errorf("%s = %q, want %q", kv[0], got, kv[1])
		}
	}
	if got := h.Get("Content-Security-Policy"); got != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("Content-Security-Policy = %q", got)
	}
	if h.Get("Cache-Control") == "" {
		t.Error("no Cache-Control")
	}
}

func TestPlan(t *testing.T) {
	h, logs := newTestHandler(t)
	body := testPlan(t)
	w := do(t, h, request{method: "POST", target: PlanPath, body: body, header: map[string]string{"Content-Type": "application/json"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, body %s", w.Code, w.Body)
	}
	checkSecurityHeaders(t, w.Header())
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}

	// The response is exactly what the engine gives, encoded as
	// `commontext plan --format json` encodes it.
	p, err := plan.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(s, "", "  ")
	if got := w.Body.String(); got != string(want)+"\n" {
		t.Errorf("body differs from the engine's schedule:\ngot  %.300s…\nwant %.300s…", got, want)
	}
	var got schedule.Schedule
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.PlanID != p.ID.String() || len(got.Scenarios) < 2 || got.Scenarios[0].ID != "best" || len(got.Scenarios[0].Steps) == 0 {
		t.Errorf("schedule: plan %s, %d scenarios; want the plan's id and every scenario, best first", got.PlanID, len(got.Scenarios))
	}
	if l := logs.String(); l != "" {
		t.Errorf("logged %q", l)
	}
}

func TestPlanQuery(t *testing.T) {
	h, _ := newTestHandler(t)
	body := testPlan(t)
	for _, tc := range []struct {
		query     string
		scenarios []string
		direction string
	}{
		{"?scenario=best", []string{"best"}, "forward"},
		{"?scenario=best,fdis", []string{"best", "fdis"}, "forward"},
		{"?target=2029-01-31&scenario=best", []string{"best"}, "backward"},
		{"?ruleset=guide-2014&scenario=all", nil, "forward"},
		// The engine's ParseScenarios de-duplicates: 2800 × best is one.
		{"?scenario=" + strings.Repeat("best,", 2799) + "best", []string{"best"}, "forward"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			w := do(t, h, request{method: "POST", target: PlanPath + tc.query, body: body})
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, body %s", w.Code, w.Body)
			}
			var s schedule.Schedule
			if err := json.Unmarshal(w.Body.Bytes(), &s); err != nil {
				t.Fatal(err)
			}
			if s.Direction != tc.direction {
				t.Errorf("direction %q, want %q", s.Direction, tc.direction)
			}
			var ids []string
			for _, sc := range s.Scenarios {
				ids = append(ids, string(sc.ID))
			}
			if tc.scenarios != nil && strings.Join(ids, ",") != strings.Join(tc.scenarios, ",") {
				t.Errorf("scenarios %v, want %v", ids, tc.scenarios)
			}
			if tc.scenarios == nil && len(ids) < 2 {
				t.Errorf("scenarios %v, want all", ids)
			}
		})
	}
}

// TestPlanUnknownScenario: an unknown scenario is the engine's error, in
// the field "scenario", whether no plan has it or only this one lacks it.
func TestPlanUnknownScenario(t *testing.T) {
	h, _ := newTestHandler(t)
	body := editPlan(t, func(m map[string]any) { m["deliverable"] = "tr" }) // a TR has no FDIS ballot
	for _, id := range []string{"worst", "fdis"} {
		p, err := plan.Parse(body)
		if err != nil {
			t.Fatal(err)
		}
		_, want := schedule.New(p, schedule.Options{Scenarios: []schedule.ScenarioID{schedule.ScenarioID(id)}})
		if id == "worst" {
			_, want = schedule.ParseScenarios(id)
		}
		var ue *schedule.UnknownScenarioError
		if !errors.As(want, &ue) {
			t.Fatalf("%s: the engine says %v, want an UnknownScenarioError", id, want)
		}
		w := do(t, h, request{method: "POST", target: PlanPath + "?scenario=best," + id, body: body})
		var e struct{ Error Error }
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatalf("%s: %v: %s", id, err, w.Body)
		}
		if w.Code != http.StatusBadRequest || e.Error.Field != "scenario" || e.Error.Message != want.Error() {
			t.Errorf("%s: status %d, %+v; want 400, field scenario, %q", id, w.Code, e.Error, want)
		}
	}
}

// TestPlanWithoutID: a plan with no id gets one from its content, so the
// same plan gives the same schedule twice, and a different plan another.
func TestPlanWithoutID(t *testing.T) {
	h, _ := newTestHandler(t)
	noID := editPlan(t, func(m map[string]any) { delete(m, "id") })
	retitled := editPlan(t, func(m map[string]any) { delete(m, "id"); m["title"] = "another" })
	ids := map[string]string{}
	for i, body := range [][]byte{noID, noID, retitled} {
		w := do(t, h, request{method: "POST", target: PlanPath + "?scenario=best", body: body})
		if w.Code != http.StatusOK {
			t.Fatalf("request %d: status %d, body %s", i, w.Code, w.Body)
		}
		var s schedule.Schedule
		if err := json.Unmarshal(w.Body.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if s.PlanID == "" || s.PlanID == "00000000-0000-0000-0000-000000000000" {
			t.Fatalf("request %d: plan_id %q", i, s.PlanID)
		}
		ids[fmt.Sprint(i)] = s.PlanID
	}
	if ids["0"] != ids["1"] {
		t.Errorf("same plan, different ids %s and %s", ids["0"], ids["1"])
	}
	if ids["0"] == ids["2"] {
		t.Errorf("different plans, same id %s", ids["0"])
	}
}

func TestOptions(t *testing.T) {
	h, _ := newTestHandler(t)
	for path, allow := range map[string]string{PlanPath: "POST, OPTIONS", ICSPath: "GET, HEAD, OPTIONS"} {
		w := do(t, h, request{method: "OPTIONS", target: path})
		if w.Code != http.StatusNoContent || w.Header().Get("Allow") != allow || w.Body.Len() != 0 {
			t.Errorf("OPTIONS %s: %d, Allow %q, body %q; want 204, Allow %q", path, w.Code, w.Header().Get("Allow"), w.Body, allow)
		}
		checkSecurityHeaders(t, w.Header())
	}
}

// TestSharedConstants: package apitest, which cannot import this one,
// writes out the same paths and limits.
func TestSharedConstants(t *testing.T) {
	if apitest.PlanPath != PlanPath || apitest.ICSPath != ICSPath || apitest.MaxBody != DefaultMaxBody || apitest.MaxState != MaxState {
		t.Error("package apitest's constants differ from package api's")
	}
}

// TestBadRequests: every bad request gets its 4xx and a JSON error that
// names the field, with the security headers, and nothing is logged: no
// bad input reaches the 500 path.
func TestBadRequests(t *testing.T) {
	h, logs := newTestHandler(t)
	for _, tc := range apitest.BadRequests() {
		t.Run(tc.Name, func(t *testing.T) {
			w := do(t, h, request{method: tc.Method, target: tc.Target, body: tc.Body, header: tc.Header, chunk: tc.Chunked})
			if w.Code != tc.Status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.Status, w.Body)
			}
			checkSecurityHeaders(t, w.Header())
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			e := errorBody(t, w)
			if e.Code != tc.Code {
				t.Errorf("code %q, want %q (message %q)", e.Code, tc.Code, e.Message)
			}
			if tc.Field != "" && e.Field != tc.Field {
				t.Errorf("field %q, want %q (message %q)", e.Field, tc.Field, e.Message)
			}
			if tc.Allow != "" && w.Header().Get("Allow") != tc.Allow {
				t.Errorf("Allow %q, want %q", w.Header().Get("Allow"), tc.Allow)
			}
			if tc.Code == "invalid_plan" && len(e.Problems) == 0 {
				t.Errorf("no problems listed: %s", w.Body)
			}
			for _, f := range tc.Problems {
				found := false
				for _, p := range e.Problems {
					found = found || p.Field == f
				}
				if !found {
					t.Errorf("no problem at %q; problems %v", f, e.Problems)
				}
			}
		})
	}
	if l := logs.String(); l != "" {
		t.Errorf("bad requests were logged as server faults:\n%s", l)
	}
}

// TestInvalidPlanProblems: a plan that fails validation gets a 422 listing
// each problem with the JSON path of its field.
func TestInvalidPlanProblems(t *testing.T) {
	h, _ := newTestHandler(t)
	w := do(t, h, request{method: "POST", target: PlanPath, body: apitest.InvalidPlan()})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d; body %s", w.Code, w.Body)
	}
	e := errorBody(t, w)
	fields := map[string]string{}
	for _, p := range e.Problems {
		fields[p.Field] = p.Message
	}
	for _, want := range []string{"deliverable", "start.date", "meetings.itu[3].end"} {
		if fields[want] == "" {
			t.Errorf("no problem at %s; problems: %v", want, e.Problems)
		}
	}
	if !strings.Contains(e.Message, fmt.Sprint(len(e.Problems))) {
		t.Errorf("message %q does not count the %d problems", e.Message, len(e.Problems))
	}
}

// TestPanicIsLastResort: an engine panic is logged and answered with a
// JSON 500, and the handler keeps serving.
func TestPanicIsLastResort(t *testing.T) {
	logs := &logBuffer{}
	h := NewHandler(Options{Logf: logs.Printf}).(*handler)
	h.planFn = func(*plan.Plan, schedule.Options) (*schedule.Schedule, error) { panic("engine bug") }
	w := do(t, h, request{method: "POST", target: PlanPath, body: testPlan(t)})
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", w.Code)
	}
	checkSecurityHeaders(t, w.Header())
	if e := errorBody(t, w); e.Code != "internal" || strings.Contains(e.Message, "engine bug") {
		t.Errorf("error %+v: want code internal and no internals", e)
	}
	if l := logs.String(); !strings.Contains(l, "engine bug") || !strings.Contains(l, "goroutine") {
		t.Errorf("log %q: want the panic and its stack", l)
	}

	// An error the handler does not know is a bug too, not the client's.
	h.planFn = func(*plan.Plan, schedule.Options) (*schedule.Schedule, error) { return nil, errors.New("disk on fire") }
	if w := do(t, h, request{method: "POST", target: PlanPath, body: testPlan(t)}); w.Code != http.StatusInternalServerError {
		t.Errorf("unknown engine error: status %d, want 500", w.Code)
	}
	h.planFn = func(*plan.Plan, schedule.Options) (*schedule.Schedule, error) {
		return nil, &schedule.PlanningError{Scenario: "best", Msg: "no meeting allows consent"}
	}
	w = do(t, h, request{method: "POST", target: PlanPath, body: testPlan(t)})
	if w.Code != http.StatusUnprocessableEntity || errorBody(t, w).Code != "unschedulable" {
		t.Errorf("planning error: status %d, body %s; want 422 unschedulable", w.Code, w.Body)
	}
}

// TestSecurityHeadersMatchSite: the API's security headers are the ones
// layouts/home.headers gives every path of the static site.
func TestSecurityHeadersMatchSite(t *testing.T) {
	f, err := os.Open("../../layouts/home.headers")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	site := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, `{{ "/*" | relURL }}`):
			in = true
		case in && strings.TrimSpace(line) == "":
			in = false
		case in:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if !ok {
				t.Fatalf("home.headers: %q in the /* rule", line)
			}
			site[name] = strings.TrimSpace(value)
		}
	}
	if len(site) == 0 {
		t.Fatal(`home.headers has no "/*" rule`)
	}
	api := map[string]string{}
	for _, kv := range securityHeaders {
		api[kv[0]] = kv[1]
	}
	for name, v := range site {
		if api[name] != v {
			t.Errorf("%s: site %q, API %q", name, v, api[name])
		}
	}
	for name := range api {
		if _, ok := site[name]; !ok {
			t.Errorf("%s: set by the API, not by the site", name)
		}
	}
}

// FuzzPlanBody: no body gets a 5xx.
func FuzzPlanBody(f *testing.F) {
	f.Add(testPlan(f))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"deliverable":"is","itu_process":"aap","mode":"ct","start":{"stage":"cd-ballot-opens","date":"2026-03-02"},"meetings":{"itu":[],"jtc1":[]}}`))
	f.Add([]byte("[[[[[[[[[[[[[[[["))
	f.Add([]byte("\xef\xbb\xbf{}"))
	h := NewHandler(Options{Logf: func(string, ...any) {}})
	f.Fuzz(func(t *testing.T, body []byte) {
		w := do(t, h, request{method: "POST", target: PlanPath, body: body})
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

// FuzzFeedState: no p gets a 5xx.
func FuzzFeedState(f *testing.F) {
	good := apitest.State(apitest.Plan)
	for _, s := range []string{"", "x", "%00", "AAAA", strings.Repeat("z", 100), good, good[:len(good)/2], good + "A"} {
		f.Add(s)
	}
	h := NewHandler(Options{Logf: func(string, ...any) {}})
	f.Fuzz(func(t *testing.T, p string) {
		r := httptest.NewRequest("GET", "http://commontext.test"+ICSPath, nil)
		r.URL.RawQuery = "p=" + p
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d for p=%q: %s", w.Code, p, w.Body)
		}
	})
}

// crlfLines splits a calendar into its lines, failing on a line that does
// not end in CRLF (RFC 5545, 3.1).
func crlfLines(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("calendar does not end in CRLF: %q", body[max(0, len(body)-40):])
	}
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, over 75: %q", i+1, len(l), l)
		}
	}
	return lines
}

// uids returns the UID values of a calendar, in order.
func uids(lines []string) []string {
	var out []string
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "UID:"); ok {
			out = append(out, v)
		}
	}
	return out
}

func TestFeed(t *testing.T) {
	h, logs := newTestHandler(t)
	target := apitest.FeedTarget(apitest.Plan, "")
	w := do(t, h, request{method: "GET", target: target})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	checkSecurityHeaders(t, w.Header())
	for name, want := range map[string]string{
		"Content-Type":  "text/calendar; charset=utf-8",
		"Cache-Control": "public, max-age=3600",
	} {
		if got := w.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	lines := crlfLines(t, w.Body.String())
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("calendar from %q to %q", lines[0], lines[len(lines)-1])
	}
	events := strings.Count(w.Body.String(), "BEGIN:VEVENT\r\n")
	if events == 0 || len(uids(lines)) != events {
		t.Errorf("%d events, %d UIDs", events, len(uids(lines)))
	}
	if !slicesContain(lines, "DTSTAMP:20260301T120000Z") {
		t.Error("no DTSTAMP from the handler's clock")
	}

	// The feed is the front door's calendar of the best case, as
	// `commontext plan --format ics --site ORIGIN` writes it, linking to
	// the plan on the planner of the request's origin.
	want, err := export.Builtin().Run(apitest.Plan, export.Options{Format: "ics", IDs: export.ContentID, Now: fixedNow,
		Planner: export.PlannerAt("http://commontext.test")})
	if err != nil {
		t.Fatal(err)
	}
	if w.Body.String() != string(want.Output) {
		t.Errorf("feed differs from the front door's calendar of the best case:\n%.600s", w.Body)
	}
	if !strings.Contains(strings.ReplaceAll(w.Body.String(), "\r\n ", ""), "The plan in the planner: http://commontext.test/planner/#p2.") {
		t.Errorf("events do not link to the plan on the request's origin:\n%.600s", w.Body)
	}

	// HEAD: the same headers but Content-Length, no body.
	hw := do(t, h, request{method: "HEAD", target: target})
	if hw.Code != http.StatusOK || hw.Body.Len() != 0 {
		t.Errorf("HEAD: %d, %d bytes", hw.Code, hw.Body.Len())
	}
	for name := range w.Header() {
		if got, want := hw.Header().Get(name), w.Header().Get(name); name != "Content-Length" && got != want {
			t.Errorf("HEAD: %s = %q, GET gave %q", name, got, want)
		}
	}
	if l := logs.String(); l != "" {
		t.Errorf("logged %q", l)
	}
}

func slicesContain(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// TestFeedUIDsAreStable: a calendar app that fetches the feed again, later,
// or after the plan changed, sees the same UIDs for the same steps, so it
// moves events instead of duplicating them.
func TestFeedUIDsAreStable(t *testing.T) {
	clock := fixedNow
	h := NewHandler(Options{Now: func() time.Time { clock = clock.Add(time.Hour); return clock }})
	get := func(planJSON []byte, query string) []string {
		t.Helper()
		w := do(t, h, request{method: "GET", target: apitest.FeedTarget(planJSON, query)})
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		return crlfLines(t, w.Body.String())
	}
	first, second := get(apitest.Plan, ""), get(apitest.Plan, "")
	if slicesContain(second, first[slicesIndex(first, "DTSTAMP:")]) {
		t.Error("the second fetch has the first one's DTSTAMP; want the time of the fetch")
	}
	a, b := uids(first), uids(second)
	if len(a) == 0 || strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("UIDs differ between two fetches:\n%v\n%v", a, b)
	}
	seen := map[string]bool{}
	for _, u := range a {
		if seen[u] {
			t.Errorf("UID %s used twice", u)
		}
		seen[u] = true
	}

	// The plan renamed: same id, same steps, same UIDs.
	renamed := apitest.EditPlan(func(m map[string]any) { m["title"] = "renamed" })
	if c := uids(get(renamed, "")); strings.Join(c, " ") != strings.Join(a, " ") {
		t.Errorf("renaming the plan changed its UIDs")
	}
	// Another scenario: other events, other UIDs.
	for _, u := range uids(get(apitest.Plan, "&scenario=fdis")) {
		if seen[u] {
			t.Errorf("scenario fdis reuses best's UID %s", u)
		}
	}
	if all := uids(get(apitest.Plan, "&scenario=all")); len(all) <= len(a) {
		t.Errorf("scenario=all: %d events, want more than best's %d", len(all), len(a))
	}
}

// slicesIndex returns the index of the first line with the prefix.
func slicesIndex(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	return -1
}

// BenchmarkPlan measures POST /api/v1/plan in-process: the engine and the
// encoding, without the Workers runtime.
func BenchmarkPlan(b *testing.B) {
	h := NewHandler(Options{})
	for b.Loop() {
		w := do(b, h, request{method: "POST", target: PlanPath + "?scenario=best", body: apitest.Plan})
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkFeed measures GET /api/v1/plan.ics in-process.
func BenchmarkFeed(b *testing.B) {
	h := NewHandler(Options{})
	target := apitest.FeedTarget(apitest.Plan, "")
	for b.Loop() {
		if w := do(b, h, request{method: "GET", target: target}); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
