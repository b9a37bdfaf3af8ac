package figure

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/svgdraw"
)

const dataDir = "../../data/figures"

func load(t testing.TB) map[string]*Figure {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dataDir, "*.yaml"))
	if err != nil || len(files) < 8 {
		t.Fatalf("data/figures: %v (%d files)", err, len(files))
	}
	out := map[string]*Figure{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out[strings.TrimSuffix(filepath.Base(file), ".yaml")] = f
	}
	return out
}

// TestDraw: every figure draws as well-formed SVG followed by its text
// description, with one list item per box, and twice the same bytes.
func TestDraw(t *testing.T) {
	for num, f := range load(t) {
		id := "figure-" + num
		h1, err := HTML(num, id, f)
		if err != nil {
			t.Fatalf("figure %s: %v", num, err)
		}
		h2, _ := HTML(num, id, f)
		if h1 != h2 {
			t.Errorf("figure %s: two drawings differ", num)
		}
		svg, rest, ok := strings.Cut(h1, "</svg>")
		if !ok {
			t.Fatalf("figure %s: no </svg>", num)
		}
		svg += "</svg>"
		dec := xml.NewDecoder(strings.NewReader(svg))
		dec.Strict = true
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("figure %s: SVG: %v", num, err)
				}
				break
			}
		}
		if got := strings.Count(svg, `<g class="fig-node`); got != len(f.Nodes) {
			t.Errorf("figure %s: %d boxes drawn, want %d", num, got, len(f.Nodes))
		}
		if got := strings.Count(rest, "<li>") - len(f.Groups); got < len(f.Nodes) {
			t.Errorf("figure %s: %d boxes described, want %d", num, got, len(f.Nodes))
		}
		for _, want := range []string{`id="` + id + `-svg-title"`, `id="` + id + `-svg-desc"`, `aria-labelledby="` + id + `-svg-title ` + id + `-svg-desc"`} {
			if !strings.Contains(svg, want) {
				t.Errorf("figure %s: no %s", num, want)
			}
		}
	}
}

// TestNoArrowThroughLabels: no arrow runs through a band's label, a box's
// text or another arrow's label (issue 13: in Figure 7 the arrows to the
// maintenance boxes crossed "Maintenance (8.11, 8.12)").
func TestNoArrowThroughLabels(t *testing.T) {
	for num, f := range load(t) {
		d, err := layout(num, f)
		if err != nil {
			t.Fatalf("figure %s: %v", num, err)
		}
		type label struct {
			what string
			box  svgdraw.Rect
			own  int // the arrow a label belongs to, or -1
		}
		var labels []label
		for _, bd := range d.bands {
			labels = append(labels, label{"band label " + bd.label.s, bd.label.box, -1})
		}
		for _, b := range d.boxes {
			for _, tx := range b.textLines("left") {
				labels = append(labels, label{"text " + tx.s, tx.box, -1})
			}
		}
		for i, l := range d.links {
			if l.label != nil {
				labels = append(labels, label{"arrow label " + l.label.s, l.label.box, i})
			}
		}
		for i, l := range d.links {
			for j := 1; j < len(l.route); j++ {
				for _, lb := range labels {
					if lb.own != i && lb.box.Crosses(l.route[j-1], l.route[j]) {
						t.Errorf("figure %s: the arrow %s → %s runs through the %s", num, l.From, l.To, lb.what)
					}
				}
			}
		}
	}
}

// TestNewFigure: a new data file is a new figure (no template to add).
func TestNewFigure(t *testing.T) {
	dir := t.TempDir()
	src := []byte(`title: "A new figure for the test"
desc: "Two boxes, one arrow from the first to the second."
cols: [312]
nodes:
  - {id: a, row: 1, text: "First"}
  - {id: b, row: 2, text: "Second"}
edges:
  - {from: a, to: b}
`)
	if err := os.WriteFile(filepath.Join(dir, "8.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	all, err := All(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := all["8"]
	if !strings.Contains(h, `class="fig fig-8"`) || !strings.Contains(h, "First. Next: Second.") {
		t.Errorf("figure 8: %s", h)
	}
}

// TestErrorsNameTheField: mistakes in a figure's source say where.
func TestErrorsNameTheField(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"title: x\ncols: [100]\nnodes: [{id: a, row: 1, txt: A}]\n", "txt"},
		{"title: x\ncols: [100]\nnodes: [{id: a, row: 1, text: A}]\nedges: [{from: a, to: b}]\n", "a → b"},
		{"title: x\ncols: [400]\nnodes: [{id: a, row: 1, text: A}]\n", "wider than the figure"},
		{"title: x\ncols: [100]\nnodes: [{id: a, row: 1, col: 2, text: A}]\n", "box a"},
	} {
		f, err := Parse([]byte(c.src))
		if err == nil {
			_, err = HTML("9", "figure-9", f)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one naming %q", c.src, err, c.want)
		}
	}
}

// BenchmarkAll measures drawing every figure of the guide.
func BenchmarkAll(b *testing.B) {
	var size int
	for b.Loop() {
		all, err := All(dataDir)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, h := range all {
			svg, _, _ := strings.Cut(h, "</svg>")
			size += len(svg) + len("</svg>")
		}
	}
	b.ReportMetric(float64(size), "svg-bytes")
}

// BenchmarkDraw measures laying out and drawing every figure, parsed once.
func BenchmarkDraw(b *testing.B) {
	figs := load(b)
	for b.Loop() {
		for num, f := range figs {
			if _, err := HTML(num, "figure-"+num, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
