package status

import (
	"errors"
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// Input is one plan of a programme of work, as a file's bytes.
type Input struct {
	File     string // where it comes from, for the row of a plan that cannot be read
	Plan     []byte
	Scenario string // the scenario to report; empty: see Scenario
	// Error says why the file could not be read, when it could not.
	Error string
}

// Programme is a programme of work: the status of every plan on one day,
// one row per plan in the order given. A plan that cannot be read or
// planned keeps its row, with the reason as its Problem.
type Programme struct {
	AsOf caldate.Date `json:"as_of"`
	Rows []Status     `json:"plans"`
}

// Problems counts the rows with a problem.
func (p Programme) Problems() int {
	n := 0
	for _, r := range p.Rows {
		if r.Problem != "" {
			n++
		}
	}
	return n
}

// Build plans every input as of asOf (which replaces each plan's own
// as_of, so that the rows are comparable) and gathers their status.
func Build(in []Input, asOf caldate.Date) Programme {
	out := Programme{AsOf: asOf, Rows: make([]Status, 0, len(in))}
	for _, x := range in {
		out.Rows = append(out.Rows, build(x, asOf))
	}
	return out
}

func build(x Input, asOf caldate.Date) Status {
	fail := func(title, msg string) Status {
		return Status{File: x.File, Title: title, ShortName: title, AsOf: asOf, Problem: msg}
	}
	if x.Error != "" {
		return fail(x.File, "The file cannot be read: "+x.Error)
	}
	p, err := plan.Parse(x.Plan)
	if err != nil {
		return fail(x.File, problemText("The plan cannot be read", err))
	}
	p.AsOf = asOf
	s, sc, err := Plan(p, x.Scenario)
	if err != nil {
		st := fail(p.Title, problemText("The plan cannot be planned", err))
		st.ShortName = Of(p, &schedule.Schedule{}, nil, asOf, caldate.Date{}).ShortName
		return st
	}
	st := Of(p, s, sc, asOf, caldate.Date{})
	st.File = x.File
	return st
}

// problemText is an error as one sentence, each problem at its field.
func problemText(what string, err error) string {
	var parts []string
	var pe plan.Errors
	if errors.As(err, &pe) {
		for _, p := range pe {
			if p.Field != "" {
				parts = append(parts, p.Field+": "+p.Message)
			} else {
				parts = append(parts, p.Message)
			}
		}
	} else {
		parts = append(parts, err.Error())
	}
	return what + ": " + strings.Join(parts, "; ")
}

// Columns are the programme's columns, in the words of its headers.
var Columns = []string{"Plan", "JTC 1 stage", "ITU-T stage", "Next step", "Next date", "Publication (forecast)", "Baseline", "Slip (days)", "Broken rules", "Warnings", "Problem"}

// Cells are a row's cells under Columns.
func (s Status) Cells() []string {
	if s.Problem != "" {
		return []string{s.ShortName, "", "", "", "", "", "", "", "", "", s.Problem}
	}
	next, date := s.next()
	return []string{s.ShortName, s.JTC1.String(), s.ITU.Words, next, date, dateOrEmpty(s.Publication),
		dateOrEmpty(s.Baseline), s.SlipText(), fmt.Sprint(s.Errors), fmt.Sprint(s.Warnings), ""}
}

// next is the next step's label, marked when it is overdue, and its date.
func (s Status) next() (label, date string) {
	if s.NextStep == nil {
		return "", ""
	}
	label = s.NextStep.Label
	if s.NextStep.Status == schedule.StatusOverdue {
		label += " (overdue)"
	}
	return label, s.NextStep.Date.String()
}

// String is the stage with its code first: "40.20 DIS ballot initiated".
func (st Stage) String() string {
	if st.Code == "" {
		return st.Words
	}
	return st.Code + " " + st.Words
}

// SlipText is the slip as people write it: "+37 d", "−5 d", "0 d", or
// empty without a baseline.
func (s Status) SlipText() string {
	switch {
	case !s.HasBaseline():
		return ""
	case s.Slip > 0:
		return fmt.Sprintf("+%d d", s.Slip)
	case s.Slip < 0:
		return fmt.Sprintf("−%d d", -s.Slip)
	}
	return "0 d"
}

func dateOrEmpty(d caldate.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
