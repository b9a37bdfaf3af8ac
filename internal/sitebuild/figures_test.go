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
