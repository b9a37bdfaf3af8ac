package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/export/exportjson"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
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

// planOverrides collects repeated --set RULE=DURATION flags; the engine's
// front door judges the durations.
type planOverrides map[string]string

func (o planOverrides) String() string { return "" }

func (o planOverrides) Set(s string) error {
	id, val, ok := strings.Cut(s, "=")
	if !ok || id == "" {
		return fmt.Errorf("want RULE=DURATION, e.g. cd-ballot=4m")
	}
	if _, err := rules.ParseDuration(val); err != nil {
		return err
	}
	o[id] = val
	return nil
}

// runPlan is the "plan" command: it reads the flags and the plan file, and
// hands both to the engine's front door (engine/export). It never panics:
// anything unexpected is reported as an internal error with status 70.
func runPlan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "commontext plan: internal error: %v\n", r)
			code = 70
		}
	}()
	formats := exportjson.With()
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, planUsage)
		fs.PrintDefaults()
	}
	var o export.Options
	fs.StringVar(&o.Format, "format", "text", "output `format`: text, json, ics or csv")
	fs.StringVar(&o.Target, "target", "", "plan backward from this publication `DATE` (YYYY-MM-DD)")
	fs.StringVar(&o.AsOf, "as-of", "", "read the plan as of this `DATE` (YYYY-MM-DD), replacing the plan's as_of: meetings that start before it are past and never chosen; without it, any meeting where the guide's conditions hold may be chosen, even one before the start date")
	fs.StringVar(&o.RuleSet, "ruleset", "", "rule `set`: "+strings.Join(rules.Names(), " or ")+" (default: the plan's, else "+rules.Default+")")
	fs.StringVar(&o.Scenarios, "scenario", "", "scenario `ID` to show (text, ics and csv default to best; json to all); \"all\" for every scenario")
	site := fs.String("site", "", "the site's `ADDRESS` (e.g. https://example.org/): calendar events link to the plan in its planner")
	overrides := planOverrides{}
	fs.Var(overrides, "set", "override a rule's duration, `RULE=DURATION` (e.g. cd-ballot=4m, fdis-ballot=8w); repeatable")
	listRules := fs.Bool("rules", false, "list the rules of the rule set with their values and clauses, and exit")
	files, code, ok := parseAnyOrder(fs, args)
	if !ok {
		return code
	}
	if _, ok := formats[o.Format]; !ok {
		safePrintf(stderr, "commontext plan: --format: unknown format %q (want %s)\n", o.Format, strings.Join(formats.Names(), ", "))
		return 2
	}
	if *listRules {
		return planPrintRules(o.RuleSet, stdout, stderr)
	}
	if len(files) > 1 {
		fmt.Fprintf(stderr, "commontext plan: want one plan file, got %d: %s\n", len(files), strings.Join(files, " "))
		return 2
	}
	name, data, code := planRead(ctx, files, stdin, stderr)
	if code != 0 {
		return code
	}
	o.IDs, o.Overrides, o.OverrideSource, o.Now = export.RandomID, overrides, "flag", planStamp()
	if *site != "" {
		o.Planner = export.PlannerAt(*site)
	}
	res, err := formats.Run(data, o)
	if res.NewID {
		fmt.Fprintf(stderr, "commontext plan: %s has no \"id\"; add \"id\": %q to it so that calendar events keep their identity\n", name, res.Plan.ID.String())
	}
	if err != nil {
		return planReportErrors(stderr, name, err)
	}
	if _, err := stdout.Write(res.Output); err != nil {
		fmt.Fprintf(stderr, "commontext plan: %v\n", err)
		return 1
	}
	if errs := res.Schedule.Errors(); len(errs) > 0 {
		fmt.Fprintf(stderr, "commontext plan: %s: the schedule breaks %d rule(s) of the guide:\n", name, len(errs))
		for _, v := range errs {
			safePrintf(stderr, "  %s: %s\n", v.Scenario, v.Message)
		}
		return 3
	}
	return 0
}

// planRead reads the plan file named (standard input for none or "-"),
// returning its name for messages; a status other than 0 means it could
// not be read and the reason is printed.
func planRead(ctx context.Context, files []string, stdin io.Reader, stderr io.Writer) (string, []byte, int) {
	name, in := "-", stdin
	if len(files) == 1 && files[0] != "-" {
		name = files[0]
		f, err := os.Open(name)
		if err != nil {
			safePrintf(stderr, "commontext plan: %v\n", err)
			return name, nil, 1
		}
		defer f.Close()
		// A file's size is known before reading it: a larger one is not
		// read at all (standard input is read up to the limit).
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > plan.MaxSize {
			safePrintf(stderr, "commontext plan: %s: The plan is larger than the %d KiB limit (the file is %d KiB)\n", name, plan.MaxSize>>10, fi.Size()>>10)
			return name, nil, 2
		}
		in = f
	}
	if name == "-" {
		name = "stdin"
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "commontext plan: %v\n", err)
		return name, nil, 1
	}
	// A file that cannot be read (a directory, an I/O error) exits 1, as
	// the usage says; only what is read is judged as a plan (exit 2).
	data, err := io.ReadAll(io.LimitReader(in, plan.MaxSize+1))
	if err != nil {
		safePrintf(stderr, "commontext plan: reading %s: %v\n", name, err)
		return name, nil, 1
	}
	return name, data, 0
}

// planReportErrors prints the front door's error, one line per problem,
// and returns the exit status: 2 for a bad option or plan, 1 for a plan
// that cannot be scheduled.
func planReportErrors(stderr io.Writer, name string, err error) int {
	var e *export.Error
	if !errors.As(err, &e) {
		safePrintf(stderr, "commontext plan: %s: %v\n", name, err)
		return 1
	}
	for _, p := range e.Problems {
		switch {
		case e.Fault == export.BadOption:
			safePrintf(stderr, "commontext plan: --%s: %s\n", p.Field, p.Message)
		case p.Field == "":
			safePrintf(stderr, "commontext plan: %s: %s\n", name, p.Message)
		default:
			safePrintf(stderr, "commontext plan: %s: %s: %s\n", name, p.Field, p.Message)
		}
	}
	if e.Fault == export.Unschedulable {
		return 1
	}
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
