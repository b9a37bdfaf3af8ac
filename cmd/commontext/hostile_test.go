package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// hostilePlan returns the example plan with s as its title and as the body
// and place of every meeting.
func hostilePlan(t *testing.T, s string) string {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["title"] = s
	for _, cal := range m["meetings"].(map[string]any) {
		for _, mt := range cal.([]any) {
			mt.(map[string]any)["body"] = s
			mt.(map[string]any)["place"] = s
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPlanTextEscapesControls: names that hold control characters or
// bidirectional overrides reach the terminal escaped, never raw (issue 12:
// NUL, BEL, ESC sequences, CR LF and U+202E were printed as they were).
func TestPlanTextEscapesControls(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"NUL", "A\x00B", `A\x00B`},
		{"BEL", "A\aB", `A\x07B`},
		{"ESC sequence", "A\x1b[2J\x1b]0;owned\aB", `A\x1b[2J\x1b]0;owned\x07B`},
		{"CR LF", "A\r\nfake line", `A\x0d\x0afake line`},
		{"tab", "A\tB", `A\x09B`},
		{"DEL and C1", "A\x7f\u009bB", `A\x7f\x9bB`},
		{"right-to-left override", "A\u202eB", `A\u202eB`},
		{"isolate", "A\u2066B\u2069", `A\u2066B\u2069`},
		{"line separator", "A\u2028B", `A\u2028B`},
		{"paragraph separator", "A\u2029B", `A\u2029B`},
		// The text \x1b and the character ESC print differently (issue 23,
		// point 10: both printed as \x1b).
		{"the text of an escape", `A\x1bB`, `A\\x1bB`},
		{"a backslash", `C:\plans`, `C:\\plans`},
		{"plain text", "Genève, CH — 会议", "Genève, CH — 会议"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runPlanT(t, hostilePlan(t, tt.in), "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, r := range out + errs {
				if r != '\n' && (unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)) {
					t.Fatalf("output holds %U raw:\n%q", r, out)
				}
			}
			if !strings.HasPrefix(out, tt.want+"\n") {
				t.Errorf("title not printed as %q:\n%.300s", tt.want, out)
			}
		})
	}
}

// TestPlanExitCodes: the exit status is the one the usage text gives: 1
// when the plan cannot be read (a missing file, a directory), 2 for a bad
// plan (issue 12: a directory exited 2).
func TestPlanExitCodes(t *testing.T) {
	if !strings.Contains(planUsage, "1 when the plan cannot be scheduled or cannot be\nread, 2 for a bad plan") {
		t.Fatalf("the usage no longer says what this test checks:\n%s", planUsage)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"version": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		arg  string
		code int
	}{
		{"a directory", dir, 1},
		{"the root directory", "/", 1},
		{"a missing file", filepath.Join(dir, "missing.json"), 1},
		{"a bad plan", bad, 2},
		{"a good plan", example, 0},
	} {
		code, _, errs := runPlanT(t, "", tt.arg)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", tt.name, code, tt.code, errs)
		}
	}
}
