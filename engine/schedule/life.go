package schedule

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

// A plan followed through its life (issue 18) records what happened as
// actuals. The engine then plans what remains:
//
//   - a step with an actual keeps its actual dates (a meeting decision its
//     meeting) and is done; an actual overrides a pin on the same step;
//   - a step dated on or before the latest actual, without one of its own,
//     is history too (it must have happened for the later fact to be) and
//     is done;
//   - a step the rules date after the latest actual but before the as-of
//     date has not happened: it is re-planned from the as-of date (a date
//     moves to it, a meeting is chosen among those that start on or after
//     it) and is overdue, and a pin that lay there lapses;
//   - a scenario whose branches contradict the actuals is ruled out.
//
// A plan without actuals is planned exactly as before (TestOldPlansUnchanged).

// mark records a step's status in this run.
func (r *run) mark(step, status string) {
	if r.st == nil {
		r.st = make(map[string]string, 8)
	}
	r.st[step] = status
}

// actual returns the step's actual date when it has one, marking it done.
func (r *run) actual(step string, def caldate.Date) caldate.Date {
	if a, ok := r.e.actD[step]; ok {
		r.mark(step, StatusDone)
		return a.Start
	}
	return def
}

// endOf returns the last day of a period that starts on start: its actual
// end when recorded, else dur after the start.
func (r *run) endOf(step string, start caldate.Date, after func(caldate.Date) caldate.Date) caldate.Date {
	if a, ok := r.e.actD[step]; ok && !a.End.IsZero() {
		return a.End
	}
	return after(start)
}

// statuses sets each step's Status once the run is done: its own mark; the
// ITU-T comment period of a ballot and the preparation deadlines of a
// meeting follow the ballot and the meeting; anything that ends on or
// before the latest actual is history.
func (r *run) statuses(steps []Step) {
	if !r.e.followed {
		return
	}
	for i := range steps {
		s := &steps[i]
		st := r.st[s.ID]
		if st == "" && strings.HasSuffix(s.ID, "-comments") {
			st = r.st[strings.TrimSuffix(s.ID, "-comments")+"-ballot"]
		}
		if st == "" && s.For != "" && r.st[s.For] == StatusDone {
			st = StatusDone
		}
		if st == "" && !s.End.After(r.e.latest) {
			st = StatusDone
		}
		s.Status = st
		if st == StatusDone {
			s.Pinned = false
		}
	}
}

// evidence are the actuals that show a slower branch was taken.
var evidence = []struct {
	br             branch
	dates, meeting []string
	what           string
}{
	{bCD2, []string{"cd2-ballot"}, []string{"cd2-resolution"}, "a second CD ballot"},
	{bDIS2, []string{"dis2-ballot"}, []string{"dis2-resolution"}, "a second DIS ballot"},
	{bFDIS, []string{"fdis-ballot"}, nil, "an FDIS ballot"},
	{bLCAR, []string{"ar"}, nil, "an Additional Review"},
}

// passed are the actuals that show a branch point was passed without the
// branch (none of its evidence recorded): a second CD ballot cannot follow
// the DIS registration (8.9), nor a second DIS ballot the final text or
// ITU-T approval; an FDIS ballot comes before publication (8.9); an
// Additional Review, or the SG meeting that considers Last Call comments,
// before ITU-T approval (3.1.2).
var passed = []struct {
	br             branch
	dates, meeting []string
	what, after    string
	clause         string
}{
	{bCD2, []string{"dis-registration", "dis-ballot", "final-text", "itu-approval", "fdis-ballot", "publication"},
		[]string{"dis-resolution", "consent", "determination"}, "a second CD ballot", "the DIS registration", "8.9"},
	{bDIS2, []string{"final-text", "itu-approval", "fdis-ballot", "publication"}, []string{"sg-approval"},
		"a second DIS ballot", "the final text for ITU-T approval", "8.9"},
	{bFDIS, []string{"publication"}, nil, "an FDIS ballot", "publication", "8.9"},
	{bLCAR, []string{"itu-approval", "publication"}, nil, "an Additional Review", "ITU-T approval", "3.1.2"},
	{bLCSG, []string{"itu-approval", "publication"}, nil, "an SG meeting on the Last Call comments", "ITU-T approval", "3.1.2"},
}

// taken says whether the actuals record the slower branch br: its own
// steps (evidence), or for Last Call comments sent to the SG meeting, the
// SG meeting's approval under AAP.
func (e *engine) taken(br branch, find func(dates, meetings []string) string) bool {
	if br == bLCSG {
		_, ok := e.actM["sg-approval"]
		return ok && e.process == plan.AAP
	}
	for _, ev := range evidence {
		if ev.br == br && find(ev.dates, ev.meeting) != "" {
			return true
		}
	}
	return false
}

// ruledOut says why the plan's actuals exclude the scenario, or "".
func (e *engine) ruledOut(def scenarioDef) string {
	if !e.followed {
		return ""
	}
	n := e.names
	word := func(s string) string {
		s = strings.ReplaceAll(s, "CD", n.CD)
		if n.FDIS != "" {
			s = strings.ReplaceAll(s, "FDIS", n.FDIS)
		}
		return strings.ReplaceAll(s, "DIS", n.DIS)
	}
	find := func(dates, meetings []string) string {
		for _, d := range dates {
			if _, ok := e.actD[d]; ok {
				return d
			}
		}
		for _, m := range meetings {
			if _, ok := e.actM[m]; ok {
				return m
			}
		}
		return ""
	}
	if e.process == plan.AAP {
		if _, ok := e.actM["sg-approval"]; ok && def.br&bLCSG == 0 {
			return "Ruled out by what happened: the text was approved at an SG meeting after Last Call comments (3.1.2), which this scenario does not have."
		}
	}
	for _, ev := range evidence {
		if def.br&ev.br != 0 {
			continue
		}
		if step := find(ev.dates, ev.meeting); step != "" {
			return word(fmt.Sprintf("Ruled out by what happened: there was %s (%s is recorded), which this scenario does not have.", ev.what, plan.StepName(step)))
		}
	}
	for _, p := range passed {
		if def.br&p.br == 0 || e.taken(p.br, find) {
			continue
		}
		if step := find(p.dates, p.meeting); step != "" {
			return word(fmt.Sprintf("Ruled out by what happened: %s is recorded without %s, which cannot come after %s (%s).",
				sentenceStart(plan.StepName(step)), p.what, p.after, p.clause))
		}
	}
	return ""
}

func sentenceStart(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// slip fills each step's Baseline and Slip from the plan's baseline, and
// the scenario's headline Slip. The baseline keeps one scenario's forecast
// by step ID; every scenario is measured against it, step by step, since
// the baseline is the promise that was made, whichever way the approval
// now goes.
func (e *engine) slip(sc *Scenario) {
	b := e.p.Baseline
	if b == nil || len(b.Milestones) == 0 {
		return
	}
	var because []string
	for i := range sc.Steps {
		s := &sc.Steps[i]
		d, ok := b.Milestones[s.ID]
		if !ok {
			continue
		}
		s.Baseline, s.Slip = d, s.End.DaysSince(d)
		if s.Slip == 0 || s.ID == "publication" {
			continue
		}
		switch s.Status {
		case StatusDone:
			if _, actual := e.actD[s.ID]; actual {
				because = append(because, fmt.Sprintf("%s: done %s, %s", label(s), s.End, Days(s.Slip)))
			} else if m, actual := e.actM[s.ID]; actual {
				because = append(because, fmt.Sprintf("%s: at %s, %s", label(s), describe(m), Days(s.Slip)))
			}
		case StatusOverdue:
			because = append(because, fmt.Sprintf("%s: overdue, now %s, %s", label(s), s.End, Days(s.Slip)))
		}
	}
	pub, ok := b.Milestones["publication"]
	if !ok || sc.Publication.IsZero() {
		return
	}
	sl := &Slip{Baseline: pub, Days: sc.Publication.DaysSince(pub), Because: because}
	if sl.Because == nil {
		sl.Because = []string{}
	}
	switch {
	case sl.Days == 0:
		sl.Reason = fmt.Sprintf("Publication %s, as in the baseline of %s.", sc.Publication, b.Set)
	case len(because) == 0:
		sl.Reason = fmt.Sprintf("Publication %s, %s against the baseline of %s (%s), with no recorded step moved: the calendars or the rules changed.",
			sc.Publication, Days(sl.Days), b.Set, pub)
	default:
		sl.Reason = fmt.Sprintf("Publication %s, %s against the baseline of %s (%s), moved by %s.",
			sc.Publication, Days(sl.Days), b.Set, pub, strings.Join(because, "; "))
	}
	sc.Slip = sl
}

// Days writes a slip in days as the planner shows it: "+37 d", "−5 d",
// "0 d".
func Days(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("+%d d", n)
	case n < 0:
		return fmt.Sprintf("−%d d", -n)
	}
	return "0 d"
}

// label is a step's label without the meeting in parentheses.
func label(s *Step) string {
	l, _, _ := strings.Cut(s.Label, " (")
	return l
}
