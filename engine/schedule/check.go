package schedule

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// Structural rules: orderings the guide states without a period. Rule IDs
// for periods are those of package rules.
var structural = map[string]struct{ ct, ci, text string }{
	"resolution-after-close":       {"8.6.3", "7.9", "The ballot is resolved after the ballot/comment period closes."},
	"next-stage-after-resolution":  {"8.9", "7.9", "The text moves to the next ballot once the resolution of the previous one is done."},
	"final-text-from-resolution":   {"8.9", "7.9", "The ballot resolution meeting produces the final text for ITU-T approval."},
	"text-at-dis-level":            {"8.9", "7.9", "At the ITU-T SG or WP meeting of consent (AAP) or determination (TAP) the text must be at DIS, DAM, DTR or DTS level: registered on or before the meeting's first day."},
	"restart-after-dis-ballot":     {"8.9", "7.9", "ITU-T approval restarts because of a second DIS ballot, so not before the first DIS ballot closes (footnotes to 8.9)."},
	"announcement-after-last-call": {"3.1.2", "3.1.2", "The Director announces that the next SG meeting will consider the text once the Last Call has ended and its comments are known (Figure 3b, step 5)."},
	"lc-after-consent":             {"3.1.2", "3.1.2", "The Last Call follows consent."},
	"lc-after-final-text":          {"8.9", "7.9", "The Director announces the Last Call once the final text is available."},
	"after-last-call":              {"3.1.2", "3.1.2", "Comments of substance in the Last Call are resolved, or sent to the next SG meeting, after it ends."},
	"approval-after-determination": {"3.1.1", "3.1.1", "The SG meeting that approves under TAP follows determination."},
	"announcement-after-text":      {"3.1.1", "3.1.1", "The Director announces the intention to approve once the text is determined and final."},
	"itu-approval":                 {"3.1.2", "3.1.2", "ITU-T approval is notified when the last ITU-T step ends."},
	"fdis-after-itu-approval":      {"8.9", "7.9", "The FDIS or FDAM ballot starts immediately after ITU-T approval."},
	"publication-after-approval":   {"8.10", "7.10", "The common text is published after both organizations approve it."},
}

// linker builds the links of a scenario from the steps it has. It does not
// know how the engine chose the dates: it states the guide's rules between
// the steps, so that check can verify the engine (and any hand-pinned date)
// against them.
type linker struct {
	sc    *Scenario
	set   *rules.Set
	mode  plan.Mode
	proc  plan.Process
	index map[string]*Step
	out   []Link
}

func (e *engine) links(sc *Scenario) []Link {
	l := &linker{sc: sc, set: e.set, mode: e.mode, proc: e.process, index: make(map[string]*Step, len(sc.Steps))}
	for i := range sc.Steps {
		l.index[sc.Steps[i].ID] = &sc.Steps[i]
	}
	l.build(e.cor, e.dtr)
	if l.out == nil {
		return []Link{}
	}
	return l.out
}

func (l *linker) has(id string) bool { return l.index[id] != nil }

// link adds a rule if both steps exist. rule is a duration rule of the set
// (its value is the offset, negated when neg) or a structural rule (offset
// fixed).
func (l *linker) link(rule, from, fromEdge, to, toEdge, op string, off rules.Duration, neg bool) {
	a, b := l.index[from], l.index[to]
	if a == nil || b == nil {
		return
	}
	ln := Link{Rule: rule, From: from, FromEdge: fromEdge, To: to, ToEdge: toEdge, Op: op, Offset: off.String(), Cross: a.Side != b.Side}
	if neg {
		ln.Offset = "-" + ln.Offset
	}
	if st, ok := structural[rule]; ok {
		ln.Clause, ln.Strength, ln.Text = st.ct, string(rules.Must), st.text
		if l.mode == plan.CollaborativeInterchange {
			ln.Clause = st.ci
		}
		if rule == "itu-approval" && l.proc == plan.TAP {
			ln.Clause = "3.1.1"
		}
	} else if r, ok := l.set.Rule(rule); ok {
		ln.Clause, ln.Strength, ln.Text = r.ClauseFor(l.mode == plan.CollaborativeInterchange, l.proc == plan.AAP), string(r.Strength), r.Text
	}
	l.out = append(l.out, ln)
}

func (l *linker) rule(id string) rules.Duration { return l.set.Get(id) }

var (
	zero   = rules.Duration{}
	oneDay = rules.Duration{N: 1, Unit: rules.Days}
)

func (l *linker) build(cor, dtr bool) {
	ballots := []struct{ prefix, rule string }{
		{"cd", rules.CDBallot}, {"cd2", rules.CD2Ballot}, {"dis", rules.DISBallot}, {"dis2", rules.DIS2Ballot}, {"dcor", rules.DCORBallot},
	}
	if dtr {
		ballots[2].rule, ballots[3].rule = rules.DTRBallot, rules.DTR2Ballot
	}
	for _, b := range ballots {
		ballot, res := b.prefix+"-ballot", b.prefix+"-resolution"
		l.link(b.rule, ballot, "start", ballot, "end", "span", l.rule(b.rule), false)
		l.link("resolution-after-close", ballot, "end", res, "start", "not-before", oneDay, false)
		if s := l.index[res]; s != nil && s.Body == "CT" {
			// "as soon as practical (e.g. within ten weeks)" is the
			// CT's Ballot/Comment Resolution Group's rule (8.6.3).
			l.link(rules.ResolutionWindow, ballot, "end", res, "start", "not-after", l.rule(rules.ResolutionWindow), false)
			l.link(rules.CTContributions, ballot, "end", res+".contributions", "start", "not-before", zero, false)
		}
	}
	// Committee stage to enquiry stage.
	l.link("next-stage-after-resolution", "cd-resolution", "end", "cd2-ballot", "start", "not-before", zero, false)
	lastCD := "cd-resolution"
	if l.has("cd2-resolution") {
		lastCD = "cd2-resolution"
	}
	l.link("next-stage-after-resolution", lastCD, "end", "dis-registration", "start", "not-before", zero, false)
	if l.has("dis-translation") {
		l.link(rules.DISTranslation, "dis-translation", "start", "dis-translation", "end", "span", l.rule(rules.DISTranslation), false)
		l.link(rules.DISTranslation, "dis-registration", "start", "dis-ballot", "start", "not-before", l.rule(rules.DISTranslation), false)
	} else {
		l.link("next-stage-after-resolution", "dis-registration", "start", "dis-ballot", "start", "not-before", zero, false)
	}
	l.link("next-stage-after-resolution", "dis-resolution", "end", "dis2-ballot", "start", "not-before", zero, false)
	lastRes := ""
	for _, id := range []string{"dcor-resolution", "dis-resolution", "dis2-resolution"} {
		if l.has(id) {
			lastRes = id
		}
	}
	l.link("final-text-from-resolution", lastRes, "end", "final-text", "start", "not-before", zero, false)
	draft := "dis-registration"
	if cor {
		draft = "dcor-ballot"
	}
	if l.has("itu-restart") && l.has("dis2-ballot") {
		draft = "dis2-ballot" // approval restarts on the second text
	}
	l.link("restart-after-dis-ballot", "dis-ballot", "end", "itu-restart", "start", "not-before", zero, false)
	l.link("restart-after-dis-ballot", "dcor-ballot", "end", "itu-restart", "start", "not-before", zero, false)

	// ITU-T, AAP.
	l.link("text-at-dis-level", draft, "start", "consent", "start", "not-before", zero, false)
	l.link(rules.AAPFinalText, "consent", "end", "final-text", "start", "not-after", l.rule(rules.AAPFinalText), false)
	l.link(rules.AAPFinalText, "consent", "end", "final-text-due", "start", "not-after", l.rule(rules.AAPFinalText), false)
	l.link("lc-after-consent", "consent", "end", "lc", "start", "not-before", zero, false)
	l.link("lc-after-final-text", "final-text", "start", "lc", "start", "not-before", zero, false)
	if d := l.rule(rules.LCAnnouncement); !d.IsZero() {
		l.link(rules.LCAnnouncement, "final-text", "start", "lc", "start", "not-before", d, false)
	}
	l.link(rules.LastCall, "lc", "start", "lc", "end", "span", l.rule(rules.LastCall), false)
	l.link("after-last-call", "lc", "end", "lc-resolution", "start", "not-before", zero, false)
	l.link(rules.LCResolution, "lc-resolution", "start", "lc-resolution", "end", "span", l.rule(rules.LCResolution), false)
	l.link("after-last-call", "lc-resolution", "end", "ar", "start", "not-before", zero, false)
	l.link(rules.AdditionalReview, "ar", "start", "ar", "end", "span", l.rule(rules.AdditionalReview), false)
	if l.proc == plan.AAP {
		l.link("after-last-call", "lc", "end", "sg-approval", "start", "not-before", oneDay, false)
		l.link("announcement-after-last-call", "lc", "end", "sg-announcement", "start", "not-before", zero, false)
	}

	// ITU-T, TAP.
	l.link("text-at-dis-level", draft, "start", "determination", "start", "not-before", zero, false)
	l.link("approval-after-determination", "determination", "end", "sg-approval", "start", "not-before", oneDay, false)
	if l.proc == plan.TAP && !cor {
		// A corrigendum's text goes to TSB for the Director's letter
		// (7.11.3); the four months of 8.9 a) are for DIS-level texts.
		l.link(rules.TAPFinalText, "sg-approval", "start", "final-text", "start", "not-after", l.rule(rules.TAPFinalText), true)
		l.link(rules.TAPFinalText, "sg-approval", "start", "final-text-due", "start", "not-after", l.rule(rules.TAPFinalText), true)
	}
	l.link(rules.TAPAnnouncement, "sg-approval", "start", "tap-announcement", "start", "not-after", l.rule(rules.TAPAnnouncement), true)
	l.link("announcement-after-text", "determination", "end", "tap-announcement", "start", "not-before", zero, false)
	l.link("announcement-after-text", "final-text", "start", "tap-announcement", "start", "not-before", zero, false)
	l.link(rules.TAPDistribution, "sg-approval", "start", "tap-distribution", "start", "not-after", l.rule(rules.TAPDistribution), true)
	l.link("announcement-after-text", "final-text", "start", "tap-distribution", "start", "not-before", zero, false)
	l.link(rules.MoreTime, "sg-approval", "end", "more-time", "start", "not-before", zero, false)
	l.link(rules.MoreTime, "more-time", "start", "more-time", "end", "span", l.rule(rules.MoreTime), false)

	// The ITU-T approval follows the last ITU-T step.
	lastITU := ""
	for _, id := range []string{"lc", "ar", "sg-approval", "more-time"} {
		if l.has(id) && (id != "lc" || l.proc == plan.AAP) {
			lastITU = id
		}
	}
	if l.proc == plan.TAP && l.has("more-time") {
		lastITU = "more-time"
	}
	l.link("itu-approval", lastITU, "end", "itu-approval", "start", "not-before", zero, false)

	// JTC 1 approval and publication.
	l.link("fdis-after-itu-approval", "itu-approval", "start", "fdis-ballot", "start", "not-before", zero, false)
	if d := l.rule(rules.FDISPreparation); !d.IsZero() {
		l.link(rules.FDISPreparation, "itu-approval", "start", "fdis-ballot", "start", "not-before", d, false)
	}
	l.link(rules.FDISBallot, "fdis-ballot", "start", "fdis-ballot", "end", "span", l.rule(rules.FDISBallot), false)
	l.link("publication-after-approval", "itu-approval", "start", "publication", "start", "not-before", zero, false)
	if l.has("fdis-ballot") {
		l.link("publication-after-approval", "fdis-ballot", "end", "publication", "start", "not-before", zero, false)
	} else {
		l.link("publication-after-approval", "final-text", "start", "publication", "start", "not-before", zero, false)
	}

	// Preparation deadlines of the meetings used.
	for i := range l.sc.Steps {
		s := &l.sc.Steps[i]
		if s.Kind != KindDeadline || s.For == "" || s.Meeting == "" {
			continue
		}
		l.link(s.Rule, s.For, "start", s.ID, "start", "not-after", l.rule(s.Rule), true)
	}
}

// flags reports the CT meetings that fall inside a ballot period on the
// CT's own text: the CT may meet, but shall not discuss the text (8.4).
func (e *engine) flags(sc *Scenario) []Flag {
	out := []Flag{}
	if e.mode != plan.CollaborativeTeam {
		return out
	}
	for _, s := range sc.Steps {
		if s.Kind != KindBallot || s.Side != SideJTC1 || s.ID == "fdis-ballot" {
			continue
		}
		for _, m := range e.ct {
			if m.End.Before(s.Start) || m.Start.After(s.End) {
				continue
			}
			out = append(out, Flag{Rule: "ct-meeting-during-ballot", Clause: "8.4", Step: s.ID, Meeting: m.ID,
				Message: fmt.Sprintf("%s falls within the %s (%s to %s): the CT may meet but shall not discuss the text under ballot",
					describe(m), lowerFirst(s.Label), s.Start, s.End)})
		}
	}
	return out
}

// Check evaluates the links of every scenario of s against its steps'
// dates and returns the violations; it needs nothing but the schedule, so it
// also checks a schedule decoded from JSON or edited by hand.
func Check(s *Schedule) []Violation {
	var out []Violation
	for i := range s.Scenarios {
		out = append(out, CheckScenario(&s.Scenarios[i])...)
	}
	return out
}

// CheckScenario evaluates the links of one scenario.
func CheckScenario(sc *Scenario) []Violation {
	return check(sc)
}

func parseOffset(s string) (rules.Duration, bool, error) {
	neg := strings.HasPrefix(s, "-")
	d, err := rules.ParseDuration(strings.TrimPrefix(s, "-"))
	return d, neg, err
}

// apply moves t by d: forward, or, for a negative offset, back as a
// deadline before an event counts (every negative offset is one: the TAP
// deadlines and the meetings' preparation deadlines).
func apply(d rules.Duration, neg bool, t caldate.Date) caldate.Date {
	if neg {
		return d.Notice(t)
	}
	return d.After(t)
}

func check(sc *Scenario) []Violation {
	out := []Violation{}
	index := make(map[string]*Step, len(sc.Steps))
	for i := range sc.Steps {
		index[sc.Steps[i].ID] = &sc.Steps[i]
	}
	for _, ln := range sc.Links {
		a, b := index[ln.From], index[ln.To]
		if a == nil || b == nil {
			continue
		}
		off, neg, err := parseOffset(ln.Offset)
		if err != nil {
			continue
		}
		sev := "error"
		if ln.Strength == string(rules.Should) {
			sev = "warning"
		}
		v := Violation{Scenario: sc.ID, Rule: ln.Rule, Clause: ln.Clause, Severity: sev, Step: b.ID, History: b.Status == StatusDone}
		from := a.At(ln.FromEdge)
		got := b.At(ln.ToEdge)
		want := apply(off, neg, from)
		rel := func() string {
			what := a.Label + edgeWord(ln.FromEdge, a)
			if off.IsZero() {
				if a.Start == a.End {
					return fmt.Sprintf("the date of %s (%s)", what, from)
				}
				return fmt.Sprintf("when %s (%s)", what, from)
			}
			dir := "after"
			if neg {
				dir = "before"
			}
			return fmt.Sprintf("%s %s %s (%s)", off.Words(), dir, what, from)
		}
		switch ln.Op {
		case "span":
			// With months clamped to the month's end a period may end on
			// any day from "start + N months" up to the day before
			// "(start + 1 day) + N months": a three-month ballot opening
			// 28 February closes 28 to 31 May. Likewise a period of
			// working days may end on the weekend after its last working
			// day: it is over only when the next one begins.
			next := b.Start.AddDays(1)
			for off.Unit == rules.WorkingDays && next.IsWeekend() {
				next = next.AddDays(1)
			}
			upper := apply(off, false, next).AddDays(-1)
			if !got.Before(want) && !got.After(caldate.Max(want, upper)) {
				continue
			}
			v.Got, v.Want, v.Relation = got, want, "on"
			v.Message = fmt.Sprintf("%s ends %s; a period of %s from %s ends %s — %s (%s)",
				b.Label, got, off.Words(), b.Start, want, ln.Text, ln.Clause)
		case "not-before":
			if !got.Before(want) {
				continue
			}
			v.Got, v.Want, v.Relation = got, want, "on or after"
			v.Message = fmt.Sprintf("%s %s %s; it must be on or after %s, %s — %s (%s)",
				b.Label, edgeVerb(ln.ToEdge, b), got, want, rel(), ln.Text, ln.Clause)
		case "not-after":
			if !got.After(want) {
				continue
			}
			v.Got, v.Want, v.Relation = got, want, "on or before"
			v.Message = fmt.Sprintf("%s %s %s; it must be on or before %s, %s — %s (%s)",
				b.Label, edgeVerb(ln.ToEdge, b), got, want, rel(), ln.Text, ln.Clause)
		default:
			continue
		}
		out = append(out, v)
	}
	return out
}

func edgeWord(e string, s *Step) string {
	if s.Start == s.End {
		return ""
	}
	if e == "end" {
		return " ends"
	}
	return " starts"
}

func edgeVerb(e string, s *Step) string {
	if s.Start == s.End {
		return "is on"
	}
	if e == "end" {
		return "ends"
	}
	return "starts"
}
