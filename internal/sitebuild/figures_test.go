package sitebuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewFigureJustWorks: a new data/figures/<num>.yaml is drawn where the
// one guidefigure shortcode looks for every figure, with no partial to add.
func TestNewFigureJustWorks(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data", "figures")
	gen := filepath.Join(root, genDir)
	for _, d := range []string{data, filepath.Join(gen, "figures")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := "title: \"Figure 8, new\"\ndesc: \"One box.\"\ncols: [312]\nnodes: [{id: a, row: 1, text: \"Only box\"}]\n"
	if err := os.WriteFile(filepath.Join(data, "8.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := drawFigures(root, gen); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(gen, "figures", "8.html"))
	if err != nil || !strings.Contains(string(b), `aria-labelledby="figure-8-svg-title figure-8-svg-desc"`) {
		t.Fatalf("gen/figures/8.html: %v %.200s", err, b)
	}
	sc, err := os.ReadFile("../../layouts/_shortcodes/guidefigure.html")
	if err != nil || !strings.Contains(string(sc), `resources.Get (printf "gen/figures/%s.html" $num)`) {
		t.Errorf("the guidefigure shortcode does not read gen/figures/<num>.html (%v)", err)
	}
	if old, _ := filepath.Glob("../../layouts/_partials/figures/*"); len(old) > 0 {
		t.Errorf("per-figure partials are back: %v", old)
	}
}

// TestGeneratedFollowsDeletes: what was generated from a figure or an
// example that is deleted goes with it, without `make clean`; the
// engine-drawn figures and other files stay.
func TestGeneratedFollowsDeletes(t *testing.T) {
	root := t.TempDir()
	gen := filepath.Join(root, genDir)
	for _, d := range []string{"data/figures", "examples", genDir + "/figures", genDir + "/planner/presets"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, path), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{ExamplePlan, Figure5a, Figure5b} {
		b, err := os.ReadFile(filepath.Join("../..", f))
		if err != nil {
			t.Fatal(err)
		}
		write(f, string(b))
	}
	write("data/figures/8.yaml", "title: \"Figure 8\"\ndesc: \"One box.\"\ncols: [312]\nnodes: [{id: a, row: 1, text: \"Box\"}]\n")
	write("examples/extra.json", "{}")
	write(genDir+"/figures/README.txt", "not generated from a figure")
	draw := func() {
		t.Helper()
		if err := drawFigures(root, gen); err != nil {
			t.Fatal(err)
		}
		if err := drawExamples(root, gen); err != nil {
			t.Fatal(err)
		}
	}
	exists := func(path string) bool {
		_, err := os.Stat(filepath.Join(gen, path))
		return err == nil
	}
	draw()
	if !exists("figures/8.html") || !exists("planner/presets/extra.json") {
		t.Fatal("figure 8 or the extra preset was not generated")
	}
	os.Remove(filepath.Join(root, "data/figures/8.yaml"))
	os.Remove(filepath.Join(root, "examples/extra.json"))
	draw()
	for path, want := range map[string]bool{
		"figures/8.html":                             false,
		"planner/presets/extra.json":                 false,
		"figures/5a.html":                            true,
		"figures/5b.html":                            true,
		"figures/README.txt":                         true,
		"planner/presets/" + filepath.Base(Figure5a): true,
	} {
		if got := exists(path); got != want {
			t.Errorf("%s exists: %v, want %v", path, got, want)
		}
	}
}
