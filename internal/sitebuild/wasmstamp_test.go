package sitebuild

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWasmStamp: the stamp that lets a build skip compiling the planner
// changes with any Go file, go.mod or go.sum of the module, and with
// nothing else (the site's content, assets, output).
func TestWasmStamp(t *testing.T) {
	root := t.TempDir()
	files := []string{"go.mod", "go.sum", "wasm/main.go", "engine/x/x.go", "content/guide/01.md", "assets/gen/wasm/planner.wasm", "public/index.html", "layouts/x.go.html"}
	for _, f := range files {
		p := filepath.Join(root, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		write(t, p, "x")
	}
	stamp := func() string {
		s, err := wasmStamp(root, "/usr/local/go/bin/go")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for i, f := range files {
		before := stamp()
		later := time.Date(2030, 1, 1, 0, 0, i, 0, time.UTC)
		if err := os.Chtimes(filepath.Join(root, f), later, later); err != nil {
			t.Fatal(err)
		}
		changed := stamp() != before
		if want := i < 4; changed != want {
			t.Errorf("touching %s: stamp changed %v, want %v", f, changed, want)
		}
	}
	gen := filepath.Join(root, "assets", "gen")
	s := stamp()
	if wasmUpToDate(gen, s) {
		t.Error("up to date with no stamp written")
	}
	os.MkdirAll(filepath.Join(gen, "js"), 0o755)
	write(t, filepath.Join(gen, "js", "wasm_exec.js"), "x")
	write(t, filepath.Join(gen, "wasm", "planner.stamp"), s)
	if !wasmUpToDate(gen, s) {
		t.Error("not up to date with its stamp and files")
	}
	os.Remove(filepath.Join(gen, "wasm", "planner.wasm"))
	if wasmUpToDate(gen, s) {
		t.Error("up to date without planner.wasm")
	}
}
