package schedule

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// run is the computation of one scenario from one start date. It takes
// every step as early as the rules and the calendars allow.
type run struct {
	e           *engine
	def         scenarioDef
	start       caldate.Date // the date of the plan's starting stage
	steps       []Step
	used        []usedMeeting
	text2       caldate.Date // second DIS ballot: the day its text is at DIS level
	disClose    caldate.Date // the (first) DIS or DCOR ballot closes
	publication caldate.Date
	err         error
	st          map[string]string // step → status, for a followed plan (see life.go)
	lapsed      string            // a step whose actual meeting a second DIS ballot made lapse
}

type usedMeeting struct {
	step  string
	label string
	m     plan.Meeting
}

func (e *engine) run(def scenarioDef, start caldate.Date) *run {
	r := e.search(def, start)
	if r.err != nil {
		return r
	}
	r.deadlines()
	slices.SortStableFunc(r.steps, func(a, b Step) int { return a.Start.Compare(b.Start) })
	return r
}

// base returns the search run of the same path without the second DIS
// ballot, computed once per branches and start date: a second-DIS scenario
// measures its restart against its own path's meetings (footnotes 5 and 7
// to 8.9), and backward planning asks for the same start dates again and
// again.
func (e *engine) base(br branch, start caldate.Date) *run {
	k := baseKey{br &^ bDIS2, start}
	if r, ok := e.baseRuns[k]; ok {
		return r
	}
	if e.baseRuns == nil {
		e.baseRuns = make(map[baseKey]*run)
	}
	r := e.search(scenarioDef{id: baseRun, br: k.br}, start)
	e.baseRuns[k] = r
	return r
}

// search is run without the preparation deadlines and the sorting: enough
// to know the meetings used and the publication date, as backward planning
// and the second DIS ballot's restart check need, many times over.
func (e *engine) search(def scenarioDef, start caldate.Date) *run {
	return e.searchInto(def, start, make([]Step, 0, 48))
}

// searchInto is search appending the steps to buf, so that a caller that
// only needs the outcome can reuse one buffer.
func (e *engine) searchInto(def scenarioDef, start caldate.Date, buf []Step) *run {
	r := &run{e: e, def: def, start: start, steps: buf}
	r.err = r.schedule()
	return r
}

func (r *run) add(s Step) {
	s.Scenario = r.def.id
	if s.End.IsZero() {
		s.End = s.Start
	}
	r.steps = append(r.steps, s)
}

// clause picks the clause for the mode: clause 8 for a Collaborative Team,
// clause 7 for Collaborative Interchange.
func (r *run) clause(ct, ci string) string {
	if r.e.mode == plan.CollaborativeInterchange {
		return ci
	}
	return ct
}

func (r *run) ruleClause(id string) string {
	rule, _ := r.e.set.Rule(id)
	return rule.ClauseFor(r.e.mode == plan.CollaborativeInterchange, r.e.process == plan.AAP)
}

// pinnedDate returns the step's actual date, or the plan's pinned date for
// it, or def; in a followed plan, a date after the latest actual and
// before the as-of date is re-planned to the as-of date (overdue).
func (r *run) pinnedDate(step string, def caldate.Date) (caldate.Date, bool) {
	e := r.e
	if a, ok := e.actD[step]; ok {
		r.mark(step, StatusDone)
		return a.Start, false
	}
	d, pinned := def, false
	if p, ok := e.pinD[step]; ok {
		d, pinned = p, true
	}
	if e.followed && d.Before(e.asOf) && d.After(e.latest) {
		r.mark(step, StatusOverdue)
		return e.asOf, false
	}
	return d, pinned
}

// opened marks overdue a ballot that opened at the plan's start when its
// close, by the ballot's length, is past on the as-of day and no actual
// records it: as far as the plan knows, the ballot has not closed. Its
// dates stay (the opening is a fact, the length the rule's; moving the
// close would break the ballot's length), and what follows it is planned
// from the as-of day. A status reads such a ballot as opened, not closed
// (an overdue step whose start is before the as-of day).
func (r *run) opened(step string, end caldate.Date) {
	e := r.e
	if e.followed && end.Before(e.asOf) && end.After(e.latest) {
		r.mark(step, StatusOverdue)
	}
}

func (r *run) schedule() error {
	e, d := r.e, &r.e.d
	n := e.names
	br := r.def.br
	D := r.start
	var draft, final caldate.Date // text at DIS (DCOR) level; final text for ITU-T approval
	var lastRes string

	if e.cor {
		bs, be := D, d.dcor.After(D)
		if e.stage == 1 {
			bs, be = d.dcor.Before(D), D
		}
		if _, ok := e.actD["dcor-ballot"]; ok {
			bs = r.actual("dcor-ballot", bs)
			be = r.endOf("dcor-ballot", bs, d.dcor.After)
		} else if e.stage == 0 {
			r.opened("dcor-ballot", be)
		}
		r.add(Step{ID: "dcor-ballot", Label: "DCOR ballot (SC ballot, JTC 1 comment period)", Kind: KindBallot, Side: SideJTC1,
			Body: "SC secretariat", Start: bs, End: be, Clause: r.ruleClause(rules.DCORBallot), Rule: rules.DCORBallot})
		r.disClose = be
		m, err := r.resolve("dcor-resolution", "DCOR ballot resolution", "DCOR ballot", be)
		if err != nil {
			return err
		}
		draft, final, lastRes = bs, m.End, "dcor-resolution"
	} else {
		var last caldate.Date // end of the last committee-stage resolution
		if e.stage <= 1 {
			bs, be := D, d.cd.After(D)
			if e.stage == 1 {
				bs, be = d.cd.Before(D), D
			}
			if _, ok := e.actD["cd-ballot"]; ok {
				bs = r.actual("cd-ballot", bs)
				be = r.endOf("cd-ballot", bs, d.cd.After)
			} else if e.stage == 0 {
				r.opened("cd-ballot", be)
			}
			r.ballotPair("cd", n.CD+" ballot", bs, be, rules.CDBallot, false)
			m, err := r.resolve("cd-resolution", n.CD+" ballot resolution", n.CD+" ballot", be)
			if err != nil {
				return err
			}
			last = m.End
			if br&bCD2 != 0 {
				bs, pinned := r.pinnedDate("cd2-ballot", d.editing.After(last))
				be := r.endOf("cd2-ballot", bs, d.cd2.After)
				r.ballotPair("cd2", "Second "+n.CD+" ballot", bs, be, rules.CD2Ballot, pinned)
				if !pinned {
					r.noteEditing(len(r.steps) - 2)
				}
				m, err := r.resolve("cd2-resolution", "Second "+n.CD+" ballot resolution", "second "+n.CD+" ballot", be)
				if err != nil {
					return err
				}
				last = m.End
			}
		}
		var transl rules.Duration // none for DTR and DTS
		if !e.dtr {
			transl = d.translation
		}
		var reg, bs, be caldate.Date
		regPinned, bsPinned := false, false
		switch e.stage {
		case 0, 1:
			reg, regPinned = r.pinnedDate("dis-registration", d.editing.After(last))
			bs, bsPinned = r.pinnedDate("dis-ballot", transl.After(reg))
			be = r.endOf("dis-ballot", bs, d.dis.After)
		case 2:
			reg = r.actual("dis-registration", D)
			bs, bsPinned = r.pinnedDate("dis-ballot", transl.After(reg))
			be = r.endOf("dis-ballot", bs, d.dis.After)
		case 3:
			bs, be = D, d.dis.After(D)
			if _, ok := e.actD["dis-ballot"]; ok {
				bs = r.actual("dis-ballot", bs)
				be = r.endOf("dis-ballot", bs, d.dis.After)
			} else {
				r.opened("dis-ballot", be)
			}
			reg = r.actual("dis-registration", transl.Before(bs))
		case 4:
			bs, be = d.dis.Before(D), D
			if _, ok := e.actD["dis-ballot"]; ok {
				bs = r.actual("dis-ballot", bs)
				be = r.endOf("dis-ballot", bs, d.dis.After)
			}
			reg = r.actual("dis-registration", transl.Before(bs))
		}
		r.add(Step{ID: "dis-registration", Label: n.DIS + " registered", Kind: KindMilestone, Side: SideJTC1, Body: "SC secretariat",
			Start: reg, Clause: r.clause("8.9", "7.9"), Pinned: regPinned,
			Note: "The text is at " + n.DIS + " level from this date: consent or determination may follow."})
		if e.stage <= 1 && !regPinned {
			r.noteEditing(len(r.steps) - 1)
		}
		if !e.dtr {
			// Worked backward from the ballot, the translation period ends
			// when the ballot opens, even where months clamp (a ballot
			// opening 30 April follows a translation from 29 February):
			// forward and backward planning agree (8.9).
			tEnd := transl.After(reg)
			if e.stage >= 3 || e.actD["dis-ballot"] != (plan.Actual{}) {
				tEnd = bs
			}
			r.add(Step{ID: "dis-translation", Label: n.DIS + " translation period", Kind: KindPeriod, Side: SideJTC1, Body: "ITTF",
				Start: reg, End: tEnd, Clause: r.ruleClause(rules.DISTranslation), Rule: rules.DISTranslation})
		}
		disRule := rules.DISBallot
		if e.dtr {
			disRule = rules.DTRBallot
		}
		r.ballotPair("dis", n.DIS+" ballot", bs, be, disRule, bsPinned)
		r.disClose = be
		m, err := r.resolve("dis-resolution", n.DIS+" ballot resolution", n.DIS+" ballot", be)
		if err != nil {
			return err
		}
		draft, final, lastRes = reg, m.End, "dis-resolution"
		if br&bDIS2 != 0 {
			dis2Rule := rules.DIS2Ballot
			if e.dtr {
				dis2Rule = rules.DTR2Ballot
			}
			bs, pinned := r.pinnedDate("dis2-ballot", d.editing.After(final))
			be := r.endOf("dis2-ballot", bs, d.dis2.After)
			r.ballotPair("dis2", "Second "+n.DIS+" ballot", bs, be, dis2Rule, pinned)
			if !pinned {
				r.noteEditing(len(r.steps) - 2)
			}
			r.text2 = bs
			m, err := r.resolve("dis2-resolution", "Second "+n.DIS+" ballot resolution", "second "+n.DIS+" ballot", be)
			if err != nil {
				return err
			}
			final, lastRes = m.End, "dis2-resolution"
		}
	}
	final = r.actual("final-text", final)
	finalClause := r.clause("8.9", "7.9")
	if e.cor {
		finalClause = r.clause("8.11.3", "7.11.3")
	}
	r.add(Step{ID: "final-text", Label: "Final text for ITU-T approval", Kind: KindMilestone, Side: SideJoint, Body: "Editor",
		Start: final, Clause: finalClause, Note: "Produced by the " + r.labelOf(lastRes) + " meeting."})

	var approval caldate.Date
	var err error
	if e.process == plan.AAP {
		approval, err = r.aap(draft, final)
	} else {
		approval, err = r.tap(draft, final)
	}
	if err != nil {
		return err
	}
	approval = r.actual("itu-approval", approval)
	ituClause := "3.1.2"
	if e.process == plan.TAP {
		ituClause = "3.1.1"
	}
	r.add(Step{ID: "itu-approval", Label: "ITU-T approval (Director's notification)", Kind: KindMilestone, Side: SideITU, Body: "TSB",
		Start: approval, Clause: ituClause})

	jtc1Done := final
	if br&bFDIS != 0 && !e.dtr && !e.cor {
		fs, pinned := r.pinnedDate("fdis-ballot", d.fdisPrep.After(approval))
		fe := r.endOf("fdis-ballot", fs, d.fdis.After)
		r.add(Step{ID: "fdis-ballot", Label: n.FDIS + " ballot", Kind: KindBallot, Side: SideJTC1, Body: "ITTF",
			Start: fs, End: fe, Clause: r.ruleClause(rules.FDISBallot), Rule: rules.FDISBallot, Pinned: pinned,
			Note: "Starts immediately after ITU-T approval."})
		jtc1Done = fe
	}
	pub, pinned := r.pinnedDate("publication", d.pub.After(caldate.Max(jtc1Done, approval)))
	r.add(Step{ID: "publication", Label: "Publication of the common text", Kind: KindMilestone, Side: SideJoint, Body: "ITTF and TSB",
		Start: pub, Clause: r.ruleClause(rules.Publication), Rule: rules.Publication, Pinned: pinned})
	r.publication = pub
	return nil
}

// noteEditing marks the step at i as dated by the editing interval, an
// assumption: 8.6.2 has the draft circulated within four weeks of the
// meeting, and the guide gives no period before the next registration.
func (r *run) noteEditing(i int) {
	s := &r.steps[i]
	if s.Rule == "" { // a ballot keeps its own rule, which sets its length
		s.Rule = rules.Editing
	}
	s.Note = strings.TrimSpace(s.Note + " Dated " + r.e.d.editing.Words() + " after the resolution meeting: the draft is circulated within four weeks (8.6.2); the time to the next registration is the rule set's assumption.")
}

// ballotPair adds a JTC 1 ballot and the ITU-T comment period that runs with
// it (8.9: "ITU-T member comments should be provided within the same time
// period").
func (r *run) ballotPair(prefix, label string, start, end caldate.Date, rule string, pinned bool) {
	e := r.e
	body := "SC secretariat"
	switch {
	case prefix == "dis" || prefix == "dis2":
		body = "ITTF"
		if e.dtr {
			body = "JTC 1 secretariat"
		}
	}
	clause := r.ruleClause(rule)
	r.add(Step{ID: prefix + "-ballot", Label: label, Kind: KindBallot, Side: SideJTC1, Body: body,
		Start: start, End: end, Clause: clause, Rule: rule, Pinned: pinned})
	r.add(Step{ID: prefix + "-comments", Label: "ITU-T comments on the " + strings.TrimPrefix(strings.TrimSuffix(label, " ballot"), "Second ") + " text",
		Kind: KindBallot, Side: SideITU, Body: "SG members", Start: start, End: end, Clause: clause, Rule: rule})
}

// pick returns the pinned meeting for the step, or the first meeting of the
// pool that starts on or after from (and the plan's as-of date) and
// satisfies ok. The start date is no floor: a meeting before it at which
// the guide's conditions hold is as good as any (8.9: what counts is the
// text's level at the meeting).
func (r *run) pick(step string, pool []plan.Meeting, from caldate.Date, ok func(plan.Meeting) bool) (plan.Meeting, bool, bool) {
	e := r.e
	if m, done := e.actM[step]; done && r.lapsed != step {
		// What happened is not checked here: check marks the rules it
		// broke as history.
		r.mark(step, StatusDone)
		return m, false, true
	}
	if m, pinned := e.pinM[step]; pinned {
		if e.followed && m.Start.Before(e.asOf) && m.End.After(e.recorded) {
			// A pinned meeting that is past without an actual lapses:
			// the step is overdue and chosen anew.
			r.mark(step, StatusOverdue)
		} else if r.def.br&bDIS2 == 0 || ok(m) {
			return m, true, true
		}
		// A second DIS ballot makes the pinned meeting lapse (footnote to
		// 8.9): ITU-T approval restarts at a meeting chosen anew.
	}
	if e.followed {
		// The meeting the rules give, past or not: history when a later
		// fact is recorded, overdue when it is past without one.
		if m, _, found := first(pool, from, ok); found {
			if !m.End.After(e.recorded) || !m.Start.Before(e.asOf) {
				return m, false, true
			}
			r.mark(step, StatusOverdue)
		}
	}
	return first(pool, caldate.Max(from, e.asOf), ok)
}

// first returns the first meeting of the pool that starts on or after
// lower and satisfies ok.
func first(pool []plan.Meeting, lower caldate.Date, ok func(plan.Meeting) bool) (plan.Meeting, bool, bool) {
	i := sort.Search(len(pool), func(i int) bool { return !pool[i].Start.Before(lower) })
	for ; i < len(pool); i++ {
		if ok(pool[i]) {
			return pool[i], false, true
		}
	}
	return plan.Meeting{}, false, false
}

// noMeeting builds the error for a calendar with no feasible meeting.
func (r *run) noMeeting(what string, pool []plan.Meeting, from caldate.Date, why string) error {
	lower := caldate.Max(from, r.e.asOf)
	var last caldate.Date
	for _, m := range pool {
		last = caldate.Max(last, m.End)
	}
	msg := ""
	if last.Before(lower) {
		msg = fmt.Sprintf("no %s on or after %s %s: the calendar ends %s", what, lower, why, last)
		if last.IsZero() {
			msg = fmt.Sprintf("no %s on or after %s %s: the calendar has none", what, lower, why)
		}
	} else {
		msg = fmt.Sprintf("no %s between %s and %s %s", what, lower, last, why)
	}
	return &PlanningError{Scenario: r.def.id, Msg: msg}
}

func (r *run) addMeeting(id, label string, m plan.Meeting, clause string, pinned bool, note string) {
	where := strings.TrimSpace(m.Body)
	if where == "" {
		where = kindName(m.Kind) + " meeting"
	}
	if m.Place != "" {
		where += ", " + m.Place
	}
	r.add(Step{ID: id, Label: label + " (" + where + ")", Kind: KindMeeting, Side: m.Side(), Body: strings.ToUpper(m.Kind),
		Start: m.Start, End: m.End, Clause: clause, Meeting: m.ID, Pinned: pinned, Note: note})
	r.used = append(r.used, usedMeeting{step: id, label: label, m: m})
}

func kindName(k string) string {
	switch k {
	case plan.KindSG:
		return "ITU-T SG"
	case plan.KindWP:
		return "ITU-T WP"
	case plan.KindSC:
		return "JTC 1 SC"
	case plan.KindWG:
		return "JTC 1 WG"
	}
	return "CT"
}

// resolve picks the meeting that resolves a ballot closing on closes: the
// first one after the close (8.6.3), with the contributions deadline of a CT
// meeting on or after the close so that the Summary of Voting can be
// considered (8.5).
func (r *run) resolve(id, label, ballot string, closes caldate.Date) (plan.Meeting, error) {
	e, d := r.e, &r.e.d
	ok := func(m plan.Meeting) bool {
		if !m.Start.After(closes) {
			return false
		}
		return m.Kind != plan.KindCT || !d.contributions.Notice(m.Start).Before(closes)
	}
	m, pinned, found := r.pick(id, e.resPool, closes.AddDays(1), ok)
	if !found {
		what := "JTC 1 SC or WG meeting"
		why := fmt.Sprintf("can resolve the %s closing %s (7.3)", ballot, closes)
		if len(e.resPool) > 0 && e.resPool[0].Kind == plan.KindCT {
			what = "CT meeting"
			why = fmt.Sprintf("can resolve the %s closing %s: it must start after the close, with contributions due %s before it (8.6.3, 8.5)",
				ballot, closes, d.contributions.Words())
		}
		return m, r.noMeeting(what, e.resPool, closes.AddDays(1), why)
	}
	clause := r.clause("8.6.3", "7.9")
	if e.cor {
		clause = r.clause("8.11.3", "7.11.3")
	}
	r.addMeeting(id, label, m, clause, pinned, "")
	return m, nil
}

func isKind(m plan.Meeting, kinds ...string) bool {
	for _, k := range kinds {
		if m.Kind == k {
			return true
		}
	}
	return false
}

// baseMeeting returns the meeting the same path without the second DIS
// ballot uses for a step, or the pinned one, to tell whether the second
// ballot forces ITU-T approval to restart.
func (r *run) baseMeeting(step string) (plan.Meeting, bool) {
	if m, ok := r.e.actM[step]; ok {
		return m, true
	}
	if m, ok := r.e.pinM[step]; ok {
		return m, true
	}
	base := r.e.base(r.def.br, r.start)
	if base.err != nil {
		return plan.Meeting{}, false
	}
	for _, u := range base.used {
		if u.step == step {
			return u.m, true
		}
	}
	return plan.Meeting{}, false
}

// restart records that the ITU-T approval planned for the path lapses
// because of the second DIS ballot (footnotes 5 and 7 to 8.9), on the
// deadline the planned meeting set, and never before the first DIS ballot
// closes: until then no second ballot is known.
func (r *run) restart(step string, base, chosen plan.Meeting, lapse caldate.Date, why, then string) {
	r.add(Step{ID: "itu-restart", Label: "ITU-T approval restarts: " + why, Kind: KindMilestone, Side: SideITU, Body: "TSB",
		Start: caldate.Max(lapse, r.disClose), Clause: r.clause("8.9", "7.9"), Meeting: base.ID,
		Note: "The " + step + " planned at " + describe(base) + " lapses; " + then})
}

func (r *run) aap(draft, final caldate.Date) (caldate.Date, error) {
	e, d := r.e, &r.e.d
	br := r.def.br
	n := e.names
	// At the meeting the text is at DIS level: registered on or before its
	// first day (8.9).
	pickConsent := func(draft caldate.Date) (plan.Meeting, bool, error) {
		m, pinned, found := r.pick("consent", e.itu, draft, func(m plan.Meeting) bool {
			return isKind(m, plan.KindSG, plan.KindWP) && !m.Start.Before(draft) && !d.aapFinal.After(m.End).Before(final)
		})
		if !found {
			return m, false, r.noMeeting("ITU-T SG or WP meeting", e.itu, draft, fmt.Sprintf(
				"allows consent: the text is at %s level from %s, and the final text, ready %s, must be due within %s of consent (8.9)",
				n.DIS, draft, final, d.aapFinal.Words()))
		}
		return m, pinned, nil
	}
	consent, pinned, err := pickConsent(draft)
	if err != nil {
		return caldate.Date{}, err
	}
	if _, done := e.actM["consent"]; done && br&bDIS2 != 0 && d.aapFinal.After(consent.End).Before(final) {
		// Consent was obtained, but the second DIS ballot's final text
		// comes after its Last Call announcement deadline: the approval
		// restarts (footnotes to 8.9) at a consent on the second text.
		base := consent
		r.lapsed = "consent"
		r.mark("consent", "")
		if consent, pinned, err = pickConsent(caldate.Max(draft, r.text2)); err != nil {
			return caldate.Date{}, err
		}
		r.restart("consent", base, consent, d.aapFinal.After(base.End),
			"the final text comes after the Last Call announcement deadline of the consent obtained",
			"consent on the second "+n.DIS+" text is obtained at "+describe(consent)+".")
	} else if br&bDIS2 != 0 {
		if base, ok := r.baseMeeting("consent"); ok && base.ID != consent.ID {
			// The approval starts again with consent on the second text.
			if consent, pinned, err = pickConsent(caldate.Max(draft, r.text2)); err != nil {
				return caldate.Date{}, err
			}
			r.restart("consent", base, consent, d.aapFinal.After(base.End),
				"the final text comes after the Last Call announcement deadline of the planned consent",
				"consent on the second "+n.DIS+" text is obtained at "+describe(consent)+".")
		}
	}
	consentClause := r.clause("8.9", "7.9")
	if e.cor {
		consentClause = r.clause("8.11.3", "7.11.3")
	}
	r.addMeeting("consent", "Consent", consent, consentClause, pinned, "The text is at "+n.DIS+" level; the Last Call follows when the final text is available.")
	lcStart, lcPinned := r.pinnedDate("lc", d.lcAnn.After(caldate.Max(consent.End, final)))
	// 8.9 b): the final text is due "by 2 months after the SG meeting where
	// consent was obtained so that the TSB Director can announce the Last
	// Call". That is the guide's limit, and the row shows it even when the
	// text is ready, and the Last Call starts, sooner: the Last Call's own
	// row says when it starts. The limit is also the "Last Call
	// announcement deadline date" a restart is measured against (footnotes
	// 5 and 7).
	r.add(Step{ID: "final-text-due", Label: "Final text due for the Last Call", Kind: KindDeadline, Side: SideJoint, Body: "Editor",
		Start: d.aapFinal.After(consent.End), Clause: r.ruleClause(rules.AAPFinalText), Rule: rules.AAPFinalText, For: "consent", Alarm: true})
	lcEnd := r.endOf("lc", lcStart, d.lc.After)
	r.add(Step{ID: "lc", Label: "Last Call", Kind: KindPeriod, Side: SideITU, Body: "TSB", Start: lcStart, End: lcEnd,
		Clause: r.ruleClause(rules.LastCall), Rule: rules.LastCall, Pinned: lcPinned})
	approval := lcEnd
	switch {
	case br&bLCSG != 0:
		// Comments of substance are "sent to the next meeting of the Study
		// Group" (3.1.2): the first SG meeting after the Last Call ends.
		// The Director announces that this meeting will consider the text
		// (Figure 3b, step 5) once the comments are known; the guide sets
		// no notice period for it. 8.4's notice periods are those of CT
		// meetings, not of the SG meeting.
		m, pinned, found := r.pick("sg-approval", e.itu, lcEnd.AddDays(1), func(m plan.Meeting) bool {
			return m.Kind == plan.KindSG && m.Start.After(lcEnd)
		})
		if !found {
			return caldate.Date{}, r.noMeeting("ITU-T SG meeting", e.itu, lcEnd.AddDays(1),
				fmt.Sprintf("can consider the Last Call comments: the next SG meeting after the Last Call ends %s (3.1.2)", lcEnd))
		}
		r.add(Step{ID: "sg-announcement", Label: "Director's announcement that the SG meeting will consider the text", Kind: KindMilestone, Side: SideITU,
			Body: "TSB Director", Start: lcEnd, Clause: "3.1.2", Meeting: m.ID,
			Note: "Once the Last Call has ended and its comments are known (Figure 3b, step 5); the guide sets no period before the meeting."})
		r.addMeeting("sg-approval", "Approval at the SG meeting after Last Call comments", m, r.ruleClause(rules.LastCall), pinned, "")
		approval = m.End
		if br&bMoreTime != 0 {
			approval = r.moreTime(m.End)
		}
	case br&bLCAR != 0:
		resEnd := d.lcRes.After(lcEnd)
		r.add(Step{ID: "lc-resolution", Label: "Last Call comment resolution", Kind: KindPeriod, Side: SideITU, Body: "SG chairman",
			Start: lcEnd, End: resEnd, Clause: r.ruleClause(rules.LCResolution), Rule: rules.LCResolution,
			Note: "The guide gives no period; the rule set assumes one."})
		arStart, arPinned := r.pinnedDate("ar", resEnd)
		arEnd := r.endOf("ar", arStart, d.ar.After)
		r.add(Step{ID: "ar", Label: "Additional Review", Kind: KindPeriod, Side: SideITU, Body: "TSB", Start: arStart, End: arEnd,
			Clause: r.ruleClause(rules.AdditionalReview), Rule: rules.AdditionalReview, Pinned: arPinned})
		approval = arEnd
	}
	return approval, nil
}

func (r *run) moreTime(meetingEnd caldate.Date) caldate.Date {
	end := r.e.d.moreTime.After(meetingEnd)
	r.add(Step{ID: "more-time", Label: "More time for a Member State", Kind: KindPeriod, Side: SideITU, Body: "Member States",
		Start: meetingEnd, End: end, Clause: r.ruleClause(rules.MoreTime), Rule: rules.MoreTime})
	return end
}

func (r *run) tap(draft, final caldate.Date) (caldate.Date, error) {
	e, d := r.e, &r.e.d
	br := r.def.br
	n := e.names
	// Determination at a meeting where the text is at DIS level: registered
	// on or before its first day (8.9). A corrigendum has none (7.11.3).
	pickDet := func(draft, after caldate.Date) (plan.Meeting, bool, error) {
		if e.cor {
			return plan.Meeting{}, false, nil
		}
		from := caldate.Max(draft, after)
		m, pinned, found := r.pick("determination", e.itu, from, func(m plan.Meeting) bool {
			return isKind(m, plan.KindSG, plan.KindWP) && !m.Start.Before(from)
		})
		if !found {
			return m, false, r.noMeeting("ITU-T SG or WP meeting", e.itu, from,
				fmt.Sprintf("allows determination: the text is at %s level from %s (8.9)", n.DIS, draft))
		}
		return m, pinned, nil
	}
	pickApproval := func(det plan.Meeting) (plan.Meeting, bool, error) {
		ok := func(m plan.Meeting) bool {
			if m.Kind != plan.KindSG || d.tapAnn.Notice(m.Start).Before(final) {
				return false
			}
			if e.cor {
				return true
			}
			return m.Start.After(det.End) && !d.tapFinal.Notice(m.Start).Before(final) && !d.tapAnn.Notice(m.Start).Before(det.End)
		}
		a, pinned, found := r.pick("sg-approval", e.itu, det.End.AddDays(1), ok)
		if !found {
			why := fmt.Sprintf("allows approval under TAP: the final text, ready %s, is due %s before it and the Director's announcement %s before it, after determination on %s (8.9, 3.1.1)",
				final, d.tapFinal.Words(), d.tapAnn.Words(), det.End)
			if e.cor {
				why = fmt.Sprintf("allows approval under TAP: the Director's announcement, %s before it, must follow the resolved text of %s (7.11.3, 3.1.1)", d.tapAnn.Words(), final)
			}
			return a, false, r.noMeeting("ITU-T SG meeting", e.itu, det.End.AddDays(1), why)
		}
		return a, pinned, nil
	}
	det, detPinned, err := pickDet(draft, caldate.Date{})
	if err != nil {
		return caldate.Date{}, err
	}
	a, pinned, err := pickApproval(det)
	if err != nil {
		return caldate.Date{}, err
	}
	if br&bDIS2 != 0 {
		if base, ok := r.baseMeeting("sg-approval"); ok && base.ID != a.ID {
			// Figure 3a starts TAP with determination: the restart is a
			// new determination on the second text, and the 4/3/1-month
			// conditions against a new approval meeting.
			then := "approval moves to " + describe(a) + "."
			if !e.cor {
				first := det
				if det, detPinned, err = pickDet(r.text2, first.End.AddDays(1)); err != nil {
					return caldate.Date{}, err
				}
				if a, pinned, err = pickApproval(det); err != nil {
					return caldate.Date{}, err
				}
				then = "a new determination on the second " + n.DIS + " text at " + describe(det) + " (the first was at " + describe(first) + "), and approval at " + describe(a) + "."
			}
			r.restart("sg-approval", base, a, d.tapFinal.Notice(base.Start),
				"the final text misses the TAP deadline of the planned SG meeting", then)
		}
	}
	if !e.cor {
		r.addMeeting("determination", "Determination", det, r.clause("8.9", "7.9"), detPinned, "The text is at "+n.DIS+" level.")
	}
	ann, dist := d.tapAnn.Notice(a.Start), d.tapDist.Notice(a.Start)
	if !e.cor {
		r.add(Step{ID: "final-text-due", Label: "Final text due for TAP", Kind: KindDeadline, Side: SideJoint, Body: "Editor",
			Start: d.tapFinal.Notice(a.Start), Clause: r.ruleClause(rules.TAPFinalText), Rule: rules.TAPFinalText, For: "sg-approval", Alarm: true})
	}
	r.add(Step{ID: "tap-announcement", Label: "Director's announcement of the intention to approve (latest)", Kind: KindDeadline, Side: SideITU,
		Body: "TSB Director", Start: ann, Clause: r.ruleClause(rules.TAPAnnouncement), Rule: rules.TAPAnnouncement, For: "sg-approval", Alarm: true})
	consEnd := caldate.Max(ann, a.Start.AddDays(-1))
	r.add(Step{ID: "consultation", Label: "Consultation of Member States", Kind: KindPeriod, Side: SideITU, Body: "Member States",
		Start: ann, End: consEnd, Clause: r.ruleClause(rules.TAPAnnouncement)})
	r.add(Step{ID: "tap-distribution", Label: "Text distributed in the official languages (latest)", Kind: KindDeadline, Side: SideITU,
		Body: "TSB", Start: dist, Clause: r.ruleClause(rules.TAPDistribution), Rule: rules.TAPDistribution, For: "sg-approval", Alarm: true})
	r.addMeeting("sg-approval", "Approval at the SG meeting", a, "3.1.1", pinned, "")
	approval := a.End
	if br&bMoreTime != 0 {
		approval = r.moreTime(a.End)
	}
	return approval, nil
}

// deadlines adds the preparation deadlines of the CT, SC and WG meetings
// the scenario uses (8.4, 8.5). SG and WP meetings get none: 8.4's notice
// periods are those of CT meetings (the JTC 1 agenda, the convening letter
// of ITU-T rapporteur meetings), and the guide sets none that decides which
// SG or WP meeting consents, determines or approves; 3.1.1 and Figure 3b
// date their own announcements.
func (r *run) deadlines() {
	d := &r.e.d
	for _, u := range r.used {
		m := u.m
		lower := lowerFirst(u.label)
		add := func(suffix, label, body, rule string, dur rules.Duration) {
			r.add(Step{ID: u.step + "." + suffix, Label: label + " for the " + lower, Kind: KindDeadline, Side: m.Side(), Body: body,
				Start: dur.Notice(m.Start), Clause: r.ruleClause(rule), Rule: rule, For: u.step, Meeting: m.ID, Alarm: true})
		}
		switch m.Kind {
		case plan.KindCT:
			add("agenda-preferred", "JTC 1 agenda (preferably)", "CT convenor(s)", rules.JTC1AgendaPref, d.agendaPref)
			add("agenda", "JTC 1 agenda (at the latest)", "CT convenor(s)", rules.JTC1Agenda, d.agenda)
			add("convening-letter", "ITU-T convening letter", "CT convenor(s)", rules.ITUConveningLetter, d.convening)
			add("contributions", "Contributions due", "Contributors", rules.CTContributions, d.contributions)
		case plan.KindSC, plan.KindWG:
			body := "SC secretariat"
			if m.Kind == plan.KindWG {
				body = "WG convenor"
			}
			add("agenda-preferred", "JTC 1 agenda (preferably)", body, rules.JTC1AgendaPref, d.agendaPref)
			add("agenda", "JTC 1 agenda (at the latest)", body, rules.JTC1Agenda, d.agenda)
		}
	}
}

// lowerFirst lowercases the first letter of a label for use inside a
// sentence, leaving acronyms ("CD ballot", "DIS registered") alone.
func lowerFirst(s string) string {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// labelOf returns the label of a step already added, in the words a reader
// sees ("DIS ballot resolution"), or the ID when there is none.
func (r *run) labelOf(id string) string {
	for i := len(r.steps) - 1; i >= 0; i-- {
		if r.steps[i].ID == id {
			label, _, _ := strings.Cut(r.steps[i].Label, " (")
			if first, _, _ := strings.Cut(label, " "); first != strings.ToUpper(first) {
				label = strings.ToLower(label[:1]) + label[1:] // "second DIS…", not "Second DIS…"
			}
			return label
		}
	}
	return id
}
