package ics

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/internal/testkit/exampletest"
)

var stamp = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

// unfold joins folded lines (RFC 5545, 3.1).
func unfold(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.TrimSuffix(s, "\r\n"), "\r\n ", ""), "\r\n")
}

func TestWrite(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	var buf bytes.Buffer
	if err := Write(&buf, s, Options{Scenarios: []schedule.ScenarioID{"best"}, Now: stamp}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// CRLF line ends, no bare LF, no line over 75 octets, valid UTF-8.
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || !strings.HasSuffix(out, "\r\n") {
		t.Error("lines do not all end in CRLF")
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("fold split a UTF-8 sequence: %q", line)
		}
	}
	lines := unfold(out)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("calendar framing: %q … %q", lines[0], lines[len(lines)-1])
	}
	// The CD ballot: all-day from 2026-03-02 to 2026-06-02 inclusive, so
	// DTEND is the day after.
	best, _ := s.Scenario("best")
	cd, _ := best.Step("cd-ballot")
	want := []string{
		"UID:" + UID(s.PlanID, "best", "cd-ballot"),
		"DTSTAMP:20260115T093000Z",
		"DTSTART;VALUE=DATE:20260302",
		"DTEND;VALUE=DATE:20260603",
		"SUMMARY:CD ballot",
	}
	if cd.Start.String() != "2026-03-02" || cd.End.String() != "2026-06-02" {
		t.Fatalf("CD ballot %s to %s", cd.Start, cd.End)
	}
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, strings.Join(want, "\n")) {
		t.Errorf("CD ballot event not found; want\n%s\nin\n%s", strings.Join(want, "\n"), joined[:2000])
	}
	// A deadline has an alarm; a ballot has none.
	if !strings.Contains(joined, "SUMMARY:JTC 1 agenda (at the latest) for the CD ballot resolution\n") ||
		!strings.Contains(joined, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Deadline: JTC 1 agenda (at the latest) for the CD ballot resolution\nTRIGGER:-P7D\nEND:VALARM") {
		t.Error("no alarm on the agenda deadline")
	}
	if n, m := strings.Count(joined, "BEGIN:VEVENT"), len(best.Steps); n != m {
		t.Errorf("%d events for %d steps", n, m)
	}
	// Escaping: the meeting body has a comma in its place ("Geneva, CH").
	if !strings.Contains(joined, `LOCATION:Geneva\, CH`) {
		t.Error("LOCATION not escaped")
	}
}

// TestUIDKnown: the UIDs are the name-based UUIDs google/uuid made when
// they were first written, in every build: natively from google/uuid, in
// the browser's js/wasm build from engine/internal/uid (the Makefile's
// test target runs this package under js/wasm too), so a calendar
// downloaded from the page updates the events of one the CLI wrote.
func TestUIDKnown(t *testing.T) {
	for _, c := range []struct{ plan, scenario, step, want string }{
		{"7d444840-9dc0-11d1-b245-5ffdce74fad2", "best", "cd-ballot", "1172759f-f41b-58a4-8e8f-b799fc7a2ae6@commontext"},
		{"not-a-uuid", "fast", "consent", "53128ddb-21c3-526a-a046-6f0a3fce2b31@commontext"},
	} {
		if got := UID(c.plan, c.scenario, c.step); got != c.want {
			t.Errorf("UID(%q, %q, %q) = %s, want %s", c.plan, c.scenario, c.step, got, c.want)
		}
	}
}

func TestUIDStable(t *testing.T) {
	id := "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57"
	a := UID(id, "best", "consent")
	if a != UID(id, "best", "consent") {
		t.Fatal("UID not deterministic")
	}
	if a == UID(id, "fdis", "consent") || a == UID(id, "best", "lc") || a == UID("5e0a9c3b-8d7f-4b2e-9a1c-6f4d2b8e7c95", "best", "consent") {
		t.Fatal("UIDs collide")
	}
	if !strings.HasSuffix(a, "@commontext") || len(a) != 36+len("@commontext") {
		t.Errorf("UID %q", a)
	}
	// An updated plan (a later start) keeps the UIDs of its events.
	b, _ := os.ReadFile("../../examples/is-ct-aap.json")
	p, _ := plan.Parse(b)
	s1, _ := schedule.New(p, schedule.Options{})
	p.Start.Date = caldate.MustParse("2026-04-01")
	s2, _ := schedule.New(p, schedule.Options{})
	var o1, o2 bytes.Buffer
	Write(&o1, s1, Options{Scenarios: []schedule.ScenarioID{"best"}, Now: stamp})
	Write(&o2, s2, Options{Scenarios: []schedule.ScenarioID{"best"}, Now: stamp})
	uids := func(s string) string {
		var u []string
		for _, l := range unfold(s) {
			if strings.HasPrefix(l, "UID:") {
				u = append(u, l)
			}
		}
		return strings.Join(u, "\n")
	}
	if o1.String() == o2.String() {
		t.Fatal("moving the start changed nothing")
	}
	if !strings.Contains(uids(o2.String()), UID(s1.PlanID, "best", "cd-ballot")) {
		t.Error("the CD ballot's UID changed")
	}
}

func TestFolding(t *testing.T) {
	tests := []string{
		"",
		strings.Repeat("a", 74),
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("é", 100), // two octets each
		strings.Repeat("a", 73) + "€€€€€€€€€", // three octets across the fold
		strings.Repeat("𝄞", 50),               // four octets each
	}
	for _, in := range tests {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		if err := writeFolded(w, "SUMMARY:"+in); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n") {
			if len(line) > 75 || !utf8.ValidString(line) {
				t.Errorf("bad line %q", line)
			}
		}
		if got := unfold(buf.String())[0]; got != "SUMMARY:"+in {
			t.Errorf("unfolds to %q", got)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a,b;c\\d", `a\,b\;c\\d`},
		{"line1\nline2\r\n", `line1\nline2\n`},
		{"tab\tok\x00bell\x07", "tab\tokbell"},
		{"Rec. ITU-T X.1299 | ISO/IEC 27599", "Rec. ITU-T X.1299 | ISO/IEC 27599"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAllScenarios(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	var buf bytes.Buffer
	if err := Write(&buf, s, Options{Now: stamp}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range unfold(buf.String()) {
		if strings.HasPrefix(l, "UID:") {
			if seen[l] {
				t.Errorf("duplicate %s", l)
			}
			seen[l] = true
		}
	}
	if !strings.Contains(buf.String(), "SUMMARY:[Best case] CD ballot") {
		t.Error("scenario label missing from summaries")
	}
	if err := Write(&buf, s, Options{Scenarios: []schedule.ScenarioID{"nope"}}); err == nil {
		t.Error("unknown scenario accepted")
	}
}

// TestWriteLocations: a meeting's event carries its place; a deadline
// before a meeting does not (issue 20: a contributions deadline was "in
// Geneva").
func TestWriteLocations(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	var buf bytes.Buffer
	if err := Write(&buf, s, Options{Scenarios: []schedule.ScenarioID{schedule.ScenarioBest}, Now: stamp}); err != nil {
		t.Fatal(err)
	}
	best, _ := s.Scenario("best")
	located, meetings := strings.Count(buf.String(), "\r\nLOCATION:"), 0
	for _, st := range best.Steps {
		if st.Kind == schedule.KindMeeting {
			meetings++
		}
	}
	if located != meetings {
		t.Errorf("%d events have a location; want the %d meetings alone", located, meetings)
	}
	for _, ev := range strings.Split(buf.String(), "BEGIN:VEVENT")[1:] {
		if strings.Contains(ev, "\r\nLOCATION:") && !strings.Contains(ev, ","+schedule.KindMeeting+"\r\n") {
			t.Errorf("an event that is not a meeting has a location:\n%s", ev)
		}
	}
}
