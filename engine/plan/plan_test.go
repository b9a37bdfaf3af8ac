package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/rules"
)

const goodPlan = `{
  "version": 1,
  "id": "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57",
  "title": "Example",
  "deliverable": "is",
  "itu_process": "aap",
  "mode": "ct",
  "start": {"stage": "cd-ballot-opens", "date": "2026-03-02"},
  "rules": {"set": "guide-2014", "overrides": {"cd-ballot": "4m"}},
  "pins": {"meetings": {"consent": "sg17-2027-01"}, "dates": {"dis-ballot": "2026-10-05"}},
  "meetings": {
    "itu": [
      {"id": "sg17-2027-01", "body": "ITU-T SG17", "kind": "sg", "start": "2027-01-19", "end": "2027-01-28", "place": "Geneva, CH"},
      {"kind": "wp", "start": "2026-05-18", "end": "2026-05-20"}
    ],
    "jtc1": [{"id": "sc27-2026-04", "kind": "sc", "start": "2026-04-20", "end": "2026-04-24"}],
    "ct": [{"id": "ct-2026-07", "start": "2026-07-07", "end": "2026-07-08"}]
  }
}`

func TestDecodeGood(t *testing.T) {
	p, err := Parse([]byte(goodPlan))
	if err != nil {
		t.Fatal(err)
	}
	if p.Deliverable != IS || p.Process != AAP || p.Mode != CollaborativeTeam || p.Start.Date.String() != "2026-03-02" {
		t.Errorf("decoded %+v", p)
	}
	if got := p.Meetings.ITU[1].ID; got != "itu-2026-05-18" {
		t.Errorf("default meeting id %q", got)
	}
	if got := p.Meetings.CT[0].Kind; got != KindCT {
		t.Errorf("default CT kind %q", got)
	}
	if p.Rules.Overrides["cd-ballot"].String() != "4m" || p.Pins.Meetings["consent"] != "sg17-2027-01" {
		t.Errorf("rules/pins %+v %+v", p.Rules, p.Pins)
	}
	// Marshal, decode again: the same plan.
	b, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Parse(b)
	if err != nil {
		t.Fatalf("re-decoding: %v\n%s", err, b)
	}
	b2, _ := Marshal(p2)
	if !bytes.Equal(b, b2) {
		t.Errorf("round trip differs:\n%s\n%s", b, b2)
	}
}

// TestDecodeProblems checks that each bad plan gives a message naming the
// field.
func TestDecodeProblems(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(goodPlan, old) {
			t.Fatalf("test edit %q does not apply", old)
		}
		return strings.Replace(goodPlan, old, new, 1)
	}
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unknown deliverable", edit(`"deliverable": "is"`, `"deliverable": "book"`),
			[]string{`deliverable: "book" is not a deliverable (choose one of is, amd, tr, ts, cor)`}},
		{"month 13", edit(`"date": "2026-03-02"`, `"date": "2026-13-02"`),
			[]string{`start.date: The starting date, "2026-13-02", is not a date: month 13 out of range 1–12`}},
		{"day 30 in February", edit(`"end": "2026-04-24"`, `"end": "2025-02-30"`),
			[]string{`meetings.jtc1[0].end: The end date of meeting 1 of the JTC 1 calendar, "2025-02-30", is not a date: day 30 in February 2025 (it has 28 days)`}},
		{"meeting ends before it starts", edit(`"start": "2026-05-18", "end": "2026-05-20"`, `"start": "2026-05-12", "end": "2026-05-10"`),
			[]string{`meetings.itu[1].end: Meeting 2 of the ITU-T calendar ends before it starts (2026-05-10 is before 2026-05-12)`}},
		{"duration out of range", edit(`"cd-ballot": "4m"`, `"cd-ballot": "9m"`),
			[]string{`rules.overrides.cd-ballot: CD ballot: 9m is out of range 2m–4m (clause 8.9)`}},
		{"bad duration", edit(`"cd-ballot": "4m"`, `"cd-ballot": "4 months"`),
			[]string{`rules.overrides.cd-ballot: CD ballot: duration "4 months": unknown unit " months"`}},
		{"unknown rule", edit(`"cd-ballot": "4m"`, `"cd-balot": "4m"`),
			[]string{`rules.overrides.cd-balot: "cd-balot" is not a rule of the rule set "guide-2014"`}},
		{"unknown field", edit(`"place": "Geneva, CH"`, `"place": "Geneva, CH", "colour": "red"`),
			[]string{`meetings.itu[0].colour: Meeting 1 of the ITU-T calendar has no field "colour" (use id, body, kind, start, end, place)`}},
		{"unknown top-level field", edit(`"title": "Example",`, `"title": "Example", "titel": "x",`),
			[]string{`titel: The plan has no field "titel"`}},
		{"wrong type", edit(`"version": 1`, `"version": "1"`),
			[]string{`version: The version must be the number 1, not string "1"`}},
		{"future version", edit(`"version": 1`, `"version": 2`),
			[]string{`version: Version 2 is not supported (this program reads version 1)`}},
		{"missing field", edit(`"itu_process": "aap",`, ``),
			[]string{`itu_process: The ITU-T process is missing (choose one of aap, tap)`}},
		{"stage for another deliverable", edit(`"stage": "cd-ballot-opens"`, `"stage": "dcor-ballot-opens"`),
			[]string{`start.stage: The starting stage "dcor-ballot-opens" does not apply to deliverable "is" (choose one of cd-ballot-opens, cd-ballot-closes, dis-registered, dis-ballot-opens, dis-ballot-closes)`}},
		{"bad meeting kind", edit(`"kind": "sc"`, `"kind": "sg"`),
			[]string{`meetings.jtc1[0].kind: "sg" is not a kind of meeting in the JTC 1 calendar (choose one of sc, wg)`}},
		{"duplicate meeting id", edit(`"id": "sc27-2026-04"`, `"id": "sg17-2027-01"`),
			[]string{`meetings.jtc1[0].id: Meeting 1 of the JTC 1 calendar has the same id "sg17-2027-01" as meeting 1 of the ITU-T calendar`}},
		{"pin to no meeting", edit(`"consent": "sg17-2027-01"`, `"consent": "sg17-2099"`),
			[]string{`pins.meetings.consent: Consent is pinned to meeting "sg17-2099", which is in none of the calendars`}},
		{"pin unknown step", edit(`"dis-ballot": "2026-10-05"`, `"dis-balot": "2026-10-05"`),
			[]string{`pins.dates.dis-balot: "dis-balot" is not a step that can be pinned to a date (choose one of second CD ballot, DIS registration, DIS ballot, `}},
		{"year out of range", edit(`"date": "2026-03-02"`, `"date": "2626-03-02"`),
			[]string{`start.date: The starting date 2626-03-02 is outside the planning range 1900–2199`}},
		{"meeting too long", edit(`"start": "2026-05-18", "end": "2026-05-20"`, `"start": "2026-05-18", "end": "2026-08-20"`),
			[]string{`meetings.itu[1].end: Meeting 2 of the ITU-T calendar lasts 95 days`}},
		// Each of a meeting's fields is checked and named (the paths are
		// built only for a problem).
		{"meeting ends before it starts", edit(`"start": "2026-05-18", "end": "2026-05-20"`, `"start": "2026-05-18", "end": "2026-05-10"`),
			[]string{`meetings.itu[1].end: Meeting 2 of the ITU-T calendar ends before it starts (2026-05-10 is before 2026-05-18)`}},
		{"meeting year out of range", edit(`"start": "2026-05-18", "end": "2026-05-20"`, `"start": "2026-05-18", "end": "2626-05-20"`),
			[]string{`meetings.itu[1].end: The end date of meeting 2 of the ITU-T calendar 2626-05-20 is outside the planning range 1900–2199`}},
		{"meeting start missing", edit(`"start": "2026-05-18", "end": "2026-05-20"`, `"end": "2026-05-20"`),
			[]string{`meetings.itu[1].start: The start date of meeting 2 of the ITU-T calendar is missing`}},
		{"meeting place too long", edit(`"place": "Geneva, CH"`, `"place": "`+strings.Repeat("é", MaxTextLen+1)+`"`),
			[]string{`meetings.itu[0].place: The place of meeting 1 of the ITU-T calendar is longer than`}},
		{"meeting id not an id", edit(`"id": "sc27-2026-04"`, `"id": "sc27 2026"`),
			[]string{`meetings.jtc1[0].id: The id "sc27 2026" of meeting 1 of the JTC 1 calendar: use at most`}},
		{"duplicate key", edit(`"title": "Example",`, `"title": "Example", "title": "Again",`),
			[]string{`title: The plan has the field "title" twice (the second at line 4, column 30); keep one`}},
		// issue 23 point 10: valid JSON that the plan format refuses is
		// not called "not valid JSON"; the message says what is wrong.
		{"duplicate key in a meeting", edit(`"kind": "sg"`, `"kind": "sg", "kind": "wp"`),
			[]string{`meetings.itu[0].kind: Meeting 1 of the ITU-T calendar has the field "kind" twice (the second at line 13, column 72); keep one`}},
		{"duplicate key in start", edit(`"stage": "cd-ballot-opens"`, `"stage": "cd-ballot-opens", "stage": "dis-ballot-opens"`),
			[]string{`start.stage: The starting point has the field "stage" twice (the second at line 8, column 48); keep one`}},
		{"nested 33 deep", edit(`"title": "Example"`, `"title": `+strings.Repeat("[", 33)+strings.Repeat("]", 33)),
			[]string{`title: The plan nests arrays and objects more than 32 levels deep (at line 4, column 44, in title[0][0]`}},
		{"trailing data", goodPlan + `{}`, []string{`unexpected data after the JSON value`}},
		{"truncated", goodPlan[:200], []string{`invalid JSON: unexpected end of input`}},
		{"not an object", `[1, 2]`, []string{`: The plan must be an object, not array`}},
		{"syntax error", `{"version": 1,}`, []string{`line 1, column 15: invalid JSON: invalid character '}'`}},
		{"empty", "  \n", []string{`The plan is empty`}},
		{"not UTF-8", "{\"title\": \"\xff\"}", []string{`The plan is not UTF-8 text (invalid byte 0xff at offset 11)`}},
		{"several problems at once", edit(`"mode": "ct"`, `"mode": "team", "extra": true`),
			[]string{`extra: The plan has no field "extra"`, `mode: "team" is not a mode (choose one of ct, ci)`}},
		{"pin a date step to a meeting", edit(`"consent": "sg17-2027-01"`, `"dis-ballot": "sg17-2027-01"`),
			[]string{`pins.meetings.dis-ballot: "DIS ballot" is not a step that can be pinned to a meeting (choose one of CD ballot resolution, `}},
		// issue 12 item 9: the path of a wrong type is the JSON key, and
		// it is reported once (not again as "missing").
		{"kind of the wrong type", edit(`"kind": "sg"`, `"kind": 5`),
			[]string{"meetings.itu[0].kind: The kind of meeting 1 of the ITU-T calendar must be a string, not number 5"}},
		// issue 12 item 5: an empty override is an error, not dropped.
		{"empty override", edit(`"cd-ballot": "4m"`, `"cd-ballot": ""`),
			[]string{`rules.overrides.cd-ballot: CD ballot: the override is empty (give a duration such as 12w, or remove it)`}},
		{"blank override", edit(`"cd-ballot": "4m"`, `"dis-ballot": " "`),
			[]string{`rules.overrides.dis-ballot: DIS ballot: the override is empty`}},
		{"too many overrides, empty ones counted", edit(`"cd-ballot": "4m"`, `"cd-ballot": "4m"`+manyEmpty(64)),
			[]string{`rules.overrides: The plan overrides 65 rules; at most 64 are allowed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var pe Errors
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			if strings.HasPrefix(tt.name, "kind of") && len(pe) != 1 {
				t.Errorf("%d problems, want 1: %v", len(pe), pe)
			}
			// Each problem as "field: message", the field for programs
			// and the message for people.
			var lines []string
			for _, p := range pe {
				lines = append(lines, p.Field+": "+p.Message)
			}
			got := strings.Join(lines, "\n")
			if strings.Contains(got, "not valid JSON") && json.Valid([]byte(tt.in)) {
				t.Errorf("valid JSON called invalid: %s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors:\n%v\nwant a line containing %q", got, w)
				}
			}
		})
	}
}

// manyEmpty returns n more override entries with empty values.
func manyEmpty(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `, "r%d": ""`, i)
	}
	return b.String()
}

func TestDecodeLimits(t *testing.T) {
	big := make([]byte, 5<<20)
	rand.New(rand.NewSource(1)).Read(big)
	_, err := Decode(bytes.NewReader(big))
	if err == nil || err.Error() != "The plan is larger than the 1024 KiB limit" {
		t.Errorf("5 MB of random bytes: %v", err)
	}
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	if _, err := Parse([]byte(`{"title": ` + deep + `}`)); err == nil || !strings.Contains(err.Error(), "more than 32 levels deep") {
		t.Errorf("deep nesting: %v", err)
	}
	many := `{"version": 1, "x1": 1, "x2": 2, "x3": 3` + strings.Repeat(`, "y": [`+strings.Repeat(`{}, `, 10)+`{}]`, 1) + `}`
	if _, err := Parse([]byte(many)); err == nil {
		t.Error("accepted junk")
	}
}

// TestVersionByValue: the version is any number equal to 1, as the
// schema's "const": 1 compares by value (issue 23 point 10: 1.0, 1e0 and
// 10e-1 were refused).
func TestVersionByValue(t *testing.T) {
	for _, tt := range []struct {
		num string
		ok  bool
	}{
		{"1", true}, {"1.0", true}, {"1e0", true}, {"10e-1", true}, {"0.1e1", true},
		{"1E+0", true}, {"100e-2", true}, {"0.01e2", true}, {"1.000", true},
		{"2", false}, {"-1", false}, {"0", false}, {"1.5", false}, {"11e-1", false},
		{"1e1", false}, {"1.0000000000000000001", false}, {"1e99999999999999999999", false},
		{"0.0", false}, {"10", false},
	} {
		in := strings.Replace(goodPlan, `"version": 1`, `"version": `+tt.num, 1)
		p, err := Parse([]byte(in))
		if (err == nil) != tt.ok {
			t.Errorf("version %s: %v, want ok=%v", tt.num, err, tt.ok)
		}
		if err == nil && p.Version != Version {
			t.Errorf("version %s: Version = %d", tt.num, p.Version)
		}
	}
}

func TestEnsureID(t *testing.T) {
	p := &Plan{}
	if !p.EnsureID() || p.ID.String() == "00000000-0000-0000-0000-000000000000" {
		t.Fatal("no id created")
	}
	id := p.ID
	if p.EnsureID() || p.ID != id {
		t.Fatal("id not kept")
	}
	if a, b := New(), New(); a.ID == b.ID {
		t.Fatal("New gives the same id twice")
	}
}

func TestExamplesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	if len(files) < 4 {
		t.Fatalf("examples: %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p.ID.String() == "00000000-0000-0000-0000-000000000000" {
			t.Errorf("%s: no id", f)
		}
	}
}

func FuzzDecodePlan(f *testing.F) {
	f.Add([]byte(goodPlan))
	f.Add([]byte(withLife)) // actuals, a baseline, a revision
	files, _ := filepath.Glob("../../examples/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			var pe Errors
			if !errors.As(err, &pe) || len(pe) == 0 {
				t.Fatalf("error is not Errors: %v", err)
			}
			return
		}
		if err := Validate(p); err != nil {
			t.Fatalf("decoded plan does not validate: %v", err)
		}
		checkMarshal(t, "fuzzed plan", p)
		b, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := Parse(b)
		if err != nil {
			t.Fatalf("re-decoding the marshalled plan: %v\n%s", err, b)
		}
		b2, _ := Marshal(p2)
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip differs")
		}
	})
}

// TestMarshalMatchesEncodingJSON: the hand-written Marshal writes exactly
// the bytes encoding/json writes from the struct tags.
func TestMarshalMatchesEncodingJSON(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkMarshal(t, f, p)
	}
	p := &Plan{Version: 1, Deliverable: IS, Process: AAP, Mode: CollaborativeTeam, Start: Start{Stage: CDBallotOpens},
		Rules: RuleChoice{Overrides: map[string]rules.Duration{}}, Pins: Pins{Dates: map[string]caldate.Date{}}, Meetings: Calendars{ITU: []Meeting{}}}
	checkMarshal(t, "empty maps", p)
}

func checkMarshal(t *testing.T, name string, p *Plan) {
	t.Helper()
	want, _ := json.MarshalIndent(p, "", "  ")
	got, _ := Marshal(p)
	if string(got) != string(want)+"\n" {
		t.Errorf("%s: Marshal differs from encoding/json:\n got %s\nwant %s", name, got, want)
	}
	wantC, _ := json.Marshal(p)
	if gotC, _ := MarshalCompact(p); string(gotC) != string(wantC) {
		t.Errorf("%s: MarshalCompact differs from encoding/json:\n got %s\nwant %s", name, gotC, wantC)
	}
}

// TestShortName: the optional short_name is read, kept through Marshal and
// judged (at most MaxShortNameLen characters, a string).
func TestShortName(t *testing.T) {
	with := strings.Replace(goodPlan, `"title": "Example",`, `"title": "Example", "short_name": "X.1299 | 27599",`, 1)
	p, err := Parse([]byte(with))
	if err != nil || p.ShortName != "X.1299 | 27599" {
		t.Fatalf("Parse: %v, short name %q", err, p.ShortName)
	}
	checkMarshal(t, "short name", p)
	b, _ := MarshalCompact(p)
	if p2, err := Parse(b); err != nil || p2.ShortName != p.ShortName {
		t.Errorf("round trip: %v, %q", err, p2.ShortName)
	}
	for _, tc := range []struct{ value, says string }{
		{`"` + strings.Repeat("x", MaxShortNameLen+1) + `"`, "the short name is longer than 40 characters"},
		{`5`, "the short name must be a string"},
	} {
		bad := strings.Replace(goodPlan, `"title": "Example",`, `"title": "Example", "short_name": `+tc.value+`,`, 1)
		_, err := Parse([]byte(bad))
		var pe Errors
		if !errors.As(err, &pe) || pe[0].Field != "short_name" || !strings.Contains(strings.ToLower(pe[0].Message), strings.ToLower(tc.says)) {
			t.Errorf("short_name %s: %v", tc.value, err)
		}
	}
}
