// Package export is the one front door to the engine. A plan file and the
// options that the CLI's flags, the API's query and the page's download
// menu give as strings (rule set, target, as-of date, scenarios, format,
// plan-id policy, overrides, the planner's address) go in; the schedule
// written in the format asked for, or field-named problems, come out. Each
// caller keeps only what is its own: flags and exit statuses, HTTP
// statuses, the browser bridge. A new option or format is written here,
// once.
//
// Formats are a registry, a value the caller builds: Builtin has text,
// iCalendar and CSV; the native callers add JSON (engine/export/exportjson),
// which keeps encoding/json out of the page's WebAssembly.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/uid"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/urlstate"
)

// Names of the options, as Problems of a BadOption name their field. They
// are the CLI's flag names and the API's query parameters.
const (
	FieldFormat    = "format"
	FieldRuleSet   = "ruleset"
	FieldTarget    = "target"
	FieldAsOf      = "as-of"
	FieldScenario  = "scenario"
	FieldOverrides = "set"
	FieldIDs       = "ids"
	FieldPlanner   = "site"
)

// IDPolicy says what a plan without an id gets. Event UIDs derive from the
// plan's id, so the choice decides whether a calendar app recognises the
// events of the same plan exported again.
type IDPolicy string

const (
	// RandomID gives a plan without an id a new random one; Result.NewID
	// says so, for the caller to ask that it be kept (the CLI) or to keep
	// it (the page).
	RandomID IDPolicy = "random"
	// ContentID derives the id from the plan's content, so that the same
	// plan always gives the same output and UIDs: for a request, which has
	// nowhere to keep an id (the API).
	ContentID IDPolicy = "content"
)

// contentNamespace is the UUID namespace of plan IDs derived from a plan's
// content. Changing it changes the event UIDs of every such plan.
var contentNamespace = uid.NewSHA1(uid.NameSpaceURL, []byte("urn:commontext:plan-content"))

// Options are a request to the engine, as strings where the user typed them.
type Options struct {
	Format    string // a name of the Formats
	RuleSet   string // replaces the plan's rules.set when not empty
	Target    string // YYYY-MM-DD: plan backward from it, replacing the plan's target
	AsOf      string // YYYY-MM-DD: replaces the plan's as_of
	Scenarios string // "best,slowest", or "all"; empty: the format's default
	IDs       IDPolicy
	// Overrides set rule durations (RULE → DURATION, e.g. cd-ballot → 4m)
	// after the plan's own; OverrideSource names where they come from in
	// the output ("option" when empty).
	Overrides      map[string]string
	OverrideSource string
	// Planner is the planner page's address (see PlannerAt): events and
	// rows link to the plan there. Empty: no link.
	Planner string
	// Now is the time stamped on calendar events.
	Now time.Time
	// Engine plans; nil is schedule.New. Callers' tests swap it to reach
	// their last-resort paths.
	Engine func(*plan.Plan, schedule.Options) (*schedule.Schedule, error)
}

// PlannerPath is where the planner page lives under the site's address
// (content/planner.md).
const PlannerPath = "planner/"

// PlannerAt returns the planner page's address on the site at site (its
// root address, which may include a sub-path).
func PlannerAt(site string) string {
	return strings.TrimSuffix(site, "/") + "/" + PlannerPath
}

// Address returns raw as a web address that a calendar file can carry,
// and whether it is one: http or https, a host, and only the characters a
// URI may hold unescaped (RFC 3986), no fragment. (A check of its own
// rather than net/url, which would add 180 KB to the page's WebAssembly.)
func Address(raw string) (string, bool) {
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(raw, "http://")
	}
	host, _, _ := strings.Cut(rest, "/")
	if !ok || host == "" || strings.ContainsAny(host, "@?") || len(raw) > maxAddress {
		return "", false
	}
	for _, c := range []byte(rest) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~:/?[]@!$&'()*+,;=%", c) >= 0) {
			return "", false
		}
	}
	return raw, true
}

// maxAddress is the longest planner address taken: the link adds the plan
// to it, and a calendar app opens it.
const maxAddress = 2000

// Fault says whose fault an Error is, which decides the exit status or
// HTTP status the caller gives.
type Fault int

const (
	BadOption     Fault = iota + 1 // an option is wrong: each Problem's Field is a Field… name
	BadPlan                        // the plan file is wrong: each Problem's Field is the plan's path
	Unschedulable                  // the plan is right but its calendars have no room for it
)

// Error is a request the engine cannot answer, with each problem at its
// field.
type Error struct {
	Fault    Fault
	Problems []plan.Problem
}

func (e *Error) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
		if p.Field != "" {
			msgs[i] = p.Field + ": " + p.Message
		}
	}
	return strings.Join(msgs, "; ")
}

func optionError(field, format string, args ...any) *Error {
	return &Error{Fault: BadOption, Problems: []plan.Problem{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// Result is the answer to Run.
type Result struct {
	Output      []byte
	ContentType string
	// Plan is the plan as read, with its id; Schedule is what the engine
	// made of it (nil when Run fails).
	Plan     *plan.Plan
	Schedule *schedule.Schedule
	// NewID says that the plan had no id and got a random one.
	NewID bool
}

// Context is what a format's writer gets besides the schedule.
type Context struct {
	// Scenarios is the selection (nil: every scenario of the schedule).
	Scenarios []schedule.ScenarioID
	Plan      *plan.Plan
	ShortName string // the plan's (see ShortName)
	Link      string // the plan on the planner page, or ""
	Now       time.Time
}

// Format is one way to write a schedule.
type Format struct {
	Write       func(w io.Writer, s *schedule.Schedule, c Context) error
	ContentType string
	// AllByDefault: without a scenario option, every scenario (JSON, for
	// programs); else the best case, the one people are shown.
	AllByDefault bool
	// Summary: the schedule keeps every scenario, and the selection says
	// which are detailed (text: a table of every scenario's publication).
	Summary bool
}

// Formats are the formats a caller offers, by name.
type Formats map[string]Format

// Builtin returns text, ics and csv.
func Builtin() Formats {
	f := Downloads()
	f["text"] = Format{Write: writeText, ContentType: "text/plain; charset=utf-8", Summary: true}
	return f
}

// Downloads returns ics and csv, the files a reader downloads from the
// planner page: the page asks for no more, so that its WebAssembly links
// no text table writer.
func Downloads() Formats {
	return Formats{
		"ics": {Write: writeICS, ContentType: "text/calendar; charset=utf-8"},
		"csv": {Write: writeCSV, ContentType: "text/csv; charset=utf-8; header=present"},
	}
}

// Names lists the formats' names in order, for messages.
func (f Formats) Names() []string { return slices.Sorted(maps.Keys(f)) }

// Run reads planJSON, plans it with the options and writes the schedule in
// the format asked for. A fault is an *Error naming each problem's field;
// any other error is a bug of the engine.
func (f Formats) Run(planJSON []byte, o Options) (Result, error) {
	if _, ok := f[o.Format]; !ok {
		return Result{}, optionError(FieldFormat, "unknown format %q (want %s)", clip(o.Format, 40), orList(f.Names()))
	}
	p, err := plan.Parse(planJSON)
	if err != nil {
		return Result{}, &Error{Fault: BadPlan, Problems: problems(err)}
	}
	return f.RunPlan(p, o)
}

// RunPlan is Run for a plan already read (from a link, say). It may give p
// an id and set its target and as-of date from the options.
func (f Formats) RunPlan(p *plan.Plan, o Options) (Result, error) {
	r := Result{Plan: p}
	format, ok := f[o.Format]
	if !ok {
		return r, optionError(FieldFormat, "unknown format %q (want %s)", clip(o.Format, 40), orList(f.Names()))
	}
	switch o.IDs {
	case RandomID:
		r.NewID = p.EnsureID()
	case ContentID:
		if p.ID == uid.Nil {
			b, err := plan.MarshalCompact(p)
			if err != nil {
				return r, err
			}
			p.ID = uid.NewSHA1(contentNamespace, b)
		}
	default:
		return r, optionError(FieldIDs, "unknown id policy %q (want %s or %s)", clip(string(o.IDs), 40), RandomID, ContentID)
	}
	link := ""
	if o.Planner != "" {
		u, ok := Address(o.Planner)
		if !ok {
			return r, optionError(FieldPlanner, "%q is not the address of a site, like https://example.org/", clip(o.Planner, 60))
		}
		if state, err := urlstate.Encode(p); err == nil {
			link = u + "#" + state
		}
	}
	ids, opt, err := options(p, o, format)
	if err != nil {
		return r, err
	}
	engine := o.Engine
	if engine == nil {
		engine = schedule.New
	}
	s, err := engine(p, opt)
	if err != nil {
		return r, engineError(err)
	}
	if _, err := s.Select(ids); err != nil {
		return r, engineError(err)
	}
	r.Schedule = s
	var b bytes.Buffer
	c := Context{Scenarios: ids, Plan: p, ShortName: ShortName(p), Link: link, Now: o.Now}
	if err := format.Write(&b, s, c); err != nil {
		return r, err
	}
	r.Output, r.ContentType = b.Bytes(), format.ContentType
	return r, nil
}

// options reads the options for p: the scenario selection and the engine's
// options. A target or as-of date is judged by the plan's own rules, as if
// the plan file held it, so a flag and a file never disagree.
func options(p *plan.Plan, o Options, format Format) ([]schedule.ScenarioID, schedule.Options, error) {
	var opt schedule.Options
	list := o.Scenarios
	if list == "" && !format.AllByDefault {
		list = string(schedule.ScenarioIDs[0])
	}
	ids, err := schedule.ParseScenarios(list)
	if err != nil {
		return nil, opt, optionError(FieldScenario, "%v", err)
	}
	if !format.Summary {
		opt.Scenarios = ids
	}
	if o.RuleSet != "" {
		if _, err := rules.Load(o.RuleSet); err != nil {
			return nil, opt, optionError(FieldRuleSet, "unknown rule set %q (want %s)", clip(o.RuleSet, 40), orList(rules.Names()))
		}
		opt.RuleSet = o.RuleSet
	}
	if len(o.Overrides) > 0 {
		opt.Overrides = make(map[string]rules.Duration, len(o.Overrides))
		for _, id := range slices.Sorted(maps.Keys(o.Overrides)) {
			d, err := rules.ParseDuration(o.Overrides[id])
			if err != nil {
				return nil, opt, optionError(FieldOverrides, "%s=%s: %v", clip(id, 40), clip(o.Overrides[id], 40), err)
			}
			opt.Overrides[id] = d
		}
		opt.Source = o.OverrideSource
	}
	for _, d := range []struct {
		field, path, value string
		set                func(caldate.Date)
	}{
		{FieldTarget, "target", o.Target, func(t caldate.Date) { p.Target = t }},
		{FieldAsOf, "as_of", o.AsOf, func(t caldate.Date) { p.AsOf = t }},
	} {
		if d.value == "" {
			continue
		}
		t, err := caldate.Parse(d.value)
		if err != nil {
			return nil, opt, optionError(d.field, "%v", err)
		}
		d.set(t)
		var probs plan.Errors
		if errors.As(plan.Validate(p), &probs) {
			for _, pr := range probs {
				if pr.Field == d.path {
					return nil, opt, optionError(d.field, "%s", pr.Message)
				}
			}
		}
	}
	return ids, opt, nil
}

// engineError sorts an error of the engine into a fault.
func engineError(err error) error {
	var ue *schedule.UnknownScenarioError
	var pe *schedule.PlanningError
	var probs plan.Errors
	switch {
	case errors.As(err, &ue):
		return optionError(FieldScenario, "%v", err)
	case errors.As(err, &pe):
		return &Error{Fault: Unschedulable, Problems: []plan.Problem{{Message: pe.Msg}}}
	case errors.As(err, &probs):
		return &Error{Fault: BadPlan, Problems: probs}
	}
	return err
}

// problems lists err's problems, each with its field when it has one.
func problems(err error) []plan.Problem {
	var pe plan.Errors
	if errors.As(err, &pe) {
		return pe
	}
	var one plan.Problem
	if errors.As(err, &one) {
		return []plan.Problem{one}
	}
	return []plan.Problem{{Message: err.Error()}}
}

// orList writes "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
