package sitebuild

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

var stamped = regexp.MustCompile(`const VERSION = '([0-9a-f]+)'`)

// TestWriteOffline: the service worker's version is a hash of the site's
// files, so it changes when any file changes and only then; offline.json
// lists every file a reader requests, pages by their folder.
func TestWriteOffline(t *testing.T) {
	sw, err := os.ReadFile("../../static/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	build := func(files map[string]string) (version string, list []string) {
		t.Helper()
		dir := t.TempDir()
		files["sw.js"] = string(sw)
		for name, body := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := writeOffline(dir); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "sw.js"))
		m := stamped.FindSubmatch(b)
		if m == nil {
			t.Fatalf("sw.js not stamped: %.200s", b)
		}
		j, _ := os.ReadFile(filepath.Join(dir, "offline.json"))
		if err := json.Unmarshal(j, &list); err != nil {
			t.Fatal(err)
		}
		return string(m[1]), list
	}
	site := func(page string) map[string]string {
		return map[string]string{
			"index.html": "home", "guide/x/index.html": page, "css/site.1.css": "css",
			"guide/x/index.html.gz": "gz", "_headers": "h", ".assetsignore": "a", "sitemap.xml": "s",
			"wasm/planner.wasm": "wasm",
		}
	}
	v1, list := build(site("one"))
	v1again, _ := build(site("one"))
	v2, _ := build(site("two"))
	if v1 != v1again {
		t.Errorf("same files, different versions %s and %s", v1, v1again)
	}
	if v1 == v2 {
		t.Errorf("a page changed and the version did not (%s)", v1)
	}
	want := []string{"css/site.1.css", "guide/x/", "", "wasm/planner.wasm"} // sorted by file: index.html after guide/
	if !slices.Equal(list, want) {
		t.Errorf("offline.json = %q, want %q", list, want)
	}
}
