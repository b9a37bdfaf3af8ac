package sitetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// BenchmarkPlannerLoadTrace records a Chrome trace (the DevTools timeline
// categories) of the planner page loading in a fresh tab with the .br
// files served, and prints what the trace says, up to
// "planner-interactive": every main-thread task over 50 ms with what it is
// made of (script evaluation of which file, function calls, style, layout,
// parsing, WebAssembly, garbage collection), and the engine's worker
// thread's long pieces. The figures say where issue 22's load blocking and
// time to interactive go. Printed, never asserted.
func BenchmarkPlannerLoadTrace(b *testing.B) {
	br := browsertest.New(b)
	origin := serveBrotli(b)
	var blocking, longTasks, interactive, requests, received []float64
	var last string
	for i := 0; i < b.N; i++ {
		tab := br.NewTab(b, origin)
		tab.FixToday("2026-01-15")
		events := traceLoad(b, tab, "/planner/")
		r := readTrace(events)
		blocking = append(blocking, r.blocking)
		longTasks = append(longTasks, float64(len(r.long)))
		interactive = append(interactive, r.interactive)
		requests = append(requests, float64(r.requests))
		received = append(received, float64(r.received))
		last = r.String()
	}
	b.Log("\n" + last)
	b.ReportMetric(median(interactive), "trace-interactive-ms")
	b.ReportMetric(median(longTasks), "long-tasks")
	b.ReportMetric(median(blocking), "trace-blocking-ms")
	b.ReportMetric(median(requests), "requests-before-interactive")
	b.ReportMetric(median(received), "bytes-before-interactive")
}

// traceLoad navigates the tab to path with tracing on (written whole to
// the file $COMMONTEXT_TRACE when set), waits for the planner to be ready,
// and returns the trace's events.

func traceLoad(b *testing.B, tab *browsertest.Tab, path string) []traceEvent {
	b.Helper()
	var raw []json.RawMessage
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range chromedp.Events(tab.Ctx, tracing.DataCollected) {
			if err != nil {
				return
			}
			for _, v := range ev.Value {
				raw = append(raw, json.RawMessage(v))
			}
		}
	}()
	complete := make(chan struct{})
	go func() {
		for _, err := range chromedp.Events(tab.Ctx, tracing.TracingComplete) {
			if err == nil {
				close(complete)
			}
			return
		}
	}()
	cats := []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "v8.wasm", "blink.user_timing", "toplevel", "loading", "__metadata"}
	if _, err := chromedp.Call(tab.Ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: cats},
	}); err != nil {
		b.Fatalf("starting the trace: %v", err)
	}
	tab.Go(path)
	tab.Wait(ready, 60*time.Second)
	if _, err := chromedp.Call(tab.Ctx, tracing.End, cdp.Empty{}); err != nil {
		b.Fatalf("ending the trace: %v", err)
	}
	select {
	case <-complete:
	case <-time.After(60 * time.Second):
		b.Fatal("the trace did not complete")
	}
	// The data events come before the completion; give the reader its turn.
	time.Sleep(200 * time.Millisecond)
	if out := os.Getenv("COMMONTEXT_TRACE"); out != "" {
		// The whole trace, for chrome://tracing or DevTools' Performance
		// panel (Load profile).
		f, err := json.Marshal(map[string]any{"traceEvents": raw})
		if err == nil {
			err = os.WriteFile(out, f, 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	var evs []traceEvent
	for _, m := range raw {
		var e traceEvent
		if json.Unmarshal(m, &e) == nil {
			evs = append(evs, e)
		}
	}
	return evs
}

// traceEvent is one event of Chrome's trace event format.
type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Ts   float64 `json:"ts"`  // µs
	Dur  float64 `json:"dur"` // µs, for complete ("X") events
	Args struct {
		Name string `json:"name"` // a thread's name, in metadata events
		Data struct {
			URL               string  `json:"url"`
			EncodedDataLength int64   `json:"encodedDataLength"`
			FunctionName      string  `json:"functionName"`
			Type              string  `json:"type"`
			FrameID           string  `json:"frame"`
			StartTime         float64 `json:"startTime"` // a performance mark's, ms from the page's time origin
		} `json:"data"`
		Mojo struct {
			Interface string `json:"mojo_interface_tag"`
		} `json:"chrome_mojo_event_info"`
		BeginData struct {
			URL string `json:"url"`
		} `json:"beginData"`
	} `json:"args"`
}

// loadTrace is what a trace says of a load.
type loadTrace struct {
	interactive float64 // ms from navigation start
	origin      float64 // the page's time origin, in the trace's µs
	blocking    float64 // main thread: sum over tasks of (duration - 50 ms), up to interactive
	long        []task  // main-thread tasks over 50 ms
	worker      []piece // the worker thread's pieces of 10 ms or more
	events      int
	requests    int   // requests sent before interactive (the page, its worker and the service worker)
	received    int64 // bytes received (as sent, compressed) before interactive
}

type task struct {
	start, dur float64 // ms
	parts      []piece
	devtools   bool // a DevTools message: the bench's own polling, not the page's work
}

type piece struct {
	start, dur float64 // ms
	what       string
	depth      int
}

// readTrace finds the renderer's main thread (CrRendererMain) and the
// worker's (DedicatedWorker thread) of the process that marked
// planner-interactive, and reads the long tasks up to that mark.
func readTrace(evs []traceEvent) loadTrace {
	var r loadTrace
	r.events = len(evs)
	threads := map[[2]int]string{}
	for _, e := range evs {
		if e.Ph == "M" && e.Name == "thread_name" {
			threads[[2]int{e.Pid, e.Tid}] = e.Args.Name
		}
	}
	// The page's time origin is read from the mark itself (its trace time
	// less its startTime): a trace holds other navigationStart events
	// (the new tab's blank page, the service worker's).
	var pid int
	var nav, inter float64
	for _, e := range evs {
		if e.Name == "planner-interactive" && e.Cat == "blink.user_timing" {
			pid, inter = e.Pid, e.Ts
			nav = e.Ts - e.Args.Data.StartTime*1000
		}
	}
	if pid == 0 {
		return r
	}
	r.interactive = (inter - nav) / 1000
	r.origin = nav
	ms := func(ts float64) float64 { return (ts - nav) / 1000 }
	main, worker := -1, -1
	for k, name := range threads {
		if k[0] != pid {
			continue
		}
		switch {
		case name == "CrRendererMain":
			main = k[1]
		case strings.HasPrefix(name, "DedicatedWorker"):
			worker = k[1]
		}
	}
	for _, e := range evs {
		if e.Pid != pid || e.Ts < nav || e.Ts > inter {
			continue
		}
		switch e.Name {
		case "ResourceSendRequest":
			r.requests++
		case "ResourceFinish":
			r.received += e.Args.Data.EncodedDataLength
		}
	}
	var onMain, onWorker []traceEvent
	for _, e := range evs {
		if e.Pid != pid || e.Ph != "X" || e.Ts < nav || e.Ts > inter {
			continue
		}
		switch e.Tid {
		case main:
			onMain = append(onMain, e)
		case worker:
			onWorker = append(onWorker, e)
		}
	}
	sortEvents(onMain)
	sortEvents(onWorker)
	end := 0.0 // of the last task counted: a task is both ThreadControllerImpl::RunTask and RunTask
	for _, e := range onMain {
		if e.Name != "RunTask" && e.Name != "ThreadControllerImpl::RunTask" || e.Dur < 50_000 || e.Ts < end {
			continue
		}
		end = e.Ts + e.Dur
		t := task{start: ms(e.Ts), dur: e.Dur / 1000}
		t.parts = taskParts(onMain, e, nav, 5)
		for _, c := range onMain {
			if c.Ts >= e.Ts && c.Ts < e.Ts+1000 && strings.Contains(c.Args.Mojo.Interface, "DevTools") {
				t.devtools = true
			}
		}
		r.long = append(r.long, t)
		if !t.devtools {
			r.blocking += t.dur - 50
		}
	}
	for _, e := range onWorker {
		if e.Dur >= 10_000 && what(e) != "" {
			r.worker = append(r.worker, piece{start: ms(e.Ts), dur: e.Dur / 1000, what: what(e)})
		}
	}
	return r
}

func sortEvents(evs []traceEvent) {
	slices.SortStableFunc(evs, func(a, b traceEvent) int { return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(b.Dur, a.Dur)) })
}

// taskParts lists the named pieces of at least minMS inside the task t, in
// order, each with its nesting depth among the pieces listed.
func taskParts(evs []traceEvent, t traceEvent, nav, minMS float64) []piece {
	var out []piece
	var open []float64 // end times of the enclosing pieces
	for _, e := range evs {
		if e.Ts < t.Ts || e.Ts+e.Dur > t.Ts+t.Dur || e.Dur < minMS*1000 {
			continue
		}
		w := what(e)
		if w == "" {
			continue
		}
		for len(open) > 0 && e.Ts >= open[len(open)-1] {
			open = open[:len(open)-1]
		}
		out = append(out, piece{start: (e.Ts - nav) / 1000, dur: e.Dur / 1000, what: w, depth: len(open)})
		open = append(open, e.Ts+e.Dur)
	}
	return out
}

// what names a trace event in the words of DevTools' performance panel,
// or returns "" for one that says nothing more than its parent.
func what(e traceEvent) string {
	file := func(u string) string {
		if i := strings.LastIndexByte(u, '/'); i >= 0 {
			u = u[i+1:]
		}
		return u
	}
	switch e.Name {
	case "EvaluateScript", "v8.evaluateModule":
		return "script evaluation " + file(e.Args.Data.URL)
	case "v8.compile", "v8.compileModule", "V8.CompileCode", "v8.produceModuleCache", "v8.produceCache":
		return "script compile " + file(e.Args.Data.URL)
	case "FunctionCall":
		return "function call " + e.Args.Data.FunctionName + " " + file(e.Args.Data.URL)
	case "EventDispatch":
		return "event " + e.Args.Data.Type
	case "TimerFire":
		return "timer"
	case "FireAnimationFrame":
		return "animation frame"
	case "RunMicrotasks", "V8.RunMicrotasks":
		return "microtasks"
	case "Layout":
		return "layout"
	case "UpdateLayoutTree", "RecalculateStyles":
		return "style"
	case "ParseHTML":
		return "parse HTML"
	case "ParseAuthorStyleSheet":
		return "parse stylesheet"
	case "Paint", "PrePaint":
		return strings.ToLower(e.Name)
	case "MajorGC", "MinorGC", "V8.GC_MARK_COMPACTOR", "V8.GCScavenger", "BlinkGC.AtomicPhase":
		return "GC " + e.Name
	case "HandlePostMessage", "v8.postMessage", "WorkerThread::PostMessage":
		return "postMessage"
	case "XHRReadyStateChange", "ResourceReceivedData":
		return ""
	}
	if strings.Contains(strings.ToLower(e.Name), "wasm") {
		return "WebAssembly " + e.Name
	}
	return ""
}

func (r loadTrace) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "trace of a fresh load (%d events): planner-interactive at %.0f ms; before it %d requests, %d bytes received; %d main-thread tasks over 50 ms, blocking %.0f ms\n", r.events, r.interactive, r.requests, r.received, len(r.long), r.blocking)
	for _, t := range r.long {
		note := ""
		if t.devtools {
			note = " (a DevTools message: the bench's polling; not counted)"
		}
		fmt.Fprintf(&sb, "task at %6.0f ms, %5.0f ms%s\n", t.start, t.dur, note)
		for _, p := range t.parts {
			fmt.Fprintf(&sb, "    %s%-60s %6.0f ms (at %.0f)\n", strings.Repeat("  ", p.depth), p.what, p.dur, p.start)
		}
	}
	sb.WriteString("worker thread, pieces of 10 ms or more:\n")
	for _, p := range r.worker {
		fmt.Fprintf(&sb, "    %-62s %6.0f ms (at %.0f)\n", p.what, p.dur, p.start)
	}
	return sb.String()
}

// BenchmarkPlannerReloadTrace traces the planner opened a second time in
// the same tab (the HTTP cache warm, as BenchmarkPlannerBrowser measures
// it) and prints, besides the long tasks, the WebAssembly work of every
// thread by kind: a module taken from V8's code cache shows as a
// deserialisation, one compiled again as streaming compilation and, at its
// first calls, lazy compilation of each function.
func BenchmarkPlannerReloadTrace(b *testing.B) {
	br := browsertest.New(b)
	origin := serve(b)
	tab := br.NewTab(b, origin)
	var interactive, wasmMS []float64
	var last string
	for i := 0; i < b.N; i++ {
		tab.Go("/")
		tab.Go("/planner/#preset=is-ct-aap")
		tab.Wait(ready, 30*time.Second)
		tab.Go("/")
		evs := traceLoad(b, tab, "/planner/#preset=is-ct-aap")
		r := readTrace(evs)
		interactive = append(interactive, r.interactive)
		kinds, total := wasmWork(evs, r)
		wasmMS = append(wasmMS, total)
		last = r.String() + kinds
	}
	b.Log("\n" + last)
	b.ReportMetric(median(interactive), "trace-interactive-ms")
	b.ReportMetric(median(wasmMS), "wasm-compile-ms")
}

// wasmWork sums the WebAssembly compilation events of every thread up to
// interactive, by name, counting only the outermost of nested ones.
func wasmWork(evs []traceEvent, r loadTrace) (string, float64) {
	type sum struct {
		n  int
		ms float64
	}
	by := map[string]*sum{}
	var total float64
	nav := r.origin
	end := map[int]float64{} // per thread: the end of the last event counted
	sortEvents(evs)
	for _, e := range evs {
		n := strings.ToLower(e.Name)
		if e.Ph != "X" || !strings.Contains(n, "wasm") || strings.Contains(n, "instantiate") || (e.Ts-nav)/1000 > r.interactive {
			continue
		}
		s := by[e.Name]
		if s == nil {
			s = &sum{}
			by[e.Name] = s
		}
		s.n++
		s.ms += e.Dur / 1000
		if e.Ts >= end[e.Tid] {
			total += e.Dur / 1000
			end[e.Tid] = e.Ts + e.Dur
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "WebAssembly compilation up to interactive, all threads: %.0f ms\n", total)
	for _, k := range slices.Sorted(maps.Keys(by)) {
		fmt.Fprintf(&sb, "    %-50s %4d× %7.1f ms\n", k, by[k].n, by[k].ms)
	}
	return sb.String(), total
}

// TestReadTrace checks the trace reader on a hand-made trace, so that the
// bench's table cannot be wrong for want of a test: the page's time origin
// from the mark, the tasks over 50 ms up to interactive, the bench's own
// DevTools polling left out of the blocking, the worker's pieces.
func TestReadTrace(t *testing.T) {
	const origin = 1_000_000.0 // µs
	ev := func(js string) traceEvent {
		var e traceEvent
		if err := json.Unmarshal([]byte(js), &e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	at := func(ms float64) string { return fmt.Sprint(origin + ms*1000) }
	evs := []traceEvent{
		ev(`{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"CrRendererMain"}}`),
		ev(`{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"DedicatedWorker thread"}}`),
		ev(`{"ph":"R","name":"navigationStart","pid":1,"tid":1,"ts":` + at(-500) + `}`), // a blank page's, ignored
		ev(`{"ph":"X","name":"RunTask","pid":1,"tid":1,"ts":` + at(100) + `,"dur":120000}`),
		ev(`{"ph":"X","name":"ThreadControllerImpl::RunTask","pid":1,"tid":1,"ts":` + at(100) + `,"dur":120000}`),
		ev(`{"ph":"X","name":"v8.evaluateModule","pid":1,"tid":1,"ts":` + at(101) + `,"dur":80000}`),
		ev(`{"ph":"X","name":"Layout","pid":1,"tid":1,"ts":` + at(185) + `,"dur":30000}`),
		ev(`{"ph":"X","name":"RunTask","pid":1,"tid":1,"ts":` + at(300) + `,"dur":40000}`), // under 50 ms
		ev(`{"ph":"X","name":"RunTask","pid":1,"tid":1,"ts":` + at(400) + `,"dur":90000}`),
		ev(`{"ph":"X","name":"Receive mojo message","pid":1,"tid":1,"ts":` + at(400) + `,"dur":1000,"args":{"chrome_mojo_event_info":{"mojo_interface_tag":"blink.mojom.DevToolsSession"}}}`),
		ev(`{"ph":"X","name":"wasm.CompileLazy","pid":1,"tid":2,"ts":` + at(450) + `,"dur":20000}`),
		ev(`{"ph":"I","name":"planner-interactive","cat":"blink.user_timing","pid":1,"tid":1,"ts":` + at(600) + `,"args":{"data":{"startTime":600}}}`),
		ev(`{"ph":"X","name":"RunTask","pid":1,"tid":1,"ts":` + at(700) + `,"dur":500000}`), // after interactive
	}
	r := readTrace(evs)
	if r.interactive != 600 || len(r.long) != 2 || r.blocking != 70 || !r.long[1].devtools || len(r.worker) != 1 {
		t.Fatalf("read %+v", r)
	}
	got := r.String()
	for _, want := range []string{"task at    100 ms,   120 ms", "script evaluation", "layout", "DevTools message", "WebAssembly wasm.CompileLazy"} {
		if !strings.Contains(got, want) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
}
