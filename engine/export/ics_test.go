package export_test

import (
	"strings"
	"testing"

	ical "github.com/arran4/golang-ical"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/schedule"
)

// The calendar files are read back with github.com/arran4/golang-ical, a
// maintained iCalendar reader (see README, dependencies), not with our own
// engine/ics/read.go: a reader we did not write judges what we write.

func runICS(t *testing.T, planJSON []byte, o export.Options) (export.Result, *ical.Calendar) {
	t.Helper()
	o.Format, o.IDs, o.Now = "ics", export.ContentID, now
	r, err := export.Builtin().Run(planJSON, o)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.ParseCalendar(strings.NewReader(string(r.Output)))
	if err != nil {
		t.Fatalf("ical: %v", err)
	}
	return r, cal
}

func prop(e *ical.VEvent, p ical.ComponentProperty) (string, bool) {
	v := e.GetProperty(p)
	if v == nil {
		return "", false
	}
	return ical.FromText(v.Value), true
}

// TestICSShareable: calendar files people can share (issue 20, point 2):
// each summary starts with the plan's short name; the description names
// the plan, the scenario and the clause, and links to the plan where the
// planner's address is known; deadlines have no place, meetings theirs;
// UIDs stay the same from one export to the next.
func TestICSShareable(t *testing.T) {
	ex := readExample(t, "is-ct-aap.json")
	const planner = "https://commontext.test/planner/"
	r, cal := runICS(t, ex, export.Options{Planner: planner})
	s := r.Schedule
	sc := s.Scenarios[0]
	events := cal.Events()
	if len(events) != len(sc.Steps) {
		t.Fatalf("%d events for %d steps", len(events), len(sc.Steps))
	}
	places := map[string]string{}
	for _, m := range s.Meetings {
		places[m.ID] = m.Place
	}
	uids := map[string]bool{}
	for i, e := range events {
		st := sc.Steps[i]
		summary, _ := prop(e, ical.ComponentPropertySummary)
		if want := "Rec. ITU-T X.1299 | ISO/IEC 27599: " + st.Label; summary != want {
			t.Errorf("summary %q, want %q", summary, want)
		}
		desc, _ := prop(e, ical.ComponentPropertyDescription)
		for _, want := range []string{"Plan: " + s.Title + "\n", "Scenario: Best case.", "Guide clause " + st.Clause + ".", "\nThe plan in the planner: " + planner + "#p2."} {
			if !strings.Contains(desc, want) {
				t.Errorf("%s: description lacks %q:\n%s", st.ID, want, desc)
			}
		}
		loc, hasLoc := prop(e, ical.ComponentPropertyLocation)
		switch {
		case st.Kind == schedule.KindDeadline && hasLoc:
			t.Errorf("deadline %s has the location %q", st.ID, loc)
		case st.Kind == schedule.KindMeeting && loc != places[st.Meeting]:
			t.Errorf("meeting %s at %q, want %q", st.ID, loc, places[st.Meeting])
		}
		uids[e.Id()] = true
	}
	if len(uids) != len(events) {
		t.Errorf("%d UIDs for %d events", len(uids), len(events))
	}
	// Without the planner's address (the CLI without --site): no link.
	r2, cal2 := runICS(t, ex, export.Options{})
	if strings.Contains(string(r2.Output), "planner") || strings.Contains(string(r2.Output), "#p2.") {
		t.Errorf("a link without an address:\n%.500s", r2.Output)
	}
	for i, e := range cal2.Events() {
		if e.Id() != events[i].Id() {
			t.Errorf("event %d: UID %s, then %s", i, events[i].Id(), e.Id())
		}
	}
	// A short_name of the plan's own is the summaries' start.
	named := editExample(t, "is-ct-aap.json", func(m map[string]any) { m["short_name"] = "X.1299 | 27599" })
	_, cal3 := runICS(t, named, export.Options{})
	if s, _ := prop(cal3.Events()[0], ical.ComponentPropertySummary); !strings.HasPrefix(s, "X.1299 | 27599: ") {
		t.Errorf("summary %q does not start with the short name", s)
	}
}

// TestICSTwoPlansInOneCalendar: the events of two plans imported into one
// calendar stay apart: no UID is shared, and no two events have the same
// summary on the same day (issue 20: both plans' events were "CD ballot",
// "DIS ballot").
func TestICSTwoPlansInOneCalendar(t *testing.T) {
	var merged []string
	for _, name := range []string{"is-ct-aap.json", "figure-5b-aap.json"} {
		r, _ := runICS(t, readExample(t, name), export.Options{Scenarios: "all"})
		text := string(r.Output)
		begin, end := strings.Index(text, "BEGIN:VEVENT"), strings.LastIndex(text, "END:VEVENT\r\n")
		merged = append(merged, text[begin:end+len("END:VEVENT\r\n")])
	}
	text := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//merged//EN\r\n" + strings.Join(merged, "") + "END:VCALENDAR\r\n"
	cal, err := ical.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	uids, seen := map[string]bool{}, map[string]string{}
	prefixes := map[string]int{}
	for _, e := range cal.Events() {
		if uids[e.Id()] {
			t.Errorf("UID %s twice", e.Id())
		}
		uids[e.Id()] = true
		summary, _ := prop(e, ical.ComponentPropertySummary)
		start, _ := prop(e, ical.ComponentPropertyDtStart)
		if other, ok := seen[start+summary]; ok {
			t.Errorf("two events %q on %s (%s, %s)", summary, start, other, e.Id())
		}
		seen[start+summary] = e.Id()
		short, _, _ := strings.Cut(summary, ": ")
		prefixes[short]++
	}
	if len(prefixes) != 2 {
		t.Errorf("summaries start with %v, want the two plans' short names", prefixes)
	}
}

// TestICSSequenceFollowsRevision: two exports of the same plan, before and
// after a saved change (an actual recorded, the revision raised), have the
// same UIDs, and every event of the second a higher SEQUENCE, so that a
// subscribed calendar moves its events instead of adding copies (issue 18,
// point 6). Read back with golang-ical.
func TestICSSequenceFollowsRevision(t *testing.T) {
	ex := string(readExample(t, "is-ct-aap.json"))
	before := strings.Replace(ex, `"mode": "ct",`, `"mode": "ct", "as_of": "2026-07-01", "revision": 4,`, 1)
	after := strings.Replace(ex, `"mode": "ct",`, `"mode": "ct", "as_of": "2026-07-01", "revision": 5,
  "actuals": {"dates": {"cd-ballot": {"start": "2026-03-23", "end": "2026-06-30"}}},`, 1)
	if before == ex || after == ex {
		t.Fatal("test edit does not apply")
	}
	read := func(planJSON string) map[string][2]string { // UID → SEQUENCE, DTSTART
		_, cal := runICS(t, []byte(planJSON), export.Options{Scenarios: "all"})
		out := map[string][2]string{}
		for _, e := range cal.Events() {
			seq, _ := prop(e, ical.ComponentPropertySequence)
			start, _ := prop(e, ical.ComponentPropertyDtStart)
			out[e.Id()] = [2]string{seq, start}
		}
		return out
	}
	a, b := read(before), read(after)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d events before, %d after", len(a), len(b))
	}
	moved := 0
	for uid, ev := range a {
		evb, ok := b[uid]
		if !ok {
			t.Errorf("event %s lost its UID", uid)
			continue
		}
		if ev[0] != "4" || evb[0] != "5" {
			t.Errorf("event %s: SEQUENCE %q then %q, want 4 then 5", uid, ev[0], evb[0])
		}
		if ev[1] != evb[1] {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no event moved: the change did not reach the calendar")
	}
}
