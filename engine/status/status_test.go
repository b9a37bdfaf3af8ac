package status

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

var d = caldate.MustParse

// TestHarmonizedCodes checks the code table against ISO's list
// (https://www.iso.org/stage-codes.html): the codes a common text passes
// from its CD to publication, each once, in order, with ISO's names.
func TestHarmonizedCodes(t *testing.T) {
	want := map[string]string{
		"30.20": "CD ballot initiated",
		"30.60": "Close of voting on the CD",
		"40.00": "DIS registered",
		"40.20": "DIS ballot initiated",
		"40.60": "Close of voting on the DIS",
		"40.93": "Full report circulated: decision for new DIS ballot",
		"50.00": "FDIS registered for formal approval",
		"50.20": "FDIS ballot initiated",
		"60.00": "International Standard under publication",
		"60.60": "International Standard published",
	}
	form := regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}$`)
	prev := ""
	for _, c := range HarmonizedCodes() {
		if !form.MatchString(c.Code) || c.Code <= prev {
			t.Errorf("code %q after %q: want NN.NN in ascending order, each once", c.Code, prev)
		}
		prev = c.Code
		if w, ok := want[c.Code]; ok && w != c.Name {
			t.Errorf("%s is %q, want %q", c.Code, c.Name, w)
		}
		delete(want, c.Code)
	}
	for code := range want {
		t.Errorf("the table lacks %s", code)
	}
	for _, js := range jtc1Steps {
		for _, c := range []string{js.before, js.during, js.done} {
			if _, ok := Harmonized(c); c != "" && !ok {
				t.Errorf("step %s uses %s, which the table lacks", js.step, c)
			}
		}
	}
}

// step builds a step of a hand-made schedule.
func step(id, kind, side, start, end, status string) schedule.Step {
	return schedule.Step{ID: id, Label: id, Kind: kind, Side: side, Start: d(start), End: d(end), Status: status}
}

const (
	done    = schedule.StatusDone
	overdue = schedule.StatusOverdue
)

// isAAP is a hand-made IS scenario (AAP, FDIS omitted) whose steps carry
// the statuses given by id (every other step is planned).
func isAAP(statuses map[string]string) *schedule.Scenario {
	steps := []schedule.Step{
		step("cd-ballot", "ballot", "jtc1", "2026-03-02", "2026-06-02", ""),
		step("cd-resolution", "meeting", "joint", "2026-07-07", "2026-07-08", ""),
		step("dis-registration", "milestone", "jtc1", "2026-08-05", "2026-08-05", ""),
		step("dis-translation", "period", "jtc1", "2026-08-05", "2026-10-05", ""),
		step("dis-ballot", "ballot", "jtc1", "2026-10-05", "2027-01-05", ""),
		step("dis-comments", "ballot", "itu-t", "2026-10-05", "2027-01-05", ""),
		step("consent", "meeting", "itu-t", "2027-01-26", "2027-02-04", ""),
		step("dis-resolution", "meeting", "joint", "2027-01-28", "2027-01-29", ""),
		step("contributions", "deadline", "joint", "2027-01-19", "2027-01-19", ""),
		step("lc", "period", "itu-t", "2027-02-04", "2027-03-04", ""),
		step("itu-approval", "milestone", "itu-t", "2027-03-04", "2027-03-04", ""),
		step("publication", "milestone", "joint", "2027-03-04", "2027-03-04", ""),
	}
	for i := range steps {
		steps[i].Status = statuses[steps[i].ID]
	}
	return &schedule.Scenario{ID: "best", Label: "Best case", Publication: d("2027-03-04"), Steps: steps}
}

func TestStatusOf(t *testing.T) {
	p := &plan.Plan{Title: "Rec. ITU-T X.1299 | ISO/IEC 27599: a framework", Deliverable: plan.IS, Process: plan.AAP}
	s := &schedule.Schedule{Names: schedule.Names{CD: "CD", DIS: "DIS", FDIS: "FDIS"}}
	for _, tc := range []struct {
		name     string
		statuses map[string]string
		asOf     string
		since    string
		jtc1     string // code and words
		itu      string
		next     []string // steps
		nextStep string
		done     []string
	}{
		{name: "nothing done before the start", asOf: "2026-02-01",
			jtc1: "30.00 CD registered", itu: "not yet consented",
			next: []string{"cd-ballot", "cd-resolution", "dis-registration"}, nextStep: "cd-ballot"},
		{name: "a ballot opened at the start whose close is past and not recorded is overdue, and still initiated",
			statuses: map[string]string{"cd-ballot": overdue}, asOf: "2026-06-10",
			jtc1: "30.20 CD ballot initiated", itu: "not yet consented",
			next: []string{"cd-ballot", "cd-resolution", "dis-registration"}, nextStep: "cd-ballot"},
		{name: "CD ballot closed", statuses: map[string]string{"cd-ballot": done}, asOf: "2026-06-10",
			jtc1: "30.60 Close of voting on the CD", itu: "not yet consented",
			next: []string{"cd-resolution", "dis-registration", "dis-translation"}, nextStep: "cd-resolution", done: []string{"cd-ballot"}},
		{name: "CD resolved", statuses: map[string]string{"cd-ballot": done, "cd-resolution": done}, asOf: "2026-07-20",
			jtc1: "30.99 CD approved for registration as DIS", itu: "not yet consented",
			next: []string{"dis-registration", "dis-translation", "dis-ballot"}, nextStep: "dis-registration", done: []string{"cd-ballot", "cd-resolution"}},
		{name: "DIS ballot under way", statuses: map[string]string{"cd-ballot": done, "cd-resolution": done, "dis-registration": done, "dis-translation": done},
			asOf: "2026-11-01", jtc1: "40.20 DIS ballot initiated", itu: "not yet consented",
			next: []string{"dis-ballot", "dis-comments", "contributions"}, nextStep: "dis-ballot", done: []string{"cd-ballot", "cd-resolution", "dis-registration", "dis-translation"}},
		{name: "consented, in Last Call",
			statuses: map[string]string{"cd-ballot": done, "cd-resolution": done, "dis-registration": done, "dis-translation": done, "dis-ballot": done, "dis-comments": done, "consent": done, "dis-resolution": done, "contributions": done},
			asOf:     "2027-02-10", since: "2026-12-01", jtc1: "40.99 Full report circulated: DIS approved for registration as FDIS", itu: "in Last Call",
			next: []string{"lc", "itu-approval", "publication"}, nextStep: "lc", done: []string{"dis-ballot", "dis-comments", "contributions", "dis-resolution", "consent"}},
		{name: "published",
			statuses: map[string]string{"cd-ballot": done, "cd-resolution": done, "dis-registration": done, "dis-translation": done, "dis-ballot": done, "dis-comments": done, "consent": done, "dis-resolution": done, "contributions": done, "lc": done, "itu-approval": done, "publication": done},
			asOf:     "2027-03-10", since: "2026-12-01", jtc1: "60.60 International Standard published", itu: "published",
			done: []string{"dis-ballot", "dis-comments", "contributions", "dis-resolution", "consent", "lc", "itu-approval", "publication"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := isAAP(tc.statuses)
			var since caldate.Date
			if tc.since != "" {
				since = d(tc.since)
			}
			st := Of(p, s, sc, d(tc.asOf), since)
			if got := st.JTC1.String(); got != tc.jtc1 {
				t.Errorf("JTC 1 stage %q, want %q", got, tc.jtc1)
			}
			if st.ITU.Words != tc.itu {
				t.Errorf("ITU-T stage %q, want %q", st.ITU.Words, tc.itu)
			}
			if got := ids(st.Next); strings.Join(got, " ") != strings.Join(tc.next, " ") {
				t.Errorf("next %v, want %v", got, tc.next)
			}
			gotStep := ""
			if st.NextStep != nil {
				gotStep = st.NextStep.Step
			}
			if gotStep != tc.nextStep {
				t.Errorf("next step %q, want %q", gotStep, tc.nextStep)
			}
			if got := ids(st.Done); strings.Join(got, " ") != strings.Join(tc.done, " ") {
				t.Errorf("done since %s: %v, want %v", st.Since, got, tc.done)
			}
			if st.ShortName != "Rec. ITU-T X.1299 | ISO/IEC 27599" || st.Publication != d("2027-03-04") {
				t.Errorf("short name %q, publication %s", st.ShortName, st.Publication)
			}
		})
	}
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Step)
	}
	return out
}

// TestStatusDeliverables: an amendment's stages in its own names; a
// second DIS ballot decided is 40.93; a TR has no code, only words; a
// TAP text is "determined".
func TestStatusDeliverables(t *testing.T) {
	amd := &schedule.Schedule{Names: schedule.Names{CD: "PDAM", DIS: "DAM", FDIS: "FDAM"}}
	tr := &schedule.Schedule{Names: schedule.Names{CD: "PDTR", DIS: "DTR"}}
	dis2 := isAAP(map[string]string{"dis-ballot": done, "dis-resolution": done})
	dis2.Steps = append(dis2.Steps, step("dis2-ballot", "ballot", "jtc1", "2027-03-01", "2027-06-01", ""))
	tap := isAAP(map[string]string{"cd-ballot": done})
	tap.Steps = append(tap.Steps, step("determination", "meeting", "itu-t", "2026-05-01", "2026-05-10", done))
	pub := isAAP(map[string]string{"dis-ballot": done, "dis-resolution": done, "publication": done})
	trSteps := isAAP(map[string]string{"cd-ballot": done})
	trSteps.Steps[0].Label = "PDTR ballot"
	for _, tc := range []struct {
		name string
		d    plan.Deliverable
		proc plan.Process
		s    *schedule.Schedule
		sc   *schedule.Scenario
		jtc1 string
		itu  string
	}{
		{"amendment at the DAM ballot", plan.Amendment, plan.AAP, amd, isAAP(map[string]string{"dis-registration": done}), "40.00 DAM registered", "not yet consented"},
		{"amendment published", plan.Amendment, plan.AAP, amd, pub, "60.60 Amendment published", "published"},
		{"second DIS ballot decided", plan.IS, plan.AAP, amd, dis2, "40.93 Full report circulated: decision for new DAM ballot", "not yet consented"},
		{"TR: words only", plan.TR, plan.AAP, tr, trSteps, "PDTR ballot closed", "not yet consented"},
		{"TAP determined", plan.IS, plan.TAP, amd, tap, "30.60 Close of voting on the PDAM", "determined"},
		{"TAP before determination", plan.IS, plan.TAP, amd, isAAP(nil), "30.00 PDAM registered", "not yet determined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plan.Plan{Title: "T", Deliverable: tc.d, Process: tc.proc}
			st := Of(p, tc.s, tc.sc, d("2026-06-10"), caldate.Date{})
			if got := st.JTC1.String(); got != tc.jtc1 {
				t.Errorf("JTC 1 stage %q, want %q", got, tc.jtc1)
			}
			if st.ITU.Words != tc.itu {
				t.Errorf("ITU-T stage %q, want %q", st.ITU.Words, tc.itu)
			}
		})
	}
}

// TestStatusSlipAndRules: the slip is the publication step's, against its
// baseline; broken rules and warnings are counted, and those on steps done
// are history.
func TestStatusSlipAndRules(t *testing.T) {
	p := &plan.Plan{Title: "T", Deliverable: plan.IS, Process: plan.AAP}
	sc := isAAP(map[string]string{"cd-ballot": done})
	pub, _ := sc.Step("publication")
	pub.Baseline, pub.Slip = d("2027-01-26"), 37
	sc.Violations = []schedule.Violation{
		{Severity: "warning", Step: "cd-ballot", Rule: "r1"},
		{Severity: "error", Step: "dis-ballot", Rule: "r2"},
		{Severity: "warning", Step: "consent", Rule: "r3"},
	}
	st := Of(p, &schedule.Schedule{}, sc, d("2026-06-10"), caldate.Date{})
	if st.Baseline != d("2027-01-26") || st.Slip != 37 || st.SlipText() != "+37 d" {
		t.Errorf("baseline %s, slip %d (%q), want 2027-01-26, +37 d", st.Baseline, st.Slip, st.SlipText())
	}
	if len(st.Rules) != 3 || !st.Rules[0].History || st.Rules[1].Severity != "error" || st.Rules[1].History {
		t.Errorf("rules %+v", st.Rules)
	}
	if st.Errors != 1 || st.Warnings != 2 || st.History != 1 {
		t.Errorf("errors %d, warnings %d, history %d; want 1, 2, 1", st.Errors, st.Warnings, st.History)
	}
	for slip, want := range map[int]string{-5: "−5 d", 0: "0 d", 12: "+12 d"} {
		if got := (Status{Baseline: d("2027-01-01"), Slip: slip}).SlipText(); got != want {
			t.Errorf("slip %d reads %q, want %q", slip, got, want)
		}
	}
	if got := (Status{}).SlipText(); got != "" {
		t.Errorf("no baseline reads %q, want empty", got)
	}
}

// TestProgrammeExamples builds the programme of the examples with the real
// engine: a plan that cannot be read keeps its row, with the reason, and
// the others are reported.
func TestProgrammeExamples(t *testing.T) {
	var in []Input
	for _, f := range []string{"is-ct-aap.json", "figure-5b-aap.json", "amendment-tap.json", "tr-ci.json", "corrigendum.json"} {
		b, err := os.ReadFile("../../examples/" + f)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{File: f, Plan: b})
	}
	in = append(in[:2], append([]Input{{File: "broken.json", Plan: []byte(`{"version": 1, "deliverable": "book"}`)}}, in[2:]...)...)
	prog := Build(in, d("2026-01-05"))
	want := []struct{ jtc1, itu, next, problem string }{
		{jtc1: "30.00 CD registered", itu: "not yet consented", next: "CD ballot 2026-03-02"},
		{jtc1: "30.99 CD approved for registration as DIS", itu: "not yet consented", next: "DIS registered 2026-10-05"},
		{problem: "The plan cannot be read: deliverable"},
		{jtc1: "30.00 PDAM registered", itu: "not yet determined", next: "PDAM ballot 2026-06-15"},
		{jtc1: "not started", itu: "not yet consented", next: "PDTR ballot 2026-02-28"},
		{jtc1: "before the DCOR ballot (SC ballot, JTC 1 comment period)", itu: "not yet consented", next: "DCOR ballot (SC ballot, JTC 1 comment period) 2028-02-01"},
	}
	if len(prog.Rows) != len(want) || prog.Problems() != 1 {
		t.Fatalf("%d rows, %d problems; want %d, 1", len(prog.Rows), prog.Problems(), len(want))
	}
	for i, w := range want {
		r := prog.Rows[i]
		if w.problem != "" {
			if !strings.HasPrefix(r.Problem, w.problem) || r.File != "broken.json" {
				t.Errorf("row %d: problem %q of %q, want %q…", i, r.Problem, r.File, w.problem)
			}
			continue
		}
		next := ""
		if r.NextStep != nil {
			next = r.NextStep.Label + " " + r.NextStep.Date.String()
		}
		if r.Problem != "" || r.JTC1.String() != w.jtc1 || r.ITU.Words != w.itu || !strings.HasPrefix(next, w.next) {
			t.Errorf("row %d (%s): %q / %q / %q / problem %q; want %q / %q / %q…", i, r.File, r.JTC1.String(), r.ITU.Words, next, r.Problem, w.jtc1, w.itu, w.next)
		}
		if r.Publication.IsZero() || r.Scenario != "best" {
			t.Errorf("row %d: publication %s, scenario %s", i, r.Publication, r.Scenario)
		}
	}
}

func parseDay(s string) (caldate.Date, error) { return caldate.Parse(s) }
