package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editExample returns an example plan changed by edit, which gets the plan
// as generic JSON.
func editExample(t *testing.T, name string, edit func(map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readExample(t, name), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunFaults: every option is judged at the front door, with the
// fault it is (an option, the plan, the calendars) and the field it is
// about; a target or as-of date that the plan file could not hold is a bad
// option (issue 23, point 10: --target 1900-01-01 was accepted for a plan
// starting in 2026, which the plan file refuses).
func TestRunFaults(t *testing.T) {
	ex := readExample(t, "is-ct-aap.json")
	noConsent := editExample(t, "is-ct-aap.json", func(m map[string]any) {
		cal := m["meetings"].(map[string]any)
		var itu []any
		for _, x := range cal["itu"].([]any) {
			if strings.HasPrefix(x.(map[string]any)["start"].(string), "2026") {
				itu = append(itu, x)
			}
		}
		cal["itu"] = itu
	})
	for _, tc := range []struct {
		name  string
		plan  []byte
		o     export.Options
		fault export.Fault
		field string
		says  string
	}{
		{"unknown format", ex, export.Options{Format: "pdf"}, export.BadOption, "format", `unknown format "pdf" (want csv, ics or text)`},
		{"unknown scenario", ex, export.Options{Scenarios: "worst"}, export.BadOption, "scenario", `unknown scenario "worst"`},
		{"unknown rule set", ex, export.Options{RuleSet: "nope"}, export.BadOption, "ruleset", `unknown rule set "nope"`},
		{"no such day", ex, export.Options{Target: "2026-02-30"}, export.BadOption, "target", "day 30 in February 2026"},
		{"target before the start", ex, export.Options{Target: "1900-01-01"}, export.BadOption, "target", "The target date 1900-01-01 is not after the starting date 2026-03-02"},
		{"target out of range", ex, export.Options{Target: "0001-01-01"}, export.BadOption, "target", "outside the planning range"},
		{"as-of out of range", ex, export.Options{AsOf: "2300-01-01"}, export.BadOption, "as-of", "outside the planning range"},
		{"bad duration", ex, export.Options{Overrides: map[string]string{"cd-ballot": "4 fortnights"}}, export.BadOption, "set", "cd-ballot=4 fortnights"},
		{"not a web address", ex, export.Options{Planner: "javascript:alert(1)"}, export.BadOption, "site", "is not the address of a site"},
		{"unknown id policy", ex, export.Options{IDs: "sequential"}, export.BadOption, "ids", `unknown id policy "sequential"`},
		{"bad plan", []byte(`{"version": 1}`), export.Options{}, export.BadPlan, "deliverable", "deliverable"},
		{"override out of range", ex, export.Options{Overrides: map[string]string{"cd-ballot": "9m"}}, export.BadPlan, "override cd-ballot", "out of range"},
		{"no meeting for consent", noConsent, export.Options{}, export.Unschedulable, "", "allows consent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			if o.Format == "" {
				o.Format = "text"
			}
			if o.IDs == "" {
				o.IDs = export.ContentID
			}
			_, err := export.Builtin().Run(tc.plan, o)
			var e *export.Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want an *export.Error", err)
			}
			found := false
			for _, p := range e.Problems {
				found = found || p.Field == tc.field && strings.Contains(p.Message, tc.says)
			}
			if e.Fault != tc.fault || !found {
				t.Errorf("fault %d, %v; want fault %d, %q at %q", e.Fault, e.Problems, tc.fault, tc.says, tc.field)
			}
		})
	}
	// The same target in the plan file and as an option: both refused.
	inFile := editExample(t, "is-ct-aap.json", func(m map[string]any) { m["target"] = "1900-01-01" })
	if _, err := plan.Parse(inFile); err == nil {
		t.Error("the plan file takes a target before its start")
	}
}

// TestIDPolicy: a plan without an id gets a random one, said so, or one
// derived from its content, the same every time.
func TestIDPolicy(t *testing.T) {
	noID := editExample(t, "is-ct-aap.json", func(m map[string]any) { delete(m, "id") })
	f := export.Builtin()
	a, err := f.Run(noID, export.Options{Format: "ics", IDs: export.ContentID, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := f.Run(noID, export.Options{Format: "ics", IDs: export.ContentID, Now: now})
	r, _ := f.Run(noID, export.Options{Format: "ics", IDs: export.RandomID, Now: now})
	if a.NewID || !bytes.Equal(a.Output, b.Output) {
		t.Errorf("content ids: new %v, same output twice %v", a.NewID, bytes.Equal(a.Output, b.Output))
	}
	if !r.NewID || r.Plan.ID == a.Plan.ID {
		t.Errorf("random id: new %v, %s (content: %s)", r.NewID, r.Plan.ID, a.Plan.ID)
	}
}

// TestJSONStaysNative: the built-in formats are those the page may use;
// JSON is added by the native callers.
func TestJSONStaysNative(t *testing.T) {
	if got := strings.Join(export.Builtin().Names(), " "); got != "csv ics text" {
		t.Errorf("built-in formats %q, want csv ics text", got)
	}
}

func TestShortName(t *testing.T) {
	for _, tc := range []struct{ short, title, want string }{
		{"", "Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity authentication framework", "Rec. ITU-T X.1299 | ISO/IEC 27599"},
		{"", "Rec. ITU-T T.803 (V2) | ISO/IEC 15444-4:2021, JPEG 2000 conformance testing (history replayed)", "Rec. ITU-T T.803 | ISO/IEC 15444-4:2021"},
		{"", "Figure 5a: final stages of the collaborative approval", "Figure 5a"},
		{"", "Rec. ITU-T X.1299 | ISO/IEC 27599 Cor. 1 (example) — by Collaborative Interchange (clause 7)", "Rec. ITU-T X.1299 | ISO/IEC 27599 Cor. 1"},
		{"", "A very long title without any of the usual separators in it at all", "A very long title without any of the…"},
		{"", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"},
		{"", "  ", export.Untitled},
		{"X.1299 | 27599", "Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity", "X.1299 | 27599"},
		{"", "Unclosed (paren: title", "Unclosed (paren"},
	} {
		got := export.ShortName(&plan.Plan{ShortName: tc.short, Title: tc.title})
		if got != tc.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", tc.short, tc.title, got, tc.want)
		}
		if n := len([]rune(got)); n > plan.MaxShortNameLen {
			t.Errorf("ShortName(%q) has %d characters", tc.title, n)
		}
	}
}

// TestPrintable: what a terminal would act on is escaped, and an escape
// in the output always stands for a character (issue 23, point 10: U+2028
// and U+2029 went through raw; the text \x1b printed as ESC does).
func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"A\x1bB", `A\x1bB`},
		{`A\x1bB`, `A\\x1bB`},
		{"A\u2028B\u2029C", `A\u2028B\u2029C`},
		{"A\u202eB", `A\u202eB`},
		{"A\xffB", `A\xffB`},
		{"Genève — 会议", "Genève — 会议"},
		{"A\uFFFDB", `A\ufffdB`},
	} {
		if got := export.Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// everyText is every sentence the engine made for s: scenario errors,
// step labels and notes, flags and violations.
func everyText(s *schedule.Schedule) []string {
	var out []string
	for _, sc := range s.Scenarios {
		out = append(out, sc.Label, sc.Description, sc.Error)
		for _, st := range sc.Steps {
			out = append(out, st.Label, st.Note, st.Body)
		}
		for _, f := range sc.Flags {
			out = append(out, f.Message)
		}
		for _, v := range sc.Violations {
			out = append(out, v.Message)
		}
	}
	return out
}
