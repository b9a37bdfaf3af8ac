// Package apitest holds what the API's tests share: a plan that schedules
// cleanly and the bad requests every server of the API must refuse with a
// 4xx. Package api sends them to its handler in-process; package workertest
// sends the same ones to the real Worker under wrangler, so both runtimes
// are held to one list.
//
// It does not import package api (whose own tests use it), so the paths and
// limits below are written out; api's tests check that they agree.
package apitest

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/urlstate"
)

// Paths and limits of the API, as package api defines them.
const (
	PlanPath = "/api/v1/plan"
	ICSPath  = "/api/v1/plan.ics"
	MaxBody  = 256 << 10
	MaxState = 12 << 10
)

// Plan is a plan file (an International Standard by a Collaborative Team,
// ITU-T AAP, with meetings from 2026 to 2030) that the engine schedules
// without error in every scenario.
//
//go:embed plan.json
var Plan []byte

// EditPlan returns Plan with edit applied to its decoded JSON object.
func EditPlan(edit func(m map[string]any)) []byte {
	var m map[string]any
	if err := json.Unmarshal(Plan, &m); err != nil {
		panic(fmt.Errorf("apitest: the fixture plan: %w", err))
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// State returns the planner's URL state of a plan file, for the p
// parameter of the calendar feed.
func State(planJSON []byte) string {
	p, err := plan.Parse(planJSON)
	if err != nil {
		panic(fmt.Errorf("apitest: %w", err))
	}
	return state(p)
}

func state(p *plan.Plan) string {
	s, err := urlstate.Encode(p)
	if err != nil {
		panic(fmt.Errorf("apitest: %w", err))
	}
	return s
}

// FeedTarget is the feed's path and query for a plan file.
func FeedTarget(planJSON []byte, query string) string {
	return ICSPath + "?p=" + State(planJSON) + query
}

// deflated returns the URL-state form of arbitrary bytes, which need not
// be a plan at all.
func deflated(b []byte) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(b)
	zw.Close()
	return urlstate.Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// Case is a request and the error response it must get.
type Case struct {
	Name    string
	Method  string
	Target  string // path and query
	Body    []byte // nil for none
	Header  map[string]string
	Chunked bool // send the body without Content-Length

	Status int    // the 4xx expected
	Code   string // error.code
	Field  string // error.field, when the error names one
	Allow  string // the Allow header of a 405
	// Problems are fields that error.problems must list (invalid plans).
	Problems []string
}

// InvalidPlan is Plan with three faults in three places.
func InvalidPlan() []byte {
	return EditPlan(func(m map[string]any) {
		m["deliverable"] = "novel"
		m["start"] = map[string]any{"stage": "cd-ballot-opens", "date": "2026-02-30"}
		itu := m["meetings"].(map[string]any)["itu"].([]any)
		itu[3].(map[string]any)["end"] = "2020-01-01"
	})
}

// BadRequests returns the bad requests. None may get a 5xx.
func BadRequests() []Case {
	good := State(Plan)
	// A plan that the planner could have written but that does not
	// validate: Encode does not check.
	bad, err := plan.Parse(Plan)
	if err != nil {
		panic(err)
	}
	bad.Mode = "solo"
	bad.Meetings.ITU[0].End = bad.Meetings.ITU[0].Start.AddDays(-1)
	bomb := deflated(make([]byte, 4<<20)) // a few KiB that inflate to 4 MiB
	big := []byte(`{"title": "` + strings.Repeat("x", MaxBody) + `"}`)
	deep := []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))
	json := map[string]string{"Content-Type": "application/json"}
	planAllow, feedAllow := "POST, OPTIONS", "GET, HEAD, OPTIONS"
	return []Case{
		// Wrong method, unknown path.
		{Name: "GET on plan", Method: "GET", Target: PlanPath, Status: 405, Code: "method_not_allowed", Allow: planAllow},
		{Name: "PUT on plan", Method: "PUT", Target: PlanPath, Body: Plan, Header: json, Status: 405, Code: "method_not_allowed", Allow: planAllow},
		{Name: "POST on feed", Method: "POST", Target: ICSPath + "?p=x", Body: []byte("{}"), Status: 405, Code: "method_not_allowed", Allow: feedAllow},
		{Name: "DELETE on feed", Method: "DELETE", Target: ICSPath, Status: 405, Code: "method_not_allowed", Allow: feedAllow},
		{Name: "unknown API path", Method: "GET", Target: "/api/v2/plan", Status: 404, Code: "not_found"},
		{Name: "API root", Method: "GET", Target: "/api/", Status: 404, Code: "not_found"},
		{Name: "trailing slash", Method: "POST", Target: PlanPath + "/", Body: Plan, Status: 404, Code: "not_found"},

		// Malformed JSON and bodies.
		{Name: "empty body", Method: "POST", Target: PlanPath, Status: 400, Code: "malformed_json"},
		{Name: "blank body", Method: "POST", Target: PlanPath, Body: []byte(" \n\t"), Status: 400, Code: "malformed_json"},
		{Name: "truncated JSON", Method: "POST", Target: PlanPath, Body: Plan[:200], Header: json, Status: 400, Code: "malformed_json"},
		{Name: "not JSON", Method: "POST", Target: PlanPath, Body: []byte("version=1&title=x"), Status: 400, Code: "malformed_json"},
		{Name: "trailing garbage", Method: "POST", Target: PlanPath, Body: []byte(`{"version":1} {}`), Status: 400, Code: "malformed_json"},
		{Name: "not UTF-8", Method: "POST", Target: PlanPath, Body: []byte("{\"title\": \"\xff\xfe\"}"), Status: 400, Code: "malformed_json"},
		{Name: "deep nesting", Method: "POST", Target: PlanPath, Body: deep, Status: 400, Code: "malformed_json"},
		{Name: "body over the limit", Method: "POST", Target: PlanPath, Body: big, Header: json, Status: 413, Code: "body_too_large"},
		{Name: "body over the limit, chunked", Method: "POST", Target: PlanPath, Body: big, Chunked: true, Status: 413, Code: "body_too_large"},
		{Name: "multipart", Method: "POST", Target: PlanPath, Body: Plan, Header: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, Status: 415, Code: "unsupported_media_type", Field: "Content-Type"},

		// Query parameters.
		{Name: "unknown parameter", Method: "POST", Target: PlanPath + "?scenarios=best", Body: Plan, Status: 400, Code: "unknown_parameter", Field: "scenarios"},
		{Name: "repeated parameter", Method: "POST", Target: PlanPath + "?scenario=best&scenario=fdis", Body: Plan, Status: 400, Code: "repeated_parameter", Field: "scenario"},
		{Name: "bad query", Method: "POST", Target: PlanPath + "?scenario=%zz", Body: Plan, Status: 400, Code: "bad_query"},
		{Name: "unknown scenario", Method: "POST", Target: PlanPath + "?scenario=fastest", Body: Plan, Status: 400, Code: "bad_parameter", Field: "scenario"},
		{Name: "bad target", Method: "POST", Target: PlanPath + "?target=2027-13-01", Body: Plan, Status: 400, Code: "bad_parameter", Field: "target"},
		{Name: "unknown rule set", Method: "POST", Target: PlanPath + "?ruleset=guide-1999", Body: Plan, Status: 400, Code: "bad_parameter", Field: "ruleset"},

		// Plans that parse but fail validation.
		{Name: "JSON array", Method: "POST", Target: PlanPath, Body: []byte("[]"), Status: 422, Code: "invalid_plan", Problems: []string{""}},
		{Name: "JSON null", Method: "POST", Target: PlanPath, Body: []byte("null"), Status: 422, Code: "invalid_plan", Problems: []string{""}},
		{Name: "empty object", Method: "POST", Target: PlanPath, Body: []byte("{}"), Status: 422, Code: "invalid_plan", Problems: []string{"version", "deliverable", "meetings.itu"}},
		{Name: "one problem", Method: "POST", Target: PlanPath, Body: EditPlan(func(m map[string]any) { m["mode"] = "solo" }), Status: 422, Code: "invalid_plan", Field: "mode", Problems: []string{"mode"}},
		{Name: "several problems", Method: "POST", Target: PlanPath, Body: InvalidPlan(), Header: json, Status: 422, Code: "invalid_plan", Problems: []string{"deliverable", "start.date", "meetings.itu[3].end"}},
		{Name: "duplicate key", Method: "POST", Target: PlanPath, Body: []byte(`{"version": 1, "version": 1}`), Status: 422, Code: "invalid_plan"},

		// The calendar feed's state.
		{Name: "feed without p", Method: "GET", Target: ICSPath, Status: 400, Code: "missing_parameter", Field: "p"},
		{Name: "feed with empty p", Method: "GET", Target: ICSPath + "?p=", Status: 400, Code: "missing_parameter", Field: "p"},
		{Name: "feed with p twice", Method: "GET", Target: ICSPath + "?p=a&p=b", Status: 400, Code: "repeated_parameter", Field: "p"},
		{Name: "feed with p too long", Method: "GET", Target: ICSPath + "?p=" + strings.Repeat("A", MaxState+1), Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with garbage p", Method: "GET", Target: ICSPath + "?p=%00%ff%fe%3Cscript%3E", Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with truncated p", Method: "GET", Target: ICSPath + "?p=" + good[:len(good)/2], Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with p from another version", Method: "GET", Target: ICSPath + "?p=p9." + good[3:], Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with damaged p", Method: "GET", Target: ICSPath + "?p=" + good[:40] + "%21%24" + good[42:], Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with a deflate bomb in p", Method: "GET", Target: ICSPath + "?p=" + bomb, Status: 400, Code: "invalid_state", Field: "p"},
		{Name: "feed with an invalid plan in p", Method: "GET", Target: ICSPath + "?p=" + state(bad), Status: 422, Code: "invalid_plan", Field: "p", Problems: []string{"mode", "meetings.itu[0].end"}},
		{Name: "feed with a good p and an unknown scenario", Method: "GET", Target: ICSPath + "?scenario=fastest&p=" + good, Status: 400, Code: "bad_parameter", Field: "scenario"},
		{Name: "feed with unknown parameter", Method: "GET", Target: ICSPath + "?q=1", Status: 400, Code: "unknown_parameter", Field: "q"},
	}
}
