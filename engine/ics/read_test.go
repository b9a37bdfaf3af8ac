package ics

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

func TestReadEvents(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:ITU-T SG17\\, plenary\r\nLOCATION:Geneva\r\nDTSTART;VALUE=DATE:20270126\r\nDTEND;VALUE=DATE:20270205\r\n" +
		"BEGIN:VALARM\r\nTRIGGER:-P1D\r\nDESCRIPTION:ignored\r\nEND:VALARM\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:b@x\r\nSUMMARY:SC 27 WG 5 a very long title that is folded acr\r\n oss two lines\r\nDTSTART;TZID=Europe/Paris:20270412T090000\r\nDTEND;TZID=Europe/Paris:20270416T170000\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nSUMMARY:one day\r\nDTSTART:20270601\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	got, err := ReadEvents(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{UID: "a@x", Summary: "ITU-T SG17, plenary", Location: "Geneva", Start: caldate.MustParse("2027-01-26"), End: caldate.MustParse("2027-02-04")},
		{UID: "b@x", Summary: "SC 27 WG 5 a very long title that is folded across two lines", Start: caldate.MustParse("2027-04-12"), End: caldate.MustParse("2027-04-16")},
		{Summary: "one day", Start: caldate.MustParse("2027-06-01"), End: caldate.MustParse("2027-06-01")},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestReadOwnExport: what Write exports, ReadEvents reads back with the
// same days.
func TestReadOwnExport(t *testing.T) {
	p, err := plan.Parse(mustRead(t, "../../examples/is-ct-aap.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, s, Options{Scenarios: []schedule.ScenarioID{"best"}, Now: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	evs, err := ReadEvents(&b)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := s.Scenario("best")
	if len(evs) != len(sc.Steps) {
		t.Fatalf("%d events for %d steps", len(evs), len(sc.Steps))
	}
	for i, st := range sc.Steps {
		if evs[i].Start != st.Start || evs[i].End != st.End || evs[i].Summary != st.Label {
			t.Errorf("event %d = %+v, step %s %s–%s", i, evs[i], st.Label, st.Start, st.End)
		}
	}
}

func TestReadEventsErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "not an iCalendar file"},
		{"hello", "not an iCalendar file"},
		{"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2027\nEND:VEVENT\n", "line 3: DTSTART"},
		{"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20271345\nEND:VEVENT\n", "line 3: DTSTART"},
		{"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", "no DTSTART"},
		{"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270105\nDTEND:20270101\nEND:VEVENT\n", "ends (2027-01-01) before it starts"},
		{"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270105\n", "ends inside an event"},
		{"BEGIN:VCALENDAR\ngarbage line\n", "line 2"},
		{"BEGIN:VCALENDAR\n" + strings.Repeat("X:"+strings.Repeat("y", 1000)+"\n", 1100), "larger than"},
	} {
		_, err := ReadEvents(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadEvents(%.30q): %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzReadEvents(f *testing.F) {
	f.Add("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270126\r\nDTEND;VALUE=DATE:20270205\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		evs, err := ReadEvents(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, e := range evs {
			if e.Start.IsZero() || e.End.Before(e.Start) {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadEventsRecurrenceAndDuration: issue 23 point 9. DURATION gives an
// event its length (a 5-day meeting was read as 1 day); a recurring event
// is refused by name (RRULE was ignored, importing only its first
// occurrence); an overridden occurrence (RECURRENCE-ID) is an event of its
// own, told apart from the one it overrides.
func TestReadEventsRecurrenceAndDuration(t *testing.T) {
	const head, tail = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "END:VCALENDAR\r\n"
	ev := func(lines ...string) string {
		return "BEGIN:VEVENT\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\n"
	}
	d := caldate.MustParse
	tests := []struct {
		name string
		in   string
		want []Event
		err  string
	}{
		{"all-day, 5 days", ev("UID:a", "SUMMARY:SG17", "DTSTART;VALUE=DATE:20270126", "DURATION:P5D"),
			[]Event{{UID: "a", Summary: "SG17", Start: d("2027-01-26"), End: d("2027-01-30")}}, ""},
		{"all-day, 2 weeks", ev("DTSTART;VALUE=DATE:20270104", "DURATION:P2W"),
			[]Event{{Start: d("2027-01-04"), End: d("2027-01-17")}}, ""},
		{"timed, 4 days and 8 hours", ev("DTSTART:20270412T090000Z", "DURATION:P4DT8H"),
			[]Event{{Start: d("2027-04-12"), End: d("2027-04-16")}}, ""},
		{"timed, past midnight", ev("DTSTART:20270412T200000", "DURATION:PT5H"),
			[]Event{{Start: d("2027-04-12"), End: d("2027-04-13")}}, ""},
		{"timed, 2 hours", ev("DTSTART:20270412T090000", "DURATION:PT2H"),
			[]Event{{Start: d("2027-04-12"), End: d("2027-04-12")}}, ""},
		{"recurring (RRULE)", ev("SUMMARY:Weekly call", "DTSTART:20270412T090000", "RRULE:FREQ=WEEKLY;COUNT=10"),
			nil, `line 6: event "Weekly call" repeats (RRULE): the planner imports single meetings, not recurring events`},
		{"recurring (RDATE), no summary", ev("DTSTART;VALUE=DATE:20270412", "RDATE;VALUE=DATE:20270419"),
			nil, `line 5: event beginning at line 3 repeats (RDATE)`},
		{"overridden occurrence", ev("UID:m@x", "SUMMARY:WP 1", "DTSTART;VALUE=DATE:20270301", "DTEND;VALUE=DATE:20270303") +
			ev("UID:m@x", "RECURRENCE-ID;VALUE=DATE:20270301", "SUMMARY:WP 1 (moved)", "DTSTART;VALUE=DATE:20270308", "DTEND;VALUE=DATE:20270310"),
			[]Event{
				{UID: "m@x", Summary: "WP 1", Start: d("2027-03-01"), End: d("2027-03-02")},
				{UID: "m@x", RecurrenceID: "20270301", Summary: "WP 1 (moved)", Start: d("2027-03-08"), End: d("2027-03-09")},
			}, ""},
		{"DTEND and DURATION", ev("SUMMARY:x", "DTSTART;VALUE=DATE:20270126", "DTEND;VALUE=DATE:20270127", "DURATION:P1D"),
			nil, `event "x" has both DTEND and DURATION`},
		{"negative DURATION", ev("SUMMARY:x", "DTSTART;VALUE=DATE:20270126", "DURATION:-P1D"),
			nil, `DURATION: "-P1D" is negative`},
		{"DURATION in words", ev("SUMMARY:x", "DTSTART;VALUE=DATE:20270126", "DURATION:5 days"),
			nil, `DURATION: "5 days" is not a duration such as P5D`},
		{"DURATION of ten years", ev("SUMMARY:x", "DTSTART;VALUE=DATE:20270126", "DURATION:P999999D"),
			nil, `is longer than 3660 days`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadEvents(strings.NewReader(head + tt.in + tail))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
