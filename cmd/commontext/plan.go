package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/ics"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/engine/schedule"
)

const planUsage = `Usage: commontext plan [flags] [FILE|-]

Plans the synchronized ITU-T and JTC 1 approval of the plan in FILE (or
standard input) and writes the schedule: a text table by default, or JSON,
iCalendar or CSV.

Exit status: 0 on success, 1 when the plan cannot be scheduled or cannot be
read, 2 for a bad plan or bad flags (one line per problem, naming the field),
3 when the schedule breaks a rule of the guide (pinned dates or meetings).

Flags:
`

// planOverrides collects repeated --set RULE=DURATION flags.
type planOverrides map[string]rules.Duration

func (o planOverrides) String() string { return "" }

func (o planOverrides) Set(s string) error {
	id, val, ok := strings.Cut(s, "=")
	if !ok || id == "" {
		return fmt.Errorf("want RULE=DURATION, e.g. cd-ballot=4m")
	}
	d, err := rules.ParseDuration(val)
	if err != nil {
		return err
	}
	o[id] = d
	return nil
}

// runPlan is the "plan" command. It never panics: anything unexpected is
// reported as an internal error with status 70.
func runPlan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "commontext plan: internal error: %v\n", r)
			code = 70
		}
	}()
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, planUsage)
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "output `format`: text, json, ics or csv")
	target := fs.String("target", "", "plan backward from this publication `DATE` (YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "read the plan as of this `DATE` (YYYY-MM-DD), replacing the plan's as_of: meetings that start before it are past and never chosen; without it, any meeting where the guide's conditions hold may be chosen, even one before the start date")
	ruleset := fs.String("ruleset", "", "rule `set`: "+strings.Join(rules.Names(), " or ")+" (default: the plan's, else "+rules.Default+")")
	scen := fs.String("scenario", "", "scenario `ID` to show (text and ics default to best; json and csv to all); \"all\" for every scenario")
	overrides := planOverrides{}
	fs.Var(overrides, "set", "override a rule's duration, `RULE=DURATION` (e.g. cd-ballot=4m, fdis-ballot=8w); repeatable")
	listRules := fs.Bool("rules", false, "list the rules of the rule set with their values and clauses, and exit")
	// Flags may come after the file name too: parse, set the first
	// argument aside, and parse the rest.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch *format {
	case "text", "json", "ics", "csv":
	default:
		fmt.Fprintf(stderr, "commontext plan: --format: unknown format %q (want text, json, ics or csv)\n", *format)
		return 2
	}
	if *listRules {
		return planPrintRules(*ruleset, stdout, stderr)
	}
	if len(files) > 1 {
		fmt.Fprintf(stderr, "commontext plan: want one plan file, got %d: %s\n", len(files), strings.Join(files, " "))
		return 2
	}
	name, in := "-", stdin
	if len(files) == 1 && files[0] != "-" {
		name = files[0]
		f, err := os.Open(name)
		if err != nil {
			safePrintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
		defer f.Close()
		// A file's size is known before reading it: a larger one is not
		// read at all (standard input is read up to the limit).
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > plan.MaxSize {
			safePrintf(stderr, "commontext plan: %s: The plan is larger than the %d KiB limit (the file is %d KiB)\n", name, plan.MaxSize>>10, fi.Size()>>10)
			return 2
		}
		in = f
	}
	if name == "-" {
		name = "stdin"
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "commontext plan: %v\n", err)
		return 1
	}
	// A file that cannot be read (a directory, an I/O error) exits 1, as
	// the usage says; only what is read is judged as a plan (exit 2).
	data, err := io.ReadAll(io.LimitReader(in, plan.MaxSize+1))
	if err != nil {
		safePrintf(stderr, "commontext plan: reading %s: %v\n", name, err)
		return 1
	}
	p, err := plan.Parse(data)
	if err != nil {
		return planReportErrors(stderr, name, err)
	}
	ids, err := planScenarios(*scen, *format)
	if err != nil {
		fmt.Fprintf(stderr, "commontext plan: --scenario: %v\n", err)
		return 2
	}
	var opt schedule.Options
	if *format != "text" {
		opt.Scenarios = ids // text lists every scenario's publication, and details ids
	}
	opt.RuleSet = *ruleset
	opt.Overrides = overrides
	opt.Source = "flag"
	if *target != "" {
		t, err := caldate.Parse(*target)
		if err != nil {
			fmt.Fprintf(stderr, "commontext plan: --target: %v\n", err)
			return 2
		}
		opt.Target = t
	}
	if *asOf != "" {
		d, err := caldate.Parse(*asOf)
		if err != nil {
			fmt.Fprintf(stderr, "commontext plan: --as-of: %v\n", err)
			return 2
		}
		p.AsOf = d
	}
	if p.EnsureID() {
		fmt.Fprintf(stderr, "commontext plan: %s has no \"id\"; add \"id\": %q to it so that calendar events keep their identity\n", name, p.ID.String())
	}
	s, err := schedule.New(p, opt)
	if err != nil {
		var pe *schedule.PlanningError
		if errors.As(err, &pe) {
			safePrintf(stderr, "commontext plan: %s: %v\n", name, err)
			return 1
		}
		var ue *schedule.UnknownScenarioError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "commontext plan: --scenario: %v\n", err)
			return 2
		}
		return planReportErrors(stderr, name, err)
	}
	if _, err := s.Select(ids); err != nil {
		fmt.Fprintf(stderr, "commontext plan: --scenario: %v\n", err)
		return 2
	}
	switch *format {
	case "json":
		out := s
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
		_, err = stdout.Write(append(b, '\n'))
		if err != nil {
			fmt.Fprintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
	case "ics":
		if err := ics.Write(stdout, s, ics.Options{Now: planStamp()}); err != nil {
			fmt.Fprintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
	case "csv":
		if err := s.WriteCSV(stdout); err != nil {
			fmt.Fprintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
	default:
		if err := planWriteText(stdout, s, ids); err != nil {
			fmt.Fprintf(stderr, "commontext plan: %v\n", err)
			return 1
		}
	}
	if errs := s.Errors(); len(errs) > 0 {
		fmt.Fprintf(stderr, "commontext plan: %s: the schedule breaks %d rule(s) of the guide:\n", name, len(errs))
		for _, v := range errs {
			safePrintf(stderr, "  %s: %s\n", v.Scenario, v.Message)
		}
		return 3
	}
	return 0
}

// planScenarios reads --scenario for the format with the engine's
// ParseScenarios: nil means every scenario; text and ics show the best case
// unless told otherwise.
func planScenarios(flagVal, format string) ([]string, error) {
	if flagVal == "" && (format == "text" || format == "ics") {
		flagVal = schedule.ScenarioIDs[0]
	}
	return schedule.ParseScenarios(flagVal)
}

func planReportErrors(stderr io.Writer, name string, err error) int {
	var pe plan.Errors
	if errors.As(err, &pe) {
		for _, p := range pe {
			if p.Field == "" {
				safePrintf(stderr, "commontext plan: %s: %s\n", name, p.Message)
			} else {
				safePrintf(stderr, "commontext plan: %s: %s: %s\n", name, p.Field, p.Message)
			}
		}
		return 2
	}
	safePrintf(stderr, "commontext plan: %s: %v\n", name, err)
	return 2
}

// planStamp is the DTSTAMP of exported events: SOURCE_DATE_EPOCH when set,
// for reproducible files, else now.
func planStamp() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now().UTC()
}

func planPrintRules(name string, stdout, stderr io.Writer) int {
	set, err := rules.Load(name)
	if err != nil {
		fmt.Fprintf(stderr, "commontext plan: --ruleset: %v\n", err)
		return 2
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Rule set %s: %s\n\n", set.Name, set.Title)
	fmt.Fprintln(tw, "RULE\tVALUE\tRANGE\tCLAUSE\tSTRENGTH\tLABEL")
	for _, r := range set.Rules() {
		label := r.Label
		if r.Assumption {
			label += " (assumption)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s–%s\t%s\t%s\t%s\n", r.ID, r.Value, r.Min, r.Max, r.Clause, r.Strength, label)
	}
	if err := tw.Flush(); err != nil {
		return 1
	}
	return 0
}

var planSideNames = map[string]string{schedule.SideITU: "ITU-T", schedule.SideJTC1: "JTC 1", schedule.SideJoint: "joint"}

func planWriteText(w io.Writer, s *schedule.Schedule, ids []string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	title := s.Title
	if title == "" {
		title = "(untitled plan)"
	}
	safePrintf(tw, "%s\n", title)
	stages := s.Names.CD + " → " + s.Names.DIS
	if s.Names.FDIS != "" {
		stages += " → " + s.Names.FDIS
	}
	if s.Deliverable == plan.Corrigendum {
		stages = "Technical Corrigendum (DCOR)"
	}
	safePrintf(tw, "%s by %s, ITU-T %s; plan %s\n", stages, planModeName(s.Mode), strings.ToUpper(string(s.Process)), s.PlanID)
	if s.Direction == "backward" {
		safePrintf(tw, "Planned backward from publication by %s, starting at %s\n", s.Target, s.Names.Stage(s.Start.Stage))
	} else {
		safePrintf(tw, "Planned forward from %s on %s\n", s.Names.Stage(s.Start.Stage), s.Start.Date)
	}
	safePrintf(tw, "Rules: %s — %s\n", s.Rules.Set, s.Rules.Title)
	for _, o := range s.Rules.Overrides {
		safePrintf(tw, "  override %s = %s (guide: %s; from %s)\n", o.Rule, o.Value, o.Guide, o.Source)
	}
	fmt.Fprintln(tw)
	if s.Direction == "backward" {
		fmt.Fprintln(tw, "SCENARIO\tPUBLICATION\tLATEST START\tREACHABLE\tDESCRIPTION")
	} else {
		fmt.Fprintln(tw, "SCENARIO\tPUBLICATION\tDESCRIPTION")
	}
	for _, sc := range s.Scenarios {
		pub := sc.Publication.String()
		if sc.Error != "" && pub == "" {
			pub = "—"
		}
		if s.Direction == "backward" {
			reach := "no"
			if sc.Reachable != nil && *sc.Reachable {
				reach = "yes"
			}
			latest := sc.LatestStart.String()
			if latest == "" {
				latest = "—"
			}
			safePrintf(tw, "%s\t%s\t%s\t%s\t%s\n", sc.ID, pub, latest, reach, sc.Label)
		} else {
			safePrintf(tw, "%s\t%s\t%s\n", sc.ID, pub, sc.Label)
		}
	}
	for _, sc := range s.Scenarios {
		if len(ids) > 0 && !planContains(ids, sc.ID) {
			continue
		}
		safePrintf(tw, "\n%s: %s\n%s\n", sc.ID, sc.Label, sc.Description)
		if sc.Error != "" {
			safePrintf(tw, "  ! %s\n", sc.Error)
		}
		if len(sc.Steps) == 0 {
			continue
		}
		fmt.Fprintln(tw, "\nSTART\tEND\tSIDE\tBODY\tSTEP\tCLAUSE")
		for _, st := range sc.Steps {
			end := st.End.String()
			if st.End == st.Start {
				end = ""
			}
			label := st.Label
			if st.Pinned {
				label += " [pinned]"
			}
			if st.Kind == schedule.KindDeadline {
				label = "deadline: " + label
			}
			safePrintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", st.Start, end, planSideNames[st.Side], st.Body, label, st.Clause)
		}
		for _, f := range sc.Flags {
			safePrintf(tw, "  flag (%s): %s\n", f.Clause, f.Message)
		}
		for _, v := range sc.Violations {
			safePrintf(tw, "  %s [%s, %s]: %s\n", v.Severity, v.Rule, v.Clause, v.Message)
		}
	}
	return tw.Flush()
}

func planModeName(m plan.Mode) string {
	if m == plan.CollaborativeInterchange {
		return "Collaborative Interchange"
	}
	return "Collaborative Team"
}

func planContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
