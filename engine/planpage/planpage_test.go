package planpage

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

func example(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCompute: the page's answer carries the engine's real dates in its
// HTML, a URL state that decodes to the same plan, and the scenarios.
func TestCompute(t *testing.T) {
	ex := example(t)
	today := caldate.MustParse("2026-11-25")
	r := Compute(ex, Options{Clauses: "/c/", Today: today, State: true})
	if len(r.Problems) > 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	p, _ := plan.Parse(ex)
	s, err := schedule.New(p, schedule.Options{AsOf: today}) // the page plans as of today
	if err != nil {
		t.Fatal(err)
	}
	best := s.Scenarios[0]
	for _, st := range best.Steps {
		row := `data-step="` + st.ID + `"`
		i := strings.Index(r.HTML, row)
		if i < 0 {
			t.Errorf("no row for step %s", st.ID)
			continue
		}
		end := strings.Index(r.HTML[i:], "</tr>")
		cells := r.HTML[i : i+end]
		if !strings.Contains(cells, ">"+st.Start.String()+"<") || !strings.Contains(cells, ">"+st.End.String()+"<") {
			t.Errorf("step %s: row %q lacks %s and %s", st.ID, cells, st.Start, st.End)
		}
		if !strings.Contains(cells, `href="/c/`+st.Clause+`/"`) {
			t.Errorf("step %s: no link to clause %s", st.ID, st.Clause)
		}
	}
	if len(r.Scenarios) != len(s.Scenarios) || r.Scenarios[0].Publication != best.Publication {
		t.Errorf("scenarios %v", r.Scenarios)
	}
	if st := State(ex); st.State != r.State {
		t.Errorf("State and Compute disagree: %.20q, %.20q", st.State, r.State)
	}
	back := FromState(r.State, Options{})
	want, _ := plan.MarshalCompact(p)
	if len(back.Problems) > 0 || string(back.Plan) != string(want) {
		t.Errorf("state round trip: problems %v, plan equal %v", back.Problems, string(back.Plan) == string(want))
	}
	if r.Plan != nil {
		t.Error("Compute returned the plan although it had an ID")
	}
	noID := strings.Replace(string(ex), `"id": "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57",`, "", 1)
	if r := Compute([]byte(noID), Options{}); !strings.Contains(string(r.Plan), `"id"`) {
		t.Error("a plan without an ID did not come back with one")
	}
	if !strings.Contains(r.HTML, `class="tl-today"`) {
		t.Error("today is not marked on the timeline")
	}
}

// TestBadInput: every kind of bad input gives problems that name the
// field, never a panic or an empty answer.
func TestBadInput(t *testing.T) {
	ex := string(example(t))
	for _, c := range []struct {
		name, input, field string
	}{
		{"not JSON", "{nope", ""},
		{"empty", "", ""},
		{"unknown field", strings.Replace(ex, `"version": 1,`, `"version": 1, "colour": "red",`, 1), "colour"},
		{"month 13", strings.Replace(ex, `"date": "2026-03-02"`, `"date": "2026-13-02"`, 1), "start.date"},
		{"unknown deliverable", strings.Replace(ex, `"deliverable": "is"`, `"deliverable": "book"`, 1), "deliverable"},
		{"meeting ends before it starts", strings.Replace(ex, `"end": "2026-01-29"`, `"end": "2026-01-19"`, 1), "meetings.itu[0].end"},
		{"duration out of range", strings.Replace(ex, `"version": 1,`, `"version": 1, "rules": {"overrides": {"cd-ballot": "9m"}},`, 1), "rules.overrides.cd-ballot"},
	} {
		r := Compute([]byte(c.input), Options{})
		if len(r.Problems) == 0 || r.HTML != "" {
			t.Errorf("%s: no problems (html %d bytes)", c.name, len(r.HTML))
			continue
		}
		if c.field != "" {
			found := false
			for _, p := range r.Problems {
				found = found || strings.HasPrefix(p.Field, c.field)
			}
			if !found {
				t.Errorf("%s: problems %v name no field %q", c.name, r.Problems, c.field)
			}
		}
	}
	for _, state := range []string{"", "p1.", "p1.!!!!", "p2.abc", "#p1.eJzLSM3JyQcABiwCFQ", strings.Repeat("A", 70000)} {
		if r := FromState(state, Options{}); len(r.Problems) == 0 {
			t.Errorf("FromState(%.20q): no problems", state)
		}
	}
}

func TestExport(t *testing.T) {
	ex := example(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	ics, err := Export(ex, "ics", "", now)
	if err != nil || !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "DTSTAMP:20261125T120000Z\r\n") {
		t.Errorf("ics: err %v, starts %.40q", err, ics)
	}
	csv, err := Export(ex, "csv", "", now)
	if err != nil || !strings.HasPrefix(csv, "\ufeffplan,scenario,step,label") {
		t.Errorf("csv: err %v, starts %.40q", err, csv)
	}
	for _, f := range []string{"json", "pdf", "text"} {
		if _, err := Export(ex, f, "", now); err == nil {
			t.Errorf("%s: no error", f)
		}
	}
	// With the page's address, every event links back to the plan there.
	linked, err := ExportFor(ex, ExportOptions{Format: "ics", Planner: "https://commontext.test/sub/planner/", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if n, events := strings.Count(strings.ReplaceAll(linked, "\r\n ", ""), "The plan in the planner: https://commontext.test/sub/planner/#p2."), strings.Count(linked, "BEGIN:VEVENT"); n != events || n == 0 {
		t.Errorf("%d of %d events link to the plan", n, events)
	}
	if _, err := ExportFor(ex, ExportOptions{Format: "ics", Planner: "javascript:alert(1)", Now: now}); err == nil {
		t.Error("a javascript: address taken as the planner's")
	}
}

// TestExportScenarios: a calendar holds the scenario shown (the first when
// none or an unknown one is named); "all" holds every scenario, and then
// each summary names its scenario.
func TestExportScenarios(t *testing.T) {
	ex := example(t)
	s := Compute(ex, Options{})
	if len(s.Scenarios) < 2 {
		t.Fatalf("the example has %d scenarios", len(s.Scenarios))
	}
	first, other := s.Scenarios[0], s.Scenarios[1]
	for _, c := range []struct {
		scenario  string
		scenarios []ScenarioRef // whose events the calendar holds
	}{
		{"", []ScenarioRef{first}},
		{"no-such", []ScenarioRef{first}},
		{string(other.ID), []ScenarioRef{other}},
		{schedule.AllScenarios, s.Scenarios},
	} {
		out, err := Export(ex, "ics", c.scenario, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		events := strings.Count(out, "BEGIN:VEVENT")
		labelled := 0
		for _, l := range strings.Split(strings.ReplaceAll(out, "\r\n ", ""), "\r\n") {
			for _, sc := range s.Scenarios {
				if strings.HasPrefix(l, "SUMMARY:") && strings.Contains(l, ": ["+sc.Label+"] ") {
					labelled++
				}
			}
		}
		if len(c.scenarios) == 1 {
			pub := "DTSTART;VALUE=DATE:" + strings.ReplaceAll(c.scenarios[0].Publication.String(), "-", "")
			if labelled != 0 || !strings.Contains(out, pub) {
				t.Errorf("scenario %q: %d of %d summaries name a scenario, publication %s present %v; want one scenario, %s", c.scenario, labelled, events, pub, strings.Contains(out, pub), c.scenarios[0].ID)
			}
			continue
		}
		if labelled != events || events < 2*len(c.scenarios) {
			t.Errorf("all scenarios: %d of %d summaries name their scenario", labelled, events)
		}
	}
}

func FuzzCompute(f *testing.F) {
	f.Add(example(f))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := Compute(b, Options{Clauses: "/c/"})
		if len(r.Problems) == 0 && r.HTML == "" {
			t.Fatal("no problems and no results")
		}
		checkHTML(t, r.HTML)
	})
}

// TestImportOverriddenOccurrence: issue 23 point 9, an occurrence moved
// by a RECURRENCE-ID event shares the UID of the event it overrides but is
// a meeting of its own, with its own id (both had the same id).
func TestImportOverriddenOccurrence(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m@x\r\nSUMMARY:WP 1\r\nDTSTART;VALUE=DATE:20270301\r\nDURATION:P3D\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:m@x\r\nRECURRENCE-ID;VALUE=DATE:20270301\r\nSUMMARY:WP 1\r\nDTSTART;VALUE=DATE:20270308\r\nDURATION:P3D\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	got := ImportMeetings([]byte(in), "itu")
	if len(got.Problems) != 0 || len(got.Meetings) != 2 {
		t.Fatalf("%+v", got)
	}
	a, b := got.Meetings[0], got.Meetings[1]
	if a.ID == b.ID {
		t.Errorf("both meetings have the id %s", a.ID)
	}
	if a.End.String() != "2027-03-03" || b.Start.String() != "2027-03-08" || b.End.String() != "2027-03-10" {
		t.Errorf("days %s–%s and %s–%s", a.Start, a.End, b.Start, b.End)
	}
}

func TestImportMeetings(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1@x\r\nSUMMARY:ITU-T SG17 WP 2\r\nLOCATION:Seoul\r\nDTSTART;VALUE=DATE:20270524\r\nDTEND;VALUE=DATE:20270527\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:2@x\r\nSUMMARY:ITU-T SG17\r\nDTSTART;VALUE=DATE:20270906\r\nDTEND;VALUE=DATE:20270917\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	got := ImportMeetings([]byte(in), "itu")
	if len(got.Problems) > 0 || len(got.Meetings) != 2 {
		t.Fatalf("%+v", got)
	}
	m := got.Meetings[0]
	if m.Kind != "wp" || m.Start.String() != "2027-05-24" || m.End.String() != "2027-05-26" || m.Place != "Seoul" || !strings.HasPrefix(m.ID, "ics-") {
		t.Errorf("first meeting %+v", m)
	}
	if got.Meetings[1].Kind != "sg" {
		t.Errorf("second meeting kind %q", got.Meetings[1].Kind)
	}
	if again := ImportMeetings([]byte(in), "itu"); again.Meetings[0].ID != m.ID {
		t.Error("re-import gives another ID")
	}
	if bad := ImportMeetings([]byte("nope"), "itu"); len(bad.Problems) != 1 || bad.Problems[0].Field != "file" {
		t.Errorf("bad file: %+v", bad)
	}
	if bad := ImportMeetings([]byte(in), "iso"); len(bad.Problems) != 1 || bad.Problems[0].Field != "calendar" {
		t.Errorf("bad calendar: %+v", bad)
	}
}

// TestResultJSON: what the page reads is JSON with the result's values.
func TestResultJSON(t *testing.T) {
	r := Compute(example(t), Options{Clauses: "/c/", State: true, Plan: true})
	var got struct {
		Plan      map[string]any `json:"plan"`
		State     string         `json:"state"`
		HTML      string         `json:"html"`
		Scenarios []struct {
			ID, Label, Publication string
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(r.JSON()), &got); err != nil {
		t.Fatalf("Result.JSON() is not JSON: %v", err)
	}
	if got.Plan["id"] != "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57" || got.State != r.State || got.HTML != r.HTML || len(got.Scenarios) != len(r.Scenarios) || got.Scenarios[0].Publication != r.Scenarios[0].Publication.String() {
		t.Errorf("Result.JSON() round trip lost values")
	}
	bad := Compute([]byte(`{"version": 1, "deliverable": "book"}`), Options{})
	var p struct {
		Problems []Problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(bad.JSON()), &p); err != nil || len(p.Problems) == 0 || p.Problems[0].Message == "" {
		t.Errorf("problems JSON: %v %+v", err, p)
	}
	im := ImportMeetings([]byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "ct")
	var imp struct {
		Meetings []plan.Meeting `json:"meetings"`
	}
	if err := json.Unmarshal([]byte(im.JSON()), &imp); err != nil || imp.Meetings == nil {
		t.Errorf("an empty import must still list meetings: %v %s", err, im.JSON())
	}
}

// TestImportRecognisesOurExports: events of the planner's own calendar
// export are steps, not meetings; the import says which they are.
func TestImportRecognisesOurExports(t *testing.T) {
	ours, err := Export(example(t), "ics", "", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	other := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1@x\r\nSUMMARY:CT meeting\r\nDTSTART;VALUE=DATE:20270524\r\nDTEND;VALUE=DATE:20270527\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for _, c := range []struct {
		name     string
		ics      string
		wantOurs bool
	}{{"the planner's export", ours, true}, {"a meeting calendar", other, false}} {
		got := ImportMeetings([]byte(c.ics), "ct")
		if len(got.Problems) > 0 || len(got.Meetings) == 0 {
			t.Fatalf("%s: %+v", c.name, got.Problems)
		}
		want := 0
		if c.wantOurs {
			want = len(got.Meetings)
		}
		if len(got.Ours) != want {
			t.Errorf("%s: %d of %d events recognised as the planner's", c.name, len(got.Ours), len(got.Meetings))
		}
		if js := got.JSON(); strings.Contains(js, `"ours"`) != c.wantOurs {
			t.Errorf("%s: JSON %.80q", c.name, js)
		}
	}
}

// TestGuessKind: the kind of meeting an event's summary names, as a
// secretariat writes it (issue 17: "SC 27/WG 5 interim meeting" came in as
// an SC meeting).
func TestGuessKind(t *testing.T) {
	for _, c := range []struct{ summary, want string }{
		{"SC 27/WG 5 interim meeting", "wg"},
		{"ISO/IEC JTC 1/SC 27 plenary", "sc"},
		{"ISO/IEC JTC 1/SC 27/WG 4", "wg"},
		{"JTC 1 Subcommittee 27", "sc"},
		{"ITU-T SG17", "sg"},
		{"ITU-T Study Group 17 meeting", "sg"},
		{"SG17 WP2", "wp"},
		{"ITU-T SG17 WP 2", "wp"},
		{"Working Party 3/16", "wp"},
		{"JVET-AB meeting", "ct"},
		{"JCT-VC 40th meeting", "ct"},
		{"JCT3V", "ct"},
		{"JCTVC-Q", "ct"},
		{"CT meeting, Tokyo", "ct"},
		{"Joint Collaborative Team on Video Coding", "ct"},
		{"JVET meeting of ITU-T SG16 WP3 and ISO/IEC JTC 1/SC 29", "ct"},
		{"sg17 wp2 (lower case)", "wp"},
		{"Q10/17 rapporteur meeting", ""},
		{"Team lunch", ""},
		{"SCENE review, WGS84 grid", ""}, // words, not letters in words
		{"", ""},
	} {
		if got := GuessKind(c.summary); got != c.want {
			t.Errorf("GuessKind(%q) = %q, want %q", c.summary, got, c.want)
		}
	}
}

// TestImportMeetingsGuesses: each imported event carries the kind its
// summary names; its kind in the calendar is that guess where the calendar
// has the kind, else the calendar's first.
func TestImportMeetingsGuesses(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	summaries := []string{"SC 27/WG 5 interim meeting", "ISO/IEC JTC 1/SC 27 plenary", "JVET-AB", "Team lunch"}
	for i, s := range summaries {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d@x\r\nSUMMARY:%s\r\nDTSTART;VALUE=DATE:2027050%d\r\nDTEND;VALUE=DATE:2027050%d\r\nEND:VEVENT\r\n", i, s, i+1, i+2)
	}
	b.WriteString("END:VCALENDAR\r\n")
	for _, c := range []struct {
		calendar       string
		kinds, guesses []string
	}{
		{"jtc1", []string{"wg", "sc", "sc", "sc"}, []string{"wg", "sc", "ct", ""}},
		{"itu", []string{"sg", "sg", "sg", "sg"}, []string{"wg", "sc", "ct", ""}},
		{"ct", []string{"ct", "ct", "ct", "ct"}, []string{"wg", "sc", "ct", ""}},
	} {
		got := ImportMeetings([]byte(b.String()), c.calendar)
		var kinds []string
		for _, m := range got.Meetings {
			kinds = append(kinds, m.Kind)
		}
		if !slices.Equal(kinds, c.kinds) || !slices.Equal(got.Guesses, c.guesses) {
			t.Errorf("%s: kinds %q, guesses %q; want %q, %q", c.calendar, kinds, got.Guesses, c.kinds, c.guesses)
		}
		if j := got.JSON(); !strings.Contains(j, `"guesses":["wg","sc","ct",""]`) {
			t.Errorf("%s: the page reads %s", c.calendar, j)
		}
	}
}

// TestComputeTypedDurations: the page's form may send an override as typed
// ("6 weeks"); the plan comes back with it in the compact form the plan
// format keeps, and the same text in a plan file read by plan.Parse is
// still refused (the format does not change). What cannot be read is a
// problem at the override's field saying what is accepted.
func TestComputeTypedDurations(t *testing.T) {
	ex := string(example(t))
	with := func(v string) []byte {
		return []byte(strings.Replace(ex, `"version": 1,`, `"version": 1, "rules": {"set": "guide-2014", "overrides": {"dis-ballot": `+strconv.Quote(v)+`}},`, 1))
	}
	for _, tt := range []struct{ typed, kept, problem string }{
		{"6 weeks", "6w", ""},
		{"3 fortnights", "6w", ""},
		{"10 working days", "10wd", ""},
		{"3m", "", ""}, // already compact: no plan back
		{"3 moons", "", "is not a duration: write a whole number and a unit"},
	} {
		r := Compute(with(tt.typed), Options{})
		if tt.problem != "" {
			if len(r.Problems) != 1 || r.Problems[0].Field != "rules.overrides.dis-ballot" || !strings.Contains(r.Problems[0].Message, tt.problem) {
				t.Errorf("%q: problems %v", tt.typed, r.Problems)
			}
			continue
		}
		if len(r.Problems) > 0 {
			t.Errorf("%q: problems %v", tt.typed, r.Problems)
			continue
		}
		if tt.kept == "" {
			if r.Plan != nil {
				t.Errorf("%q: the plan came back although nothing was normalised", tt.typed)
			}
			continue
		}
		if !strings.Contains(string(r.Plan), `"dis-ballot":"`+tt.kept+`"`) {
			t.Errorf("%q: plan back %s, want the override %s", tt.typed, r.Plan, tt.kept)
		}
		if _, err := plan.Parse(with(tt.typed)); err == nil {
			t.Errorf("%q: a plan file accepts the typed form; the format must keep the compact one", tt.typed)
		}
	}
}
