// Package exampletest plans the example files of examples/ for tests, so
// that the engine's packages test against the same plans, read the same
// way, wherever the test runs from.
package exampletest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// Path returns the path of the example file name (e.g. "is-ct-aap.json").
func Path(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", name)
}

// Schedule reads the example name, lets edit change its JSON (when edit is
// not nil), and plans it with the default options. Any error fails t.
func Schedule(t testing.TB, name string, edit func(map[string]any)) *schedule.Schedule {
	t.Helper()
	b, err := os.ReadFile(Path(name))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		if b, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
