// Package figure draws the guide's box-and-arrow figures from their source,
// data/figures/<num>.yaml (the format is in docs/figures.md): boxes on a
// grid of columns and rows, arrows between them, optional bands (phases),
// lanes (ITU-T | JTC 1) and time spans. Each figure becomes an inline SVG,
// coloured by the page's stylesheet (light, dark, print), followed by a
// text description built from the same source, so the drawing and its text
// cannot disagree.
//
// The build (internal/sitebuild) writes every figure to
// assets/gen/figures/<num>.html, where the guidefigure shortcode finds it:
// a new data file is a new figure, with no template to add.
package figure

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

// Figure is the source of one figure, as the editors write it.
type Figure struct {
	Title     string             `yaml:"title"`     // the SVG's <title>
	Desc      string             `yaml:"desc"`      // the SVG's <desc>
	Intro     string             `yaml:"intro"`     // a sentence before the text description
	Outro     string             `yaml:"outro"`     // a sentence after it
	Legend    string             `yaml:"legend"`    // small text under the drawing
	Verb      string             `yaml:"verb"`      // before the arrows' targets in the text ("Next")
	List      string             `yaml:"list"`      // "ol" (default) or "ul"
	Align     string             `yaml:"align"`     // "center" (default) or "left"
	JointName string             `yaml:"jointname"` // the lane name of joint boxes in the text
	Width     float64            `yaml:"width"`     // the viewBox width (default 320)
	Gap       float64            `yaml:"gap"`       // between rows (default 22)
	RowGap    map[string]float64 `yaml:"rowgap"`    // after a given row, instead of Gap
	Cols      []float64          `yaml:"cols"`
	Lanes     []Lane             `yaml:"lanes"`
	Groups    []Group            `yaml:"groups"`
	Nodes     []Node             `yaml:"nodes"`
	Edges     []Edge             `yaml:"edges"`
	Spans     []Span             `yaml:"spans"`
}

// Lane is a column heading, e.g. ITU-T | JTC 1.
type Lane struct {
	Key   string `yaml:"key"`
	Label string `yaml:"label"`
	Col   int    `yaml:"col"`
	Span  int    `yaml:"span"`
}

// Group is a labelled band around rows From to To (a phase).
type Group struct {
	Label string `yaml:"label"`
	From  int    `yaml:"from"`
	To    int    `yaml:"to"`
	Col   *int   `yaml:"col"` // with Span: the band covers these columns only
	Span  int    `yaml:"span"`
}

// Node is a box.
type Node struct {
	ID    string   `yaml:"id"`
	Row   int      `yaml:"row"` // from 1
	Col   int      `yaml:"col"` // from 0
	Span  int      `yaml:"span"`
	Num   string   `yaml:"num"`  // a step number, drawn in a disc
	Kind  string   `yaml:"kind"` // box, decision, end, period, stack, dashed, note
	Lane  string   `yaml:"lane"` // itu, jtc1 or joint
	Text  string   `yaml:"text"`
	Sub   string   `yaml:"sub"`
	Align string   `yaml:"align"`
	Ref   string   `yaml:"ref"` // how the text description names it as a target
	Say   string   `yaml:"say"` // a sentence added to its text description
	Fit   bool     `yaml:"fit"`
	W     *float64 `yaml:"w"`
}

// Edge is an arrow.
type Edge struct {
	From    string   `yaml:"from"`
	To      string   `yaml:"to"`
	FS      string   `yaml:"fs"` // side it leaves: n, s, e, w
	TS      string   `yaml:"ts"` // side it enters
	FF      *float64 `yaml:"ff"` // where along the side it leaves (0 to 1)
	TF      *float64 `yaml:"tf"`
	X       *float64 `yaml:"x"` // the vertical run of an e→e or w→w route
	Y       *float64 `yaml:"y"` // the horizontal run of an n/s route
	Bend    string   `yaml:"bend"`
	Label   string   `yaml:"label"`
	LPos    string   `yaml:"lpos"` // the label by the "start" (default) or "end"
	LDX     float64  `yaml:"ldx"`
	LDY     float64  `yaml:"ldy"`
	LAnchor string   `yaml:"lanchor"`
	Both    bool     `yaml:"both"`
	Dashed  bool     `yaml:"dashed"`
	Say     string   `yaml:"say"`
	Quiet   bool     `yaml:"quiet"`
}

// Span is a time bracket beside the boxes it spans.
type Span struct {
	From  string  `yaml:"from"`
	To    string  `yaml:"to"`
	FS    string  `yaml:"fs"` // n (top of From, default) or s
	TS    string  `yaml:"ts"`
	X     float64 `yaml:"x"`
	Label string  `yaml:"label"`
}

// Parse reads a figure's source. Unknown keys are errors, so that a typo
// in an editor's file does not silently drop a setting.
func Parse(b []byte) (*Figure, error) {
	var f Figure
	if err := yaml.UnmarshalWithOptions(b, &f, yaml.DisallowUnknownField()); err != nil {
		return nil, err
	}
	return &f, nil
}

// HTML draws the figure with the anchor id ("figure-7"): the SVG, then the
// text description. Every element id is prefixed with the anchor, so that
// the print page, which holds every figure, keeps its ids unique.
func HTML(num, id string, f *Figure) (string, error) {
	l, err := layout(num, f)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	l.svg(&b, id)
	if err := describe(&b, f); err != nil {
		return "", fmt.Errorf("figure %s: %w", num, err)
	}
	return b.String(), nil
}

// All draws every figure of dir (data/figures): the figure's number (the
// file's name) → its HTML, with the anchor "figure-<num>".
func All(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	out := make(map[string]string, len(files))
	for _, file := range files {
		num := strings.TrimSuffix(filepath.Base(file), ".yaml")
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		f, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		html, err := HTML(num, "figure-"+num, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out[num] = html
	}
	return out, nil
}
