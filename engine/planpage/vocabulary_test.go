package planpage

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/commontext/commontext/engine/limits"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

func vocabulary(t *testing.T) Vocabulary {
	t.Helper()
	sample, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVocabulary(sample)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVocabularyComplete: the vocabulary covers the engine's own lists —
// every deliverable with its stage names, every starting point, every rule
// set (the default first) — and names pinnable steps as the schedule does.
func TestVocabularyComplete(t *testing.T) {
	v := vocabulary(t)
	if len(v.Deliverables) != len(plan.Deliverables) {
		t.Fatalf("%d deliverables, want %d", len(v.Deliverables), len(plan.Deliverables))
	}
	for _, c := range []struct {
		id, label string
		stages    []string
		firstPin  string
	}{
		{"is", "International Standard (CD → DIS → FDIS)", []string{"CD", "DIS", "FDIS"}, "Second CD ballot"},
		{"amd", "Amendment (PDAM → DAM → FDAM)", []string{"PDAM", "DAM", "FDAM"}, "Second PDAM ballot"},
		{"tr", "Technical Report (PDTR → DTR)", []string{"PDTR", "DTR"}, ""},
		{"cor", "Technical Corrigendum (defect → DCOR)", []string{"DCOR", "DCOR"}, ""},
	} {
		i := slices.IndexFunc(v.Deliverables, func(d DeliverableWords) bool { return d.ID == c.id })
		if i < 0 {
			t.Errorf("no deliverable %q", c.id)
			continue
		}
		d := v.Deliverables[i]
		if d.Label != c.label || !slices.Equal(d.Stages, c.stages) {
			t.Errorf("%s: label %q stages %v, want %q %v", c.id, d.Label, d.Stages, c.label, c.stages)
		}
		if len(d.Starts) != len(plan.StagesFor(plan.Deliverable(c.id))) {
			t.Errorf("%s: %d starting points, want %d", c.id, len(d.Starts), len(plan.StagesFor(plan.Deliverable(c.id))))
		}
		for _, pins := range [][]Choice{d.Pinnable.AAP, d.Pinnable.TAP} {
			if len(pins) == 0 {
				t.Errorf("%s: no pinnable step", c.id)
			}
			for _, p := range pins {
				if !slices.ContainsFunc(plan.PinnableDates, func(s plan.Step) bool { return s.ID == p.ID }) || p.Label == "" || p.Label == p.ID {
					t.Errorf("%s: pinnable %+v", c.id, p)
				}
			}
		}
	}
	is := v.Deliverables[0]
	if want := (Choice{"dis-ballot", "DIS ballot"}); !slices.Contains(is.Pinnable.AAP, want) {
		t.Errorf("IS, AAP: pinnable %v lacks %v", is.Pinnable.AAP, want)
	}
	if want := (Choice{"lc", "Last Call"}); !slices.Contains(is.Pinnable.AAP, want) || slices.Contains(is.Pinnable.TAP, want) {
		t.Errorf("Last Call pinnable under AAP only: AAP %v, TAP %v", is.Pinnable.AAP, is.Pinnable.TAP)
	}
	if got := is.Starts[3]; got != (Choice{"dis-ballot-opens", "the DIS ballot opens on"}) {
		t.Errorf("IS starting point 4 = %v", got)
	}
	if len(v.RuleSets) != len(rules.Names()) || v.RuleSets[0].Name != rules.Default {
		t.Errorf("rule sets %d, first %q; want %d, %q first", len(v.RuleSets), v.RuleSets[0].Name, len(rules.Names()), rules.Default)
	}
	if v.Limits.CalendarBytes != limits.CalendarBytes || v.Limits.LinkBytes != limits.LinkBytes {
		t.Errorf("calendar and link limits %d, %d, want engine/limits' %d, %d", v.Limits.CalendarBytes, v.Limits.LinkBytes, limits.CalendarBytes, limits.LinkBytes)
	}
	if v.Limits.PlanBytes != plan.MaxSize {
		t.Errorf("plan size limit %d, want plan.MaxSize", v.Limits.PlanBytes)
	}
}

// TestVocabularyDurationPattern: the pattern the page puts on a duration
// field accepts exactly what rules.ParseDuration accepts.
func TestVocabularyDurationPattern(t *testing.T) {
	re := regexp.MustCompile("^(?:" + vocabulary(t).Duration.Pattern + ")$")
	for _, s := range []string{"4m", "12w", "7wd", "10d", "0d", "m", "4 m", "4months", "4y", "-1d", "4M"} {
		_, err := rules.ParseDuration(s)
		if re.MatchString(s) != (err == nil) {
			t.Errorf("%q: pattern matches %v, ParseDuration error %v", s, re.MatchString(s), err)
		}
	}
}

// TestDatePatternIsTheSchemas: the form's date pattern is the plan
// schema's, which the browser anchors as the schema does.
func TestDatePatternIsTheSchemas(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"$defs"`
		Definitions map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(plan.Schema, &schema); err != nil {
		t.Fatal(err)
	}
	date, ok := schema.Defs["date"]
	if !ok {
		date = schema.Definitions["date"]
	}
	if want := "^" + DatePattern + "$"; date.Pattern != want {
		t.Errorf("the schema's date pattern is %q, the form's %q", date.Pattern, want)
	}
}
