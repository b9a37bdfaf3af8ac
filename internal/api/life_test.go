package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/internal/testkit/apitest"
)

// cloudflareURLCap is the longest address Cloudflare accepts, 16 KB.
const cloudflareURLCap = 16 << 10

// TestFeedOfFollowedPlan: a realistic plan followed through its life (the
// API fixture, 2026–2030 calendars, with what happened up to the DIS
// ballot recorded, a baseline of every step of its slowest path, a long
// title and 40 saved changes) fits the calendar feed's address with room
// to spare under Cloudflare's 16 KB cap, and the feed carries it: the
// events of done steps say so, and SEQUENCE is the revision (issue 18).
func TestFeedOfFollowedPlan(t *testing.T) {
	p, err := plan.Parse(apitest.Plan)
	if err != nil {
		t.Fatal(err)
	}
	p.Title = strings.Repeat("Information technology — Security techniques — ", 4)[:200]
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	best, _ := s.Scenario(schedule.ScenarioBest)
	slowest, _ := s.Scenario(schedule.ScenarioSlowest)
	dis, _ := best.Step("dis-ballot")
	p.AsOf = dis.End.AddDays(10)
	p.Actuals = plan.Actuals{Meetings: map[string]string{}, Dates: map[string]plan.Actual{}}
	for _, st := range best.Steps {
		if st.End.After(dis.End) || st.Kind == schedule.KindDeadline {
			continue
		}
		if st.Kind == schedule.KindMeeting {
			p.Actuals.Meetings[st.ID] = st.Meeting
		} else if st.ID == "cd-ballot" || st.ID == "dis-registration" || st.ID == "dis-ballot" {
			p.Actuals.Dates[st.ID] = plan.Actual{Start: st.Start.AddDays(3), End: st.End.AddDays(3)}
		}
	}
	p.Baseline = &plan.Baseline{Set: caldate.MustParse("2026-02-01"), Scenario: "slowest", Milestones: map[string]caldate.Date{}}
	for _, st := range slowest.Steps {
		p.Baseline.Milestones[st.ID] = st.End
	}
	p.Revision = 40
	if len(p.Actuals.Dates) != 3 || len(p.Baseline.Milestones) < 30 {
		t.Fatalf("the test plan is not realistic: %d actual dates, %d milestones", len(p.Actuals.Dates), len(p.Baseline.Milestones))
	}
	planJSON, _ := plan.Marshal(p)
	target := apitest.FeedTarget(planJSON, "")
	address := "https://commontext.example.org" + target
	state := apitest.State(planJSON)
	t.Logf("plan file %d bytes, state %d bytes, feed address %d bytes (limit %d, Cloudflare %d)",
		len(planJSON), len(state), len(address), MaxState, cloudflareURLCap)
	if len(state) > MaxState || len(address) > cloudflareURLCap {
		t.Fatalf("state %d bytes (limit %d), address %d bytes (Cloudflare caps at %d)", len(state), MaxState, len(address), cloudflareURLCap)
	}
	h, _ := newTestHandler(t)
	w := do(t, h, request{method: "GET", target: target})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := strings.ReplaceAll(w.Body.String(), "\r\n ", "")
	if !strings.Contains(body, "SEQUENCE:40\r\n") || !strings.Contains(body, "Done: this happened.") {
		t.Errorf("feed without the revision or the done steps:\n%.1200s", body)
	}
}

// TestPlanCarriesLife: a plan file with actuals and a baseline, posted to
// the API and sent as a feed's URL state, is planned the same: done steps,
// their slip against the baseline, and the headline slip with its reason.
func TestPlanCarriesLife(t *testing.T) {
	body := apitest.EditPlan(func(m map[string]any) {
		m["as_of"] = "2026-07-01"
		m["actuals"] = map[string]any{"dates": map[string]any{"cd-ballot": map[string]any{"start": "2026-03-23", "end": "2026-06-30"}}}
		m["baseline"] = map[string]any{"set": "2026-02-01", "scenario": "best", "milestones": map[string]any{"cd-ballot": "2026-06-02", "publication": "2027-01-01"}}
		m["revision"] = 3
	})
	p, err := plan.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	want, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := newTestHandler(t)
	w := do(t, h, request{method: "POST", target: PlanPath, body: body, header: map[string]string{"Content-Type": "application/json"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got schedule.Schedule
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	best := got.Scenarios[0]
	cd, _ := best.Step("cd-ballot")
	if cd.Status != schedule.StatusDone || cd.End.String() != "2026-06-30" || cd.Slip != 28 || cd.Baseline.String() != "2026-06-02" {
		t.Errorf("cd-ballot through the API: %+v", cd)
	}
	if best.Slip == nil || best.Slip.Days != want.Scenarios[0].Slip.Days || !strings.Contains(best.Slip.Reason, "CD ballot: done 2026-06-30, +28 d") {
		t.Errorf("headline slip through the API: %+v", best.Slip)
	}
	// The same plan through the URL state is the same plan.
	q, err := decodeState(apitest.State(body))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := plan.Marshal(p)
	b, _ := plan.Marshal(q)
	if string(a) != string(b) {
		t.Errorf("through the URL state:\n%s\nwant\n%s", b, a)
	}
}
