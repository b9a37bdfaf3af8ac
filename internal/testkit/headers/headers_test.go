package headers

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/guide/x/", true},
		{"/", "/", true},
		{"/", "/guide/", false},
		{"/guide/*", "/guide/", true},
		{"/guide/*", "/guide/collaborative-team/", true},
		{"/guide/*", "/glossary/", false},
		{"/wasm/*.wasm", "/wasm/planner.abc.wasm", true},
		{"/wasm/*.wasm", "/wasm/wasm_exec.js", false},
		{"/index.html", "/index.html", true},
	} {
		if got := Match(c.pattern, c.path); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func TestParseAndFor(t *testing.T) {
	rules, err := Parse(strings.NewReader("# comment\n/*\n  X-A: 1\n\n/guide/*\n  Cache-Control: short\n  X-A: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := For(rules, "/guide/x/")
	if h.Get("X-A") != "1, 2" || h.Get("Cache-Control") != "short" {
		t.Errorf("For = %v", h)
	}
	if h := For(rules, "/other"); h.Get("Cache-Control") != "" || h.Get("X-A") != "1" {
		t.Errorf("For(/other) = %v", h)
	}
	for _, bad := range []string{"  X-A: 1\n", "guide/*\n", "/*\n  no colon\n"} {
		if _, err := Parse(strings.NewReader(bad)); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}
