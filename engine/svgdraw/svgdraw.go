// Package svgdraw holds the drawing primitives that the engine's timeline
// and the guide's figures share: coordinates written the same way, text
// escaped and measured the same way, and the geometry that lets a layout
// prove that no line crosses a label.
//
// Text is measured from an average glyph width rather than from a font, so
// that a layout is the same on every machine and in the WebAssembly build;
// the averages suit the wide system fonts of a bare Linux machine (DejaVu
// Sans), so a label measured here fits in the browser too.
package svgdraw

import (
	"math"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/internal/markup"
)

// Num formats a coordinate with at most one decimal, without a trailing
// ".0": short, and the same bytes on every run.
func Num(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// Esc escapes text for an element's content or an attribute's value.
func Esc(s string) string { return markup.Escape(s) }

// Average glyph widths, as a fraction of the font size.
const (
	Bold    = 0.64 // bold text (the figures' box labels)
	Regular = 0.57 // regular text
	Digits  = 0.58 // dates and numbers
)

// Width is the estimated width of s at the font size, with glyphs avg
// (Bold, Regular, Digits) wide on average.
func Width(s string, size, avg float64) float64 {
	return float64(len([]rune(s))) * size * avg
}

// Wrap breaks text into lines of at most max characters, at spaces (a
// no-break space keeps two words together); "\n" forces a break. A word
// longer than max stands on a line of its own.
func Wrap(text string, max int) []string {
	if max < 4 {
		max = 4
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		cur := ""
		for _, w := range strings.Split(para, " ") {
			switch {
			case w == "":
			case cur == "":
				cur = w
			case len([]rune(cur))+1+len([]rune(w)) <= max:
				cur += " " + w
			default:
				lines = append(lines, cur)
				cur = w
			}
		}
		lines = append(lines, cur)
	}
	return lines
}

// Rect is an axis-aligned box in user units.
type Rect struct{ X, Y, W, H float64 }

// TextBox is the box a line of text occupies: x and y as written in the
// <text> element (y is the baseline), its anchor ("start", "middle",
// "end") and width, and the font size.
func TextBox(x, y float64, anchor string, w, size float64) Rect {
	switch anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return Rect{X: x, Y: y - size*0.8, W: w, H: size}
}

// Overlaps reports whether two boxes share more than a touching edge.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// Point is a point in user units.
type Point struct{ X, Y float64 }

// Crosses reports whether the segment a–b passes through the inside of r
// (Liang–Barsky clipping; touching an edge does not count).
func (r Rect) Crosses(a, b Point) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	const eps = 1e-9
	for _, c := range [4][2]float64{
		{-dx, a.X - r.X}, {dx, r.X + r.W - a.X},
		{-dy, a.Y - r.Y}, {dy, r.Y + r.H - a.Y},
	} {
		p, q := c[0], c[1]
		if math.Abs(p) < eps {
			if q <= eps {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 >= t1-eps {
			return false
		}
	}
	return true
}
