//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/planpage"
)

func main() {
	js.Global().Set("commontext", api())
	if ready := js.Global().Get("commontextReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // serve calls from JavaScript for the life of the page
}

// api builds the object the page calls. Each function returns a string:
// a JSON object, or for exports {"text": …} or {"error": …}.
func api() js.Value {
	o := js.Global().Get("Object").New()
	o.Set("compute", guard(func(args []js.Value) (string, error) {
		planJSON, err := str(args, 0, "plan")
		if err != nil {
			return "", err
		}
		opt, err := viewOptions(args, 1)
		if err != nil {
			return "", err
		}
		return planpage.Compute([]byte(planJSON), opt).JSON(), nil
	}))
	o.Set("state", guard(func(args []js.Value) (string, error) {
		planJSON, err := str(args, 0, "plan")
		if err != nil {
			return "", err
		}
		return planpage.State([]byte(planJSON)).JSON(), nil
	}))
	o.Set("fromState", guard(func(args []js.Value) (string, error) {
		state, err := str(args, 0, "state")
		if err != nil {
			return "", err
		}
		opt, err := viewOptions(args, 1)
		if err != nil {
			return "", err
		}
		return planpage.FromState(state, opt).JSON(), nil
	}))
	o.Set("export", guard(func(args []js.Value) (string, error) {
		planJSON, err := str(args, 0, "plan")
		if err != nil {
			return "", err
		}
		format, err := str(args, 1, "format")
		if err != nil {
			return "", err
		}
		scenario, planner := "", "" // optional: the scenario shown; the page's own address, for links back
		if len(args) > 2 && args[2].Type() == js.TypeString {
			scenario = args[2].String()
		}
		if len(args) > 3 && args[3].Type() == js.TypeString {
			planner = args[3].String()
		}
		text, err := planpage.ExportFor([]byte(planJSON), planpage.ExportOptions{Format: format, Scenario: scenario, Planner: planner, Now: time.Now()})
		if err != nil {
			return "", err
		}
		return planpage.Object("text", text), nil
	}))
	o.Set("importMeetings", guard(func(args []js.Value) (string, error) {
		text, err := str(args, 0, "file")
		if err != nil {
			return "", err
		}
		calendar, err := str(args, 1, "calendar")
		if err != nil {
			return "", err
		}
		return planpage.ImportMeetings([]byte(text), calendar).JSON(), nil
	}))
	// overview(today, format, scenario1, plan1, scenario2, plan2, …):
	// the coming steps of every stored plan, as "html" or "ics".
	o.Set("overview", guard(func(args []js.Value) (string, error) {
		from, err := str(args, 0, "today")
		if err != nil {
			return "", err
		}
		day, err := caldate.Parse(from)
		if err != nil {
			return "", fmt.Errorf("today: %v", err)
		}
		format, err := str(args, 1, "format")
		if err != nil {
			return "", err
		}
		var plans []planpage.Shown
		for i := 2; i+1 < len(args); i += 2 {
			sc, err := str(args, i, "scenario")
			if err != nil {
				return "", err
			}
			p, err := str(args, i+1, "plan")
			if err != nil {
				return "", err
			}
			plans = append(plans, planpage.Shown{Plan: []byte(p), Scenario: sc})
		}
		ov := planpage.NewOverview(plans, day)
		if format == "ics" {
			text, err := ov.ICS(time.Now())
			if err != nil {
				return "", err
			}
			return planpage.Object("text", text), nil
		}
		return planpage.Object("html", ov.HTML()), nil
	}))
	// programme(today, format, scenario1, plan1, …): the programme of work
	// of every stored plan as of today, as "html" (the view), "csv",
	// "markdown" or "ics" (status.Programme, planpage).
	o.Set("programme", guard(func(args []js.Value) (string, error) {
		day, format, plans, err := plansArgs(args, "today")
		if err != nil {
			return "", err
		}
		if format == "html" {
			return planpage.Object("html", planpage.ProgrammeHTML(planpage.NewProgramme(plans, day))), nil
		}
		text, err := planpage.ProgrammeExport(plans, day, format, time.Now())
		if err != nil {
			return "", err
		}
		return planpage.Object("text", text), nil
	}))
	// report(today, since, format, scenario, plan): the status report of
	// one plan, as an HTML "table" or as "markdown".
	o.Set("report", guard(func(args []js.Value) (string, error) {
		var v [5]string
		for i, name := range []string{"today", "since", "format", "scenario", "plan"} {
			s, err := str(args, i, name)
			if err != nil {
				return "", err
			}
			v[i] = s
		}
		day, err := caldate.Parse(v[0])
		if err != nil {
			return "", fmt.Errorf("today: %v", err)
		}
		var since caldate.Date
		if v[1] != "" {
			if since, err = caldate.Parse(v[1]); err != nil {
				return "", fmt.Errorf("since: %v", err)
			}
		}
		st, err := planpage.NewReport([]byte(v[4]), v[3], day, since)
		if err != nil {
			return "", err
		}
		switch v[2] {
		case "table":
			return planpage.Object("html", planpage.ReportTable(st)), nil
		case "markdown":
			return planpage.Object("text", planpage.ReportMarkdown(st)), nil
		}
		return "", fmt.Errorf("format: unknown format %q (want table or markdown)", v[2])
	}))
	// testPanic panics inside the guard, for the tests that prove the
	// module survives a panic in the engine.
	o.Set("testPanic", guard(func(args []js.Value) (string, error) {
		var s []string
		return s[len(args)+1], nil // index out of range
	}))
	// testBusy(ms) keeps the engine busy for ms milliseconds, for the
	// tests of a computation that runs long (what the page does then does
	// not depend on why the engine is slow).
	o.Set("testBusy", guard(func(args []js.Value) (string, error) {
		if len(args) < 1 || args[0].Type() != js.TypeNumber {
			return "", fmt.Errorf("ms: want a number")
		}
		for end := time.Now().Add(time.Duration(args[0].Int()) * time.Millisecond); time.Now().Before(end); {
		}
		return planpage.Object("busy", "done"), nil
	}))
	// testCrash stops the Go runtime with a fatal error (a panic in a
	// goroutine, which no guard can recover), for the tests that prove the
	// page restarts an engine that stopped.
	o.Set("testCrash", js.FuncOf(func(js.Value, []js.Value) any {
		go func() { panic("testCrash") }()
		return planpage.Object("started", "a crash")
	}))
	return o
}

// viewOptions reads the page's view settings from arguments i to i+3: the
// scenario ID, today's date, the clause-link prefix and "plan" to have the
// plan returned (each optional). Plain strings, not JSON, so that the
// bridge needs no decoder.
func viewOptions(args []js.Value, i int) (planpage.Options, error) {
	var o planpage.Options
	opt := func(j int, name string) (string, error) {
		if j >= len(args) || args[j].IsUndefined() || args[j].IsNull() {
			return "", nil
		}
		return str(args, j, name)
	}
	var err error
	if o.Scenario, err = opt(i, "scenario"); err != nil {
		return o, err
	}
	today, err := opt(i+1, "today")
	if err != nil {
		return o, err
	}
	if today != "" {
		if o.Today, err = caldate.Parse(today); err != nil {
			return o, fmt.Errorf("today: %v", err)
		}
	}
	if o.Clauses, err = opt(i+2, "clauses"); err != nil {
		return o, err
	}
	want, err := opt(i+3, "want")
	o.Plan = want == "plan"
	return o, err
}

// str returns argument i, which must be a string.
func str(args []js.Value, i int, name string) (string, error) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return "", fmt.Errorf("%s: want a string argument", name)
	}
	return args[i].String(), nil
}

// guard wraps f as a JavaScript function that returns JSON and never lets
// a panic escape.
func guard(f func(args []js.Value) (string, error)) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		defer func() {
			if r := recover(); r != nil {
				ret = planpage.Object("error", fmt.Sprintf("internal error in the planner (please report it): %v", r))
			}
		}()
		out, err := f(args)
		if err != nil {
			return planpage.Object("error", err.Error())
		}
		return out
	})
}

// plansArgs reads (day, format, scenario1, plan1, scenario2, plan2, …).
func plansArgs(args []js.Value, dayName string) (caldate.Date, string, []planpage.Shown, error) {
	from, err := str(args, 0, dayName)
	if err != nil {
		return caldate.Date{}, "", nil, err
	}
	day, err := caldate.Parse(from)
	if err != nil {
		return caldate.Date{}, "", nil, fmt.Errorf("%s: %v", dayName, err)
	}
	format, err := str(args, 1, "format")
	if err != nil {
		return caldate.Date{}, "", nil, err
	}
	var plans []planpage.Shown
	for i := 2; i+1 < len(args); i += 2 {
		sc, err := str(args, i, "scenario")
		if err != nil {
			return caldate.Date{}, "", nil, err
		}
		p, err := str(args, i+1, "plan")
		if err != nil {
			return caldate.Date{}, "", nil, err
		}
		plans = append(plans, planpage.Shown{Plan: []byte(p), Scenario: sc})
	}
	return day, format, plans, nil
}
