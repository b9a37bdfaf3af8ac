package api

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/internal/testkit/apitest"
)

// TestTargetFaultsAgree: a target the plan file could not hold is a bad
// parameter, whatever is wrong with it, as the same target in the plan
// file is a bad plan (issue 23, point 10: 1900-01-01 was accepted for a
// plan starting in 2026, 0001-01-01 was a 422 invalid_plan while
// 2026-02-30 was a 400 bad_parameter).
func TestTargetFaultsAgree(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, tc := range []struct{ target, says string }{
		{"1900-01-01", "is not after the starting date"},
		{"0001-01-01", "outside the planning range"},
		{"2026-02-30", "day 30 in February 2026"},
		{"tomorrow", `"tomorrow"`},
	} {
		for _, rq := range []request{
			{method: "POST", target: PlanPath + "?target=" + tc.target, body: testPlan(t)},
			{method: "GET", target: apitest.FeedTarget(apitest.Plan, "&target="+tc.target)},
		} {
			w := do(t, h, rq)
			e := errorBody(t, w)
			if w.Code != http.StatusBadRequest || e.Code != "bad_parameter" || e.Field != "target" || !strings.Contains(e.Message, tc.says) {
				t.Errorf("%s %s: status %d, %+v; want 400 bad_parameter in target saying %q", rq.method, tc.target, w.Code, e, tc.says)
			}
		}
	}
}

// TestFeedEmptyScenario: scenario= with nothing after it is the default,
// the best case, as no scenario parameter is (issue 23, point 10: it gave
// every scenario).
func TestFeedEmptyScenario(t *testing.T) {
	h, _ := newTestHandler(t)
	bodies := map[string]string{}
	for _, q := range []string{"", "&scenario=", "&scenario=best", "&scenario=all"} {
		w := do(t, h, request{method: "GET", target: apitest.FeedTarget(apitest.Plan, q)})
		if w.Code != http.StatusOK {
			t.Fatalf("%q: status %d: %s", q, w.Code, w.Body)
		}
		bodies[q] = w.Body.String()
	}
	if bodies["&scenario="] != bodies[""] || bodies[""] != bodies["&scenario=best"] {
		t.Errorf("scenario= differs from the default, the best case")
	}
	if bodies["&scenario=all"] == bodies[""] {
		t.Errorf("scenario=all is the best case alone")
	}
}

// TestPlanFormatsAsCLI: POST /api/v1/plan writes CSV and iCalendar with the
// front door's writers, as the CLI does: the best case by default, every
// scenario on request.
func TestPlanFormatsAsCLI(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, tc := range []struct {
		query, contentType string
		scenarios          int
	}{
		{"?format=csv", "text/csv; charset=utf-8; header=present", 1},
		{"?format=csv&scenario=all", "text/csv; charset=utf-8; header=present", 8},
		{"?format=csv&scenario=", "text/csv; charset=utf-8; header=present", 1},
		{"?format=ics", "text/calendar; charset=utf-8", 1},
	} {
		w := do(t, h, request{method: "POST", target: PlanPath + tc.query, body: testPlan(t)})
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != tc.contentType {
			t.Fatalf("%s: status %d, %s: %.300s", tc.query, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		want, err := export.Builtin().Run(testPlan(t), export.Options{Format: strings.TrimPrefix(strings.SplitN(tc.query, "&", 2)[0], "?format="),
			Scenarios: strings.TrimPrefix(strings.TrimPrefix(tc.query, strings.SplitN(tc.query, "&", 2)[0]), "&scenario="), IDs: export.ContentID,
			Now: fixedNow, Planner: export.PlannerAt("http://commontext.test")})
		if err != nil {
			t.Fatal(err)
		}
		if w.Body.String() != string(want.Output) {
			t.Errorf("%s: differs from the front door's output", tc.query)
		}
		if !strings.HasPrefix(tc.query, "?format=csv") {
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), export.BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		scenarios := map[string]bool{}
		for _, r := range rows[1:] {
			scenarios[r[1]] = true
		}
		if len(scenarios) != tc.scenarios {
			t.Errorf("%s: scenarios %v, want %d", tc.query, scenarios, tc.scenarios)
		}
	}
	w := do(t, h, request{method: "POST", target: PlanPath + "?format=pdf", body: testPlan(t)})
	if e := errorBody(t, w); w.Code != http.StatusBadRequest || e.Field != "format" {
		t.Errorf("format=pdf: status %d, %+v", w.Code, e)
	}
}
