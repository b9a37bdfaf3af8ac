//go:build js && wasm

package main

import (
	"encoding/json"
	"os"
	"strings"
	"syscall/js"
	"testing"
)

// These tests run the bridge in a JavaScript runtime (Node), as the
// browser does:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/

func call(t *testing.T, o js.Value, name string, args ...any) map[string]any {
	t.Helper()
	v := o.Call(name, args...)
	if v.Type() != js.TypeString {
		t.Fatalf("%s returned a %s, want a string", name, v.Type())
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(v.String()), &out); err != nil {
		t.Fatalf("%s returned %q: %v", name, v.String(), err)
	}
	return out
}

func TestBridge(t *testing.T) {
	o := api()
	ex, err := os.ReadFile("../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	// Today is the plan's start, so that no meeting of the example lies in the past.
	r := call(t, o, "compute", string(ex), "", "2026-03-02", "/c/")
	html, _ := r["html"].(string)
	if !strings.Contains(html, `data-step="publication"`) || !strings.Contains(html, "2027-03-04") {
		t.Fatalf("compute: no publication step dated 2027-03-04 in %d bytes of HTML", len(html))
	}
	st := call(t, o, "state", string(ex))
	state, _ := st["state"].(string)
	if !strings.HasPrefix(state, "p2.") {
		t.Fatalf("compute: state %q", state)
	}
	back := call(t, o, "fromState", state)
	if back["html"] == nil {
		t.Errorf("fromState: %v", back["problems"])
	}

	ics := call(t, o, "export", string(ex), "ics")
	if text, _ := ics["text"].(string); !strings.HasPrefix(text, "BEGIN:VCALENDAR\r\n") {
		t.Errorf("export ics: %.60q", text)
	}

	// The calendar of one scenario by default; "all" on request.
	for _, c := range []struct {
		scenario string
		labelled bool
	}{{"", false}, {"fdis", false}, {"all", true}} {
		out := call(t, o, "export", string(ex), "ics", c.scenario)
		text, _ := out["text"].(string)
		if got := strings.Contains(strings.ReplaceAll(text, "\r\n ", ""), ": [Best case] "); got != c.labelled { // after the plan's short name
			t.Errorf("export ics %q: summaries name their scenario: %v, want %v", c.scenario, got, c.labelled)
		}
	}
	ov := call(t, o, "overview", "2026-06-01", "html", "", string(ex))
	if html, _ := ov["html"].(string); !strings.Contains(html, "<h3>2026-06</h3>") {
		t.Errorf("overview: %.100q", html)
	}
	pg := call(t, o, "programme", "2026-01-05", "html", "", string(ex))
	if html, _ := pg["html"].(string); !strings.Contains(html, `aria-sort="none"`) || !strings.Contains(html, "30.00") {
		t.Errorf("programme: %.200q", html)
	}
	rp := call(t, o, "report", "2026-01-05", "", "markdown", "", string(ex))
	if md, _ := rp["text"].(string); !strings.Contains(md, "| **Stage now, JTC 1** | 30.00 CD registered |") {
		t.Errorf("report: %.300q", md)
	}

	// Bad input: problems or errors, never a crash.
	for _, c := range []struct {
		name string
		args []any
		key  string
	}{
		{"compute", []any{"{not json"}, "problems"},
		{"compute", []any{42}, "error"},
		{"compute", []any{}, "error"},
		{"compute", []any{string(ex), "", "2026-02-30"}, "error"},
		{"fromState", []any{"p1.%%%"}, "problems"},
		{"fromState", []any{"p1." + strings.Repeat("A", 100)}, "problems"},
		{"export", []any{string(ex), "pdf"}, "error"},
		{"overview", []any{"2026-02-30", "html"}, "error"},
		{"overview", []any{"2026-06-01", "html", "", 42}, "error"},
		{"programme", []any{"2026-02-30", "html"}, "error"},
		{"programme", []any{"2026-06-01", "pdf", "", string(ex)}, "error"},
		{"report", []any{"2026-06-01", "", "table", "", "{not json"}, "error"},
		{"report", []any{"2026-06-01", "2026-13-01", "table", "", string(ex)}, "error"},
		{"report", []any{"2026-06-01", "", "pdf", "", string(ex)}, "error"},
	} {
		out := call(t, o, c.name, c.args...)
		if out[c.key] == nil {
			t.Errorf("%s%v: want %q, got %v", c.name, c.args, c.key, out)
		}
	}
}

// TestPanicSurvived: a panic inside a call becomes an error value, and the
// module keeps answering.
func TestPanicSurvived(t *testing.T) {
	o := api()
	for i := 0; i < 3; i++ {
		out := call(t, o, "testPanic")
		if msg, _ := out["error"].(string); !strings.Contains(msg, "internal error") {
			t.Fatalf("testPanic: %v", out)
		}
		ok := call(t, o, "compute", `{"version":1}`)
		if ok["problems"] == nil {
			t.Fatalf("after a panic, compute answered %v", ok)
		}
	}
}
