// Package rules holds the periods of the guide's approval rules as data.
//
// Every duration the planner uses — the length of a ballot, the time a final
// text is due before a meeting, the notice for an agenda — is a Rule of a
// named Set, read from the embedded rulesets.json, each citing the clause of
// the guide it comes from. Keeping them as data means the procedures can be
// updated (the ISO/IEC Directives have moved from months to weeks) without
// touching the engine, and that every schedule can say exactly which values
// it used: Set.Overrides lists every value that differs from the guide.
//
// Three sets are built in. "guide-2014" is the guide's own 2013/2014 text:
// CD ballot 2, 3 or 4 months (3 by default), DIS ballot 3 months after a
// 2-month translation, DTR/DTS 3 to 6 months, second DIS 2 to 3 months (2 by
// default), FDIS 2 months, Last Call 4 weeks, Additional Review 3 weeks, and
// so on. "directives-weeks" derives from it and replaces the JTC 1 ballots
// with the weeks of the current ISO/IEC Directives, Part 1: CD 8, 12 or 16
// weeks (8 by default), 8 weeks of translation and a 12-week DIS ballot
// (stage code 40.20), an 8-week FDIS ballot (stage code 50.20; some editions
// give 6 weeks, so override it when needed). The ITU-T periods are the same
// in both. Values the guide does not give — Last Call comment resolution,
// the editing interval before a registration, the lag before publication —
// are marked as assumptions. "as-practised" derives from the guide's set
// and adds the delays seen in published common texts: the Last Call
// announced four weeks after consent, publication six months after
// approval; the FDIS ballot stays at the approval, as documented FDIS
// ballots did not wait for it (all calibrated in examples/README.md). The
// guide's set keeps the three at zero, as its text does.
package rules

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed rulesets.json
var rulesetsJSON []byte

// Rule IDs used by the planning engine. The data file may hold more.
const (
	CDBallot           = "cd-ballot"
	CD2Ballot          = "cd2-ballot"
	ResolutionWindow   = "resolution-window"
	Editing            = "editing"
	DISTranslation     = "dis-translation"
	DISBallot          = "dis-ballot"
	DTRBallot          = "dtr-ballot"
	DIS2Ballot         = "dis2-ballot"
	DTR2Ballot         = "dtr2-ballot"
	FDISBallot         = "fdis-ballot"
	DCORBallot         = "dcor-ballot"
	AAPFinalText       = "aap-final-text"
	LastCall           = "last-call"
	LCResolution       = "lc-resolution"
	AdditionalReview   = "additional-review"
	TAPFinalText       = "tap-final-text"
	TAPAnnouncement    = "tap-announcement"
	TAPDistribution    = "tap-distribution"
	MoreTime           = "more-time"
	JTC1AgendaPref     = "jtc1-agenda-preferred"
	JTC1Agenda         = "jtc1-agenda"
	ITUConveningLetter = "itu-convening-letter"
	CTContributions    = "ct-contributions"
	Publication        = "publication"
	LCAnnouncement     = "lc-announcement"
	FDISPreparation    = "fdis-preparation"
)

// Strength says whether the guide states a rule with "shall"/"must" or with
// "should"/"preferably"/"normally". A schedule that breaks a Must rule is
// wrong; one that breaks a Should rule deserves a warning.
type Strength string

const (
	Must   Strength = "must"
	Should Strength = "should"
)

// Rule is one period of the guide.
type Rule struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	Value Duration `json:"value"`
	// Min and Max bound the values an override may take: the range the
	// guide allows ("two to three months"), or a sanity range where it
	// gives one value.
	Min Duration `json:"min"`
	Max Duration `json:"max"`
	// Clause is the guide clause for the Collaborative Team (clause 8) and
	// general text; ClauseCI the one for Collaborative Interchange (clause
	// 7) where it differs, and ClauseAAP the one for the Alternative
	// Approval Process where it differs from TAP's.
	Clause    string   `json:"clause"`
	ClauseCI  string   `json:"clause_ci,omitempty"`
	ClauseAAP string   `json:"clause_aap,omitempty"`
	Strength  Strength `json:"strength"`
	// Assumption marks a value the guide does not give (it says "as soon as
	// practical" or nothing): the planner needs a number and says so.
	Assumption bool   `json:"assumption,omitempty"`
	Text       string `json:"text"`
}

// ClauseFor returns the clause to cite in Collaborative Interchange
// (clause 7, ClauseCI) or a Collaborative Team, and under AAP (ClauseAAP)
// or TAP. It takes the answers, not the plan's words, because package plan,
// which defines the modes and processes, builds on this one.
func (r Rule) ClauseFor(interchange, aap bool) string {
	if interchange && r.ClauseCI != "" {
		return r.ClauseCI
	}
	if aap && r.ClauseAAP != "" {
		return r.ClauseAAP
	}
	return r.Clause
}

// Override records a value that differs from the guide's.
type Override struct {
	Rule   string   `json:"rule"`
	Value  Duration `json:"value"`
	Guide  Duration `json:"guide"`  // the value in the guide's own rule set
	Source string   `json:"source"` // "rule set directives-weeks", "plan", "flag"…
}

// Set is a named, complete set of rules.
type Set struct {
	Name  string
	Title string
	Base  string // the set it derives from, if any
	rules []Rule // sorted by ID
	// overrides in the order they were applied, one per rule (the latest).
	overrides []Override
}

type fileSet struct {
	Name      string                  `json:"name"`
	Title     string                  `json:"title"`
	Base      string                  `json:"base"`
	Rules     []Rule                  `json:"rules"`
	Overrides map[string]fileOverride `json:"overrides"`
}

type fileOverride struct {
	Value Duration `json:"value"`
	Min   Duration `json:"min"`
	Max   Duration `json:"max"`
	Text  string   `json:"text"`
}

var catalog struct {
	sets []fileSet
	err  error
}

func init() {
	sets, err := readSets(rulesetsJSON)
	if err != nil {
		catalog.err = fmt.Errorf("rules: embedded rulesets.json: %w", err)
		return
	}
	catalog.sets = sets
}

// Default is the name of the default rule set, the guide's own text.
const Default = "guide-2014"

// Names returns the names of the available rule sets, the default first.
func Names() []string {
	var names []string
	for _, s := range catalog.sets {
		names = append(names, s.Name)
	}
	return names
}

// Load returns a fresh copy of the named rule set ("" means Default), which
// the caller may then override.
func Load(name string) (*Set, error) {
	if catalog.err != nil {
		return nil, catalog.err
	}
	if name == "" {
		name = Default
	}
	return load(name, 0)
}

func load(name string, depth int) (*Set, error) {
	if depth > 4 {
		return nil, fmt.Errorf("rules: rule set %q: base chain too deep", name)
	}
	for _, fs := range catalog.sets {
		if fs.Name != name {
			continue
		}
		if fs.Base == "" {
			s := &Set{Name: fs.Name, Title: fs.Title}
			s.rules = append([]Rule(nil), fs.Rules...)
			sort.Slice(s.rules, func(i, j int) bool { return s.rules[i].ID < s.rules[j].ID })
			return s, nil
		}
		s, err := load(fs.Base, depth+1)
		if err != nil {
			return nil, err
		}
		s.Name, s.Title, s.Base = fs.Name, fs.Title, fs.Base
		ids := make([]string, 0, len(fs.Overrides))
		for id := range fs.Overrides {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			o := fs.Overrides[id]
			r := s.find(id)
			if r == nil {
				return nil, fmt.Errorf("rules: rule set %q overrides unknown rule %q", name, id)
			}
			r.Min, r.Max = o.Min, o.Max
			if o.Text != "" {
				r.Text = o.Text
			}
			if err := s.Override(id, o.Value, "rule set "+name); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown rule set %q (want one of %s)", name, strings.Join(Names(), ", "))
}

func (s *Set) find(id string) *Rule {
	i := sort.Search(len(s.rules), func(i int) bool { return s.rules[i].ID >= id })
	if i < len(s.rules) && s.rules[i].ID == id {
		return &s.rules[i]
	}
	return nil
}

// Rules returns the rules of the set, sorted by ID.
func (s *Set) Rules() []Rule { return append([]Rule(nil), s.rules...) }

// Rule returns the rule with the ID.
func (s *Set) Rule(id string) (Rule, bool) {
	if r := s.find(id); r != nil {
		return *r, true
	}
	return Rule{}, false
}

// Get returns the value of the rule with the ID, or the zero Duration for an
// unknown ID (the engine's IDs are checked by the package tests).
func (s *Set) Get(id string) Duration {
	if r := s.find(id); r != nil {
		return r.Value
	}
	return Duration{}
}

// A RangeError reports an override outside the range a rule allows.
type RangeError struct {
	Rule     string
	Value    Duration
	Min, Max Duration
	Clause   string
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s is out of range %s–%s (clause %s)", e.Value, e.Min, e.Max, e.Clause)
}

// CheckOverride reports whether d is an allowed value for the rule, without
// changing the set.
func (s *Set) CheckOverride(id string, d Duration) error {
	r := s.find(id)
	if r == nil {
		return fmt.Errorf("unknown rule %q", id)
	}
	const eps = 1e-9
	if d.ApproxDays() < r.Min.ApproxDays()-eps || d.ApproxDays() > r.Max.ApproxDays()+eps {
		return &RangeError{Rule: id, Value: d, Min: r.Min, Max: r.Max, Clause: r.Clause}
	}
	return nil
}

// Override sets the value of a rule, recording where the value comes from
// (for example "plan" or "flag"). The value must lie within the rule's
// range; months and weeks are compared by their approximate length, so 12w
// fits a rule of two to four months.
func (s *Set) Override(id string, d Duration, source string) error {
	if err := s.CheckOverride(id, d); err != nil {
		return err
	}
	r := s.find(id)
	guide := r.Value
	// The guide's value is the one before any override.
	for _, o := range s.overrides {
		if o.Rule == id {
			guide = o.Guide
		}
	}
	r.Value = d
	kept := s.overrides[:0]
	for _, o := range s.overrides {
		if o.Rule != id {
			kept = append(kept, o)
		}
	}
	s.overrides = kept
	if d != guide {
		s.overrides = append(s.overrides, Override{Rule: id, Value: d, Guide: guide, Source: source})
	}
	return nil
}

// Overrides returns every value of the set that differs from the guide's,
// in the order they were applied.
func (s *Set) Overrides() []Override { return append([]Override(nil), s.overrides...) }
