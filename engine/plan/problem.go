package plan

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/rules"
)

// Problem is one thing wrong with a plan. It is the one form in which the
// decoder, the validator and the engine report a fault, and the CLI, the
// planner page and the API pass it on unchanged.
//
// Field is for programs: the JSON path of the field, with 0-based indexes
// ("meetings.ct[3].end", "pins.dates.dis-ballot", "" for the plan as a
// whole); the planner page finds the input to mark by it. Message is for
// people: a sentence in their words, with 1-based meeting numbers and the
// guide's step names ("Meeting 4 of the CT calendar ends before it
// starts"). Programs never parse Message.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error returns the message, which names the field in words.
func (p Problem) Error() string { return p.Message }

// Errors is the list of problems of an invalid plan. Decode and Validate
// return it as their error; errors.As recovers it.
type Errors []Problem

func (e Errors) Error() string {
	var b strings.Builder
	for i, p := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Step is a step of the process that a plan may pin, with its name as the
// guide writes it.
type Step struct {
	ID   string
	Name string
	// Kinds are, for a step pinned to a meeting, the kinds of meeting that
	// can hold it (a ballot is resolved by the CT or the JTC 1 SC or WG;
	// consent and determination are at an SG or WP meeting, 3.1; the TAP
	// approval at an SG meeting, 3.1.1).
	Kinds []string
}

// Pinnable steps. A meeting pin chooses the meeting at which the step takes
// place; a date pin fixes the date the step starts.
var (
	PinnableMeetings = []Step{
		{"cd-resolution", "CD ballot resolution", resolvers},
		{"cd2-resolution", "second CD ballot resolution", resolvers},
		{"dis-resolution", "DIS ballot resolution", resolvers},
		{"dis2-resolution", "second DIS ballot resolution", resolvers},
		{"dcor-resolution", "DCOR ballot resolution", resolvers},
		{"consent", "Consent", []string{KindSG, KindWP}},
		{"determination", "Determination", []string{KindSG, KindWP}},
		{"sg-approval", "SG approval", []string{KindSG}},
	}
	PinnableDates = []Step{
		{"cd2-ballot", "second CD ballot", nil},
		{"dis-registration", "DIS registration", nil},
		{"dis-ballot", "DIS ballot", nil},
		{"dis2-ballot", "second DIS ballot", nil},
		{"fdis-ballot", "FDIS ballot", nil},
		{"lc", "Last Call", nil},
		{"ar", "Additional Review", nil},
		{"publication", "Publication", nil},
	}
	resolvers = []string{KindCT, KindSC, KindWG}
	// ActualMeetings are the decisions an actual may place at the meeting
	// where they were taken: the meeting steps (PinnableMeetings).
	ActualMeetings = PinnableMeetings
	// ActualDates are the steps an actual may date: every step a pin may
	// date, and the ones that happen without a meeting and are only ever
	// forecast (the first ballots, the final text, ITU-T approval).
	ActualDates = []Step{
		{"cd-ballot", "CD ballot", nil},
		{"cd2-ballot", "second CD ballot", nil},
		{"dis-registration", "DIS registration", nil},
		{"dis-ballot", "DIS ballot", nil},
		{"dis2-ballot", "second DIS ballot", nil},
		{"dcor-ballot", "DCOR ballot", nil},
		{"final-text", "final text for ITU-T approval", nil},
		{"lc", "Last Call", nil},
		{"ar", "Additional Review", nil},
		{"itu-approval", "ITU-T approval", nil},
		{"fdis-ballot", "FDIS ballot", nil},
		{"publication", "Publication", nil},
	}
)

// MeetingPin returns the step a meeting pin may name, with the kinds of
// meeting that can hold it.
func MeetingPin(id string) (Step, bool) { return findStep(PinnableMeetings, id) }

func findStep(steps []Step, id string) (Step, bool) {
	for _, s := range steps {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

func stepNames(steps []Step) string {
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// StepName returns the name of a step or rule id in the guide's words: a
// pinnable step's name, a rule's label, or else the id quoted.
func StepName(id string) string {
	if s, ok := findStep(PinnableMeetings, id); ok {
		return s.Name
	}
	if s, ok := findStep(PinnableDates, id); ok {
		return s.Name
	}
	if s, ok := findStep(ActualDates, id); ok {
		return s.Name
	}
	if set, err := rules.Load(""); err == nil {
		if r, ok := set.Rule(id); ok {
			return r.Label
		}
	}
	return strconv.Quote(clip(id, 40))
}

// fieldNames are the plan's fields in words, by path with indexes removed.
var fieldNames = map[string]string{
	"":                    "the plan",
	"version":             "the version",
	"id":                  "the plan's id",
	"title":               "the title",
	"short_name":          "the short name",
	"deliverable":         "the deliverable",
	"itu_process":         "the ITU-T process",
	"mode":                "the mode",
	"start":               "the starting point",
	"start.stage":         "the starting stage",
	"start.date":          "the starting date",
	"target":              "the target date",
	"as_of":               "the as-of date",
	"rules":               "the rules",
	"rules.set":           "the rule set",
	"rules.overrides":     "the rule overrides",
	"pins":                "the pins",
	"pins.meetings":       "the meeting pins",
	"pins.dates":          "the date pins",
	"actuals":             "what happened (the actuals)",
	"actuals.meetings":    "the meetings where decisions were taken",
	"actuals.dates":       "the dates steps happened",
	"baseline":            "the baseline",
	"baseline.set":        "the day the baseline was set",
	"baseline.scenario":   "the baseline's scenario",
	"baseline.milestones": "the baseline's milestones",
	"revision":            "the revision",
	"meetings":            "the meetings",
	"meetings.itu":        "the ITU-T calendar",
	"meetings.jtc1":       "the JTC 1 calendar",
	"meetings.ct":         "the CT calendar",
	"scenario":            "the scenario",
	".id":                 "the id",
	".body":               "the body",
	".kind":               "the kind",
	".start":              "the start date",
	".end":                "the end date",
	".place":              "the place",
}

// Words names the field at a Problem's path in words: "meetings.ct[3].end"
// is "the end date of meeting 4 of the CT calendar", "pins.dates.dis-ballot"
// "the date pin for DIS ballot". It falls back to the path, quoted.
func Words(path string) string {
	if w, ok := fieldNames[path]; ok {
		return w
	}
	for _, g := range CalendarIDs {
		prefix := "meetings." + string(g) + "["
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		num, rest, ok := strings.Cut(rest, "]")
		i, err := strconv.Atoi(num)
		if !ok || err != nil {
			break
		}
		m := "meeting " + strconv.Itoa(i+1) + " of the " + g.Name() + " calendar"
		if rest == "" {
			return m
		}
		if w, ok := fieldNames[rest]; ok {
			return w + " of " + m
		}
		break
	}
	for _, edge := range []struct{ suffix, words string }{{".start", "the actual start of %s"}, {".end", "the actual end of %s"}} {
		if trimmed, ok := strings.CutSuffix(path, edge.suffix); ok {
			if key, ok := keyOf(trimmed, "actuals.dates"); ok {
				return strings.Replace(edge.words, "%s", StepName(key), 1)
			}
		}
	}
	for _, k := range []struct{ prefix, words string }{
		{"actuals.dates", "the actual dates of %s"},
		{"rules.overrides", "the override for %s"},
		{"pins.meetings", "the meeting pin for %s"},
		{"pins.dates", "the date pin for %s"},
		{"actuals.meetings", "the meeting where %s was actually taken"},
		{"baseline.milestones", "the baseline's date for %s"},
	} {
		if key, ok := keyOf(path, k.prefix); ok {
			return strings.Replace(k.words, "%s", StepName(key), 1)
		}
	}
	return strconv.Quote(path)
}

// keyOf returns the key of a path made by join(prefix, key).
func keyOf(path, prefix string) (string, bool) {
	if key, ok := strings.CutPrefix(path, prefix+"."); ok {
		return key, true
	}
	if q, ok := strings.CutPrefix(path, prefix+"["); ok && strings.HasSuffix(q, "]") {
		if key, err := strconv.Unquote(q[:len(q)-1]); err == nil {
			return key, true
		}
	}
	return "", false
}

// sentence capitalises the first letter of s.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// collector gathers problems, keeping the first few and counting the rest,
// so that a hostile input with a million faults costs no more than its
// size.
type collector struct {
	probs Errors
	more  int
}

// skip counts a problem without building its message when the list is
// full, and reports whether it did: loops over keys that a hostile plan may
// hold by the hundred thousand call it before naming each one in words.
func (c *collector) skip() bool {
	if len(c.probs) >= maxProblems {
		c.more++
		return true
	}
	return false
}

func (c *collector) add(path, format string, args ...any) {
	if len(c.probs) >= maxProblems {
		c.more++
		return
	}
	c.probs = append(c.probs, Problem{Field: path, Message: sentence(fmt.Sprintf(format, args...))})
}

// errors returns the problems gathered, ending with a count of the ones
// left out, or nil.
func (c *collector) errors() Errors {
	if len(c.probs) == 0 {
		return nil
	}
	if c.more > 0 {
		return append(c.probs[:len(c.probs):len(c.probs)], Problem{Message: fmt.Sprintf("… and %d more problems", c.more)})
	}
	return c.probs
}
