package figure

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/svgdraw"
)

// Metrics, in viewBox units. The font sizes are those of the site's CSS
// for svg.fig (assets/css/site.css).
const (
	margin    = 4.0
	fontSize  = 12.0 // box labels, bold
	lineH     = 15.0
	subSize   = 10.5 // the smaller text under a label, band labels
	subLineH  = 13.0
	pad       = 6.0
	badge     = 22.0 // room for a step number's disc
	bandLabel = 23.0 // room above a band's first row for its label
	bandPad   = 7.0
	arrow     = 7.0
	laneH     = 20.0
	legendH   = 18.0
	elabel    = 11.0 // arrow labels, bold
)

type column struct{ x, w float64 }

// box is a laid-out node.
type box struct {
	*Node
	x, y, w, h  float64
	lines, subs []string
	kind        string
	ind, pad    float64
	stretch     bool
}

// text is a line of text placed in the drawing, with the box it covers.
type text struct {
	class, s, anchor string
	x, y             float64
	box              svgdraw.Rect
}

// link is a laid-out arrow: the route as drawn (ends shortened under the
// arrowheads), the heads, and its label.
type link struct {
	*Edge
	route []svgdraw.Point // the full route, port to port
	draw  []svgdraw.Point
	heads [][3]svgdraw.Point
	label *text
	// lo, hi: where a straight vertical arrow could run instead (lo < hi
	// only for such an arrow, between boxes facing each other).
	lo, hi float64
}

type band struct {
	x, y, w, h float64
	label      text
}

// drawing is a figure laid out.
type drawing struct {
	num        string
	f          *Figure
	w, h       float64
	cols       []column
	boxes      map[string]*box
	lanes      []text
	bands      []band
	links      []link
	legend     *text
	rowY, rowH map[int]float64
	keep       []svgdraw.Rect // labels placed, that arrows must not cross
}

func layout(num string, f *Figure) (*drawing, error) {
	d := &drawing{num: num, f: f, w: f.Width, boxes: map[string]*box{}, rowY: map[int]float64{}, rowH: map[int]float64{}}
	if d.w == 0 {
		d.w = 320
	}
	gap := f.Gap
	if gap == 0 {
		gap = 22
	}
	align := f.Align
	if align == "" {
		align = "center"
	}
	x := margin
	for _, w := range f.Cols {
		d.cols = append(d.cols, column{x, w})
		x += w
	}
	if x+margin > d.w+0.5 {
		return nil, fmt.Errorf("figure %s: the columns %v are wider than the figure (%v)", num, f.Cols, d.w)
	}
	colSpan := func(what string, col, span int) (float64, float64, error) {
		if span == 0 {
			span = 1
		}
		if col < 0 || col+span > len(d.cols) {
			return 0, 0, fmt.Errorf("figure %s: %s: columns %d to %d, but there are %d (cols)", num, what, col, col+span-1, len(d.cols))
		}
		c0, c1 := d.cols[col], d.cols[col+span-1]
		return c0.x, c1.x + c1.w - c0.x, nil
	}
	top := margin
	if len(f.Lanes) > 0 {
		top += laneH
	}

	// Boxes: width, lines of text, natural height.
	maxRow := 0
	for i := range f.Nodes {
		n := &f.Nodes[i]
		if d.boxes[n.ID] != nil {
			return nil, fmt.Errorf("figure %s: two boxes are called %q", num, n.ID)
		}
		bx, bw, err := colSpan("box "+n.ID, n.Col, n.Span)
		if err != nil {
			return nil, err
		}
		if n.W != nil {
			bx += (bw - *n.W) / 2
			bw = *n.W
		}
		b := &box{Node: n, x: bx, w: bw, kind: n.Kind, pad: pad}
		if b.kind == "" {
			b.kind = "box"
		}
		if n.Num != "" {
			b.ind = badge
		}
		switch b.kind {
		case "decision":
			b.pad = 13
		case "stack":
			b.pad = pad + 2
		}
		avg := svgdraw.Bold
		if b.kind == "note" || b.kind == "period" {
			avg = svgdraw.Regular
		}
		inner := bw - (2*b.pad + b.ind)
		b.lines = svgdraw.Wrap(n.Text, int(inner/(fontSize*avg)))
		if n.Sub != "" {
			b.subs = svgdraw.Wrap(n.Sub, int(inner/(subSize*svgdraw.Regular)))
		}
		b.h = b.natural()
		if n.Fit || b.kind == "period" {
			long := 0.0
			for _, l := range b.lines {
				long = max(long, svgdraw.Width(l, fontSize, avg))
			}
			for _, l := range b.subs {
				long = max(long, svgdraw.Width(l, subSize, svgdraw.Regular))
			}
			fw := min(b.w, long+2*b.pad+b.ind+6)
			b.x += (b.w - fw) / 2
			b.w = fw
		}
		b.stretch = !(n.Fit || b.kind == "period" || b.kind == "note")
		d.boxes[n.ID] = b
		d.rowH[n.Row] = max(d.rowH[n.Row], b.h)
		maxRow = max(maxRow, n.Row)
	}

	// Rows: each as high as its highest box; a band gets room for its
	// label above and a margin below.
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, g := range f.Groups {
		starts[g.From], ends[g.To] = true, true
	}
	y := top
	for r := 1; r <= maxRow; r++ {
		if starts[r] {
			y += bandLabel
		}
		d.rowY[r] = y
		y += d.rowH[r]
		if ends[r] {
			y += bandPad
		}
		if r < maxRow {
			if g, ok := f.RowGap[strconv.Itoa(r)]; ok {
				y += g
			} else {
				y += gap
			}
		}
	}
	if f.Legend != "" {
		y += legendH
	}
	d.h = y + margin

	// A box fills its row unless it is fitted to its text.
	for _, b := range d.boxes {
		b.y = d.rowY[b.Row]
		if b.stretch {
			b.h = d.rowH[b.Row]
		} else {
			b.y += (d.rowH[b.Row] - b.h) / 2
		}
	}

	for _, l := range f.Lanes {
		lx, lw, err := colSpan("lane "+l.Key, l.Col, l.Span)
		if err != nil {
			return nil, err
		}
		d.lanes = append(d.lanes, place("fig-lane fig-"+l.Key, l.Label, lx+lw/2, margin+12, "middle", 13, svgdraw.Bold))
	}
	for _, g := range f.Groups {
		y1 := d.rowY[g.From] - bandLabel
		y2 := d.rowY[g.To] + d.rowH[g.To] + bandPad
		bx, bw := 1.0, d.w-2
		if g.Col != nil {
			cx, cw, err := colSpan("band "+g.Label, *g.Col, g.Span)
			if err != nil {
				return nil, err
			}
			bx, bw = cx-3, cw+6
		}
		d.bands = append(d.bands, band{x: bx, y: y1 + 3, w: bw, h: y2 - (y1 + 3)})
	}

	for i := range f.Edges {
		l, err := d.route(&f.Edges[i], gap, align)
		if err != nil {
			return nil, err
		}
		d.links = append(d.links, l)
	}
	// Band labels: by the band's top left corner, unless an arrow runs
	// through that place; then at the first place along the band's top
	// where none does, or where the arrows that do can move aside.
	for i, g := range f.Groups {
		bd := &d.bands[i]
		y := bd.y - 3 + 14
		cands := []text{
			place("fig-band-label", g.Label, bd.x+5, y, "start", subSize, svgdraw.Bold),
			place("fig-band-label", g.Label, bd.x+bd.w/2, y, "middle", subSize, svgdraw.Bold),
			place("fig-band-label", g.Label, bd.x+bd.w-5, y, "end", subSize, svgdraw.Bold),
		}
		bd.label = cands[0]
	search:
		for _, moving := range []bool{false, true} {
			for _, c := range cands {
				if d.clear(c.box, moving) {
					bd.label = c
					break search
				}
			}
		}
		d.keep = append(d.keep, bd.label.box)
	}
	if f.Legend != "" {
		t := place("fig-legend", f.Legend, d.w/2, d.h-(margin+4), "middle", subSize, svgdraw.Regular)
		d.legend = &t
	}
	return d, nil
}

// natural is a box's height from its text alone.
func (b *box) natural() float64 {
	h := 2*pad + float64(len(b.lines))*lineH + float64(len(b.subs))*subLineH
	if b.kind == "stack" {
		h += 4
	}
	if b.Num != "" {
		h = max(h, 2*pad+18)
	}
	return h
}

func place(class, s string, x, y float64, anchor string, size, avg float64) text {
	return text{class: class, s: s, x: x, y: y, anchor: anchor, box: svgdraw.TextBox(x, y, anchor, svgdraw.Width(s, size, avg), size)}
}

// clear reports whether no arrow runs through r. With move, a straight
// arrow between two boxes that face each other over a wide stretch is moved
// aside (and r then counts as clear), if its new place crosses no label
// already placed.
func (d *drawing) clear(r svgdraw.Rect, move bool) bool {
	type shift struct {
		l *link
		x float64
	}
	var shifts []shift
	for i := range d.links {
		l := &d.links[i]
		if !l.crosses(r) {
			continue
		}
		if !move || l.lo >= l.hi {
			return false
		}
		ok := false
		for _, x := range []float64{r.X - 6, r.X + r.W + 6} {
			if x < l.lo || x > l.hi {
				continue
			}
			m := l.at(x)
			if m.crosses(r) || slices.ContainsFunc(d.keep, m.crosses) {
				continue
			}
			shifts = append(shifts, shift{l, x})
			ok = true
			break
		}
		if !ok {
			return false
		}
	}
	for _, s := range shifts {
		*s.l = s.l.at(s.x)
	}
	return true
}

// crosses reports whether the arrow runs through r.
func (l *link) crosses(r svgdraw.Rect) bool {
	for i := 1; i < len(l.route); i++ {
		if r.Crosses(l.route[i-1], l.route[i]) {
			return true
		}
	}
	return false
}

// at is a straight vertical arrow moved to x.
func (l link) at(x float64) link {
	m := l
	m.route = []svgdraw.Point{{X: x, Y: l.route[0].Y}, {X: x, Y: l.route[len(l.route)-1].Y}}
	m.draw = []svgdraw.Point{{X: x, Y: l.draw[0].Y}, {X: x, Y: l.draw[len(l.draw)-1].Y}}
	m.heads = nil
	for _, h := range l.heads {
		dx := x - h[0].X
		m.heads = append(m.heads, [3]svgdraw.Point{{X: h[0].X + dx, Y: h[0].Y}, {X: h[1].X + dx, Y: h[1].Y}, {X: h[2].X + dx, Y: h[2].Y}})
	}
	if l.label != nil {
		t := place(l.label.class, l.label.s, l.label.x+x-l.route[0].X, l.label.y, l.label.anchor, elabel, svgdraw.Bold)
		m.label = &t
	}
	return m
}

// port is where an arrow leaves or enters a box: its side at fraction f
// along that side. A decision (hexagon) is entered and left at its tips.
func (b *box) port(side string, f float64) (svgdraw.Point, error) {
	x, y := b.x+b.w*f, b.y+b.h*f
	if b.kind == "decision" {
		y = b.y + b.h/2
	}
	switch side {
	case "n":
		return svgdraw.Point{X: x, Y: b.y}, nil
	case "s":
		return svgdraw.Point{X: x, Y: b.y + b.h}, nil
	case "e":
		return svgdraw.Point{X: b.x + b.w, Y: y}, nil
	case "w":
		return svgdraw.Point{X: b.x, Y: y}, nil
	}
	return svgdraw.Point{}, fmt.Errorf("unknown side %q (want n, s, e or w)", side)
}

var opposite = map[string]string{"s": "n", "n": "s", "e": "w", "w": "e"}

// route lays out an arrow. Sides default to bottom → top going down, top →
// bottom going up, side → side in one row; the arrow is straight whenever
// the two boxes face each other.
func (d *drawing) route(e *Edge, gap float64, align string) (link, error) {
	a, b := d.boxes[e.From], d.boxes[e.To]
	if a == nil || b == nil {
		return link{}, fmt.Errorf("figure %s: the arrow %s → %s names a box that does not exist", d.num, e.From, e.To)
	}
	fs, ts := sides(e, a, b)
	p1, p2, err := ports(e, a, b, fs, ts)
	if err != nil {
		return link{}, fmt.Errorf("figure %s: the arrow %s → %s: %w", d.num, e.From, e.To, err)
	}
	free := straighten(e, a, b, fs, ts, &p1, &p2)
	clean := dropRepeats(elbows(e, fs, ts, p1, p2, gap))
	l := link{Edge: e, route: clean, draw: append([]svgdraw.Point(nil), clean...)}
	if len(clean) == 2 {
		l.lo, l.hi = free[0], free[1]
	}
	l.addHeads()
	l.label = edgeLabel(e, fs, ts, p1, p2)
	return l, nil
}

// sides returns the sides of the boxes the arrow leaves (fs) and enters
// (ts): as the edge says, or bottom → top going down, top → bottom going
// up, side → side in one row.
func sides(e *Edge, a, b *box) (fs, ts string) {
	fs = e.FS
	if fs == "" {
		switch {
		case b.Row > a.Row:
			fs = "s"
		case b.Row < a.Row:
			fs = "n"
		case b.x > a.x:
			fs = "e"
		default:
			fs = "w"
		}
	}
	ts = e.TS
	if ts == "" {
		ts = opposite[fs]
	}
	return fs, ts
}

// ports returns the points where the arrow leaves a and enters b: the
// middle of the side, or the fraction of it the edge gives (FF, TF).
func ports(e *Edge, a, b *box, fs, ts string) (p1, p2 svgdraw.Point, err error) {
	ff, tf := 0.5, 0.5
	if e.FF != nil {
		ff = *e.FF
	}
	if e.TF != nil {
		tf = *e.TF
	}
	if p1, err = a.port(fs, ff); err != nil {
		return p1, p2, err
	}
	p2, err = b.port(ts, tf)
	return p1, p2, err
}

// straighten moves the ports so that the arrow runs straight when the two
// boxes face each other (above and below, or side by side) and the edge
// fixes no fraction that forbids it. It returns the span within which a
// straight vertical arrow could move (lo < hi only then).
func straighten(e *Edge, a, b *box, fs, ts string, p1, p2 *svgdraw.Point) (free [2]float64) {
	v1, v2 := vertical(fs), vertical(ts)
	switch {
	case v1 && v2 && fs != ts && e.TF == nil:
		if e.FF != nil {
			if p1.X >= b.x+8 && p1.X <= b.x+b.w-8 {
				p2.X = p1.X
			}
		} else if lo, hi := max(a.x, b.x), min(a.x+a.w, b.x+b.w); hi-lo > 20 {
			p1.X, p2.X = (lo+hi)/2, (lo+hi)/2
			free = [2]float64{lo + 10, hi - 10}
		}
	case !v1 && !v2 && fs != ts && e.TF == nil && e.FF == nil && a.kind != "decision" && b.kind != "decision":
		if lo, hi := max(a.y, b.y), min(a.y+a.h, b.y+b.h); hi-lo > 12 {
			p1.Y, p2.Y = (lo+hi)/2, (lo+hi)/2
		}
	}
	return free
}

// vertical says whether an arrow leaves or enters a box's top or bottom.
func vertical(side string) bool { return side == "n" || side == "s" }

// elbows returns the route from p1 to p2 with its corners: none for a
// straight arrow, one for an arrow that turns once (top or bottom to a
// side), two for one that doubles back through a channel gap/2 from a
// port (vertical ends), 12 units beside the boxes (side to same side) or
// where the edge says (X, Y, Bend).
func elbows(e *Edge, fs, ts string, p1, p2 svgdraw.Point, gap float64) []svgdraw.Point {
	v1, v2 := vertical(fs), vertical(ts)
	pts := []svgdraw.Point{p1}
	switch {
	case v1 && v2:
		if math.Abs(p1.X-p2.X) > 0.5 || fs == ts {
			ym := channelY(e, fs, ts, p1, p2, gap/2)
			pts = append(pts, svgdraw.Point{X: p1.X, Y: ym}, svgdraw.Point{X: p2.X, Y: ym})
		}
	case !v1 && !v2:
		if fs == ts || math.Abs(p1.Y-p2.Y) > 0.5 {
			xm := channelX(e, fs, ts, p1, p2)
			pts = append(pts, svgdraw.Point{X: xm, Y: p1.Y}, svgdraw.Point{X: xm, Y: p2.Y})
		}
	case !v1:
		pts = append(pts, svgdraw.Point{X: p2.X, Y: p1.Y})
	default:
		pts = append(pts, svgdraw.Point{X: p1.X, Y: p2.Y})
	}
	return append(pts, p2)
}

// channelY is the height of the horizontal run of an arrow between the
// tops or bottoms of two boxes: the edge's Y, or half a gap beyond the
// port the arrow bends at (the source's, or the destination's with Bend
// "dst").
func channelY(e *Edge, fs, ts string, p1, p2 svgdraw.Point, half float64) float64 {
	switch {
	case e.Y != nil:
		return *e.Y
	case fs == ts && fs == "s":
		return max(p1.Y, p2.Y) + half
	case fs == ts:
		return min(p1.Y, p2.Y) - half
	case e.Bend == "dst" && ts == "n":
		return p2.Y - half
	case e.Bend == "dst":
		return p2.Y + half
	case fs == "s":
		return p1.Y + half
	default:
		return p1.Y - half
	}
}

// channelX is the position of the vertical run of an arrow between the
// sides of two boxes: the edge's X, 12 units beyond both for an arrow
// that leaves and enters the same side, else half way.
func channelX(e *Edge, fs, ts string, p1, p2 svgdraw.Point) float64 {
	switch {
	case e.X != nil:
		return *e.X
	case fs == ts && fs == "e":
		return max(p1.X, p2.X) + 12
	case fs == ts:
		return min(p1.X, p2.X) - 12
	}
	return (p1.X + p2.X) / 2
}

// dropRepeats removes points within half a unit of the one before.
func dropRepeats(pts []svgdraw.Point) []svgdraw.Point {
	var clean []svgdraw.Point
	for _, p := range pts {
		if n := len(clean); n > 0 && math.Abs(p.X-clean[n-1].X)+math.Abs(p.Y-clean[n-1].Y) <= 0.5 {
			continue
		}
		clean = append(clean, p)
	}
	return clean
}

// addHeads puts an arrowhead at the end of the route (and at its start
// for a two-way arrow) and shortens the drawn line under it.
func (l *link) addHeads() {
	last := len(l.route) - 1
	heads := [][2]int{{last, last - 1}}
	if l.Both {
		heads = append(heads, [2]int{0, 1})
	}
	for _, h := range heads {
		tip, prev := l.route[h[0]], l.route[h[1]]
		dx, dy := sign(tip.X-prev.X), sign(tip.Y-prev.Y)
		base := svgdraw.Point{X: tip.X - dx*arrow, Y: tip.Y - dy*arrow}
		l.heads = append(l.heads, [3]svgdraw.Point{tip,
			{X: base.X + dy*3.6, Y: base.Y + dx*3.6}, {X: base.X - dy*3.6, Y: base.Y - dx*3.6}})
		l.draw[h[0]] = base
	}
}

// edgeLabel places the arrow's label, if it has one, beside the port it
// leaves from (or enters, with LPos "end"), offset by LDX and LDY.
func edgeLabel(e *Edge, fs, ts string, p1, p2 svgdraw.Point) *text {
	if e.Label == "" {
		return nil
	}
	lx, ly, side := p1.X, p1.Y, fs
	if e.LPos == "end" {
		lx, ly, side = p2.X, p2.Y, ts
	}
	anchor := "start"
	switch side {
	case "s":
		lx, ly = lx+4, ly+11
	case "n":
		lx, ly = lx+4, ly-4
	case "e":
		lx, ly = lx+3, ly-4
	default:
		lx, ly, anchor = lx-3, ly-4, "end"
	}
	if e.LAnchor != "" {
		anchor = e.LAnchor
	}
	t := place("fig-elabel", e.Label, lx+e.LDX, ly+e.LDY, anchor, elabel, svgdraw.Bold)
	return &t
}

func sign(v float64) float64 {
	switch {
	case v > 0.1:
		return 1
	case v < -0.1:
		return -1
	}
	return 0
}

// textLines are the lines of text of the boxes, placed.
func (b *box) textLines(align string) []text {
	x, y, w, h := b.x, b.y, b.w, b.h
	if b.kind == "stack" {
		y, w, h = y+4, w-4, h-4
	}
	ch := float64(len(b.lines))*lineH + float64(len(b.subs))*subLineH
	ty := y + (h-ch)/2
	tx, anchor := x+b.pad+b.ind, "start"
	a := b.Align
	if a == "" {
		a = align
	}
	if a == "center" || b.kind == "period" || b.kind == "end" {
		tx, anchor = x+b.ind+(w-b.ind)/2, "middle"
	}
	avg := svgdraw.Bold
	if b.kind == "note" || b.kind == "period" {
		avg = svgdraw.Regular
	}
	var out []text
	for i, l := range b.lines {
		out = append(out, place("fig-t", l, tx, ty+float64(i)*lineH+11.2, anchor, fontSize, avg))
	}
	ty += float64(len(b.lines)) * lineH
	for i, l := range b.subs {
		out = append(out, place("fig-s", l, tx, ty+float64(i)*subLineH+9.8, anchor, subSize, svgdraw.Regular))
	}
	return out
}

func (t text) write(b *bytes.Buffer) {
	fmt.Fprintf(b, `<text class="%s" x="%s" y="%s"`, t.class, n(t.x), n(t.y))
	if t.anchor != "start" {
		fmt.Fprintf(b, ` text-anchor="%s"`, t.anchor)
	}
	fmt.Fprintf(b, ">%s</text>", svgdraw.Esc(t.s))
}

var n = svgdraw.Num

func points(ps ...svgdraw.Point) string {
	var s []string
	for _, p := range ps {
		s = append(s, n(p.X)+","+n(p.Y))
	}
	return strings.Join(s, " ")
}

// svg writes the drawing.
func (d *drawing) svg(b *bytes.Buffer, id string) {
	f := d.f
	align := f.Align
	if align == "" {
		align = "center"
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="fig fig-%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-svg-title %s-svg-desc" font-size="12">`,
		svgdraw.Esc(d.num), n(d.w), n(d.h), n(d.w), n(d.h), id, id)
	fmt.Fprintf(b, "\n<title id=\"%s-svg-title\">%s</title>\n<desc id=\"%s-svg-desc\">%s</desc>", id, svgdraw.Esc(f.Title), id, svgdraw.Esc(f.Desc))
	for _, t := range d.lanes {
		b.WriteString("\n")
		t.write(b)
	}
	for _, bd := range d.bands {
		fmt.Fprintf(b, "\n<rect class=\"fig-band\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"5\"/>", n(bd.x), n(bd.y), n(bd.w), n(bd.h))
	}
	for i := range f.Nodes {
		bx := d.boxes[f.Nodes[i].ID]
		d.node(b, bx, align)
	}
	for _, l := range d.links {
		cls := "fig-link"
		if l.Dashed {
			cls += " fig-dashed"
		}
		fmt.Fprintf(b, "\n<g class=\"%s\"><path d=\"", cls)
		for i, p := range l.draw {
			if i == 0 {
				b.WriteString("M")
			} else {
				b.WriteString("L")
			}
			b.WriteString(n(p.X) + " " + n(p.Y))
		}
		b.WriteString(`"/>`)
		for _, h := range l.heads {
			fmt.Fprintf(b, `<polygon points="%s"/>`, points(h[:]...))
		}
		if l.label != nil {
			b.WriteString("\n")
			l.label.write(b)
		}
		b.WriteString("\n</g>")
	}
	// Band labels last, over the arrows that pass by them.
	for _, bd := range d.bands {
		b.WriteString("\n")
		bd.label.write(b)
	}
	for _, s := range f.Spans {
		a, c := d.boxes[s.From], d.boxes[s.To]
		if a == nil || c == nil {
			continue // checked in describe
		}
		y1, y2 := a.y, c.y
		if s.FS == "s" {
			y1 = a.y + a.h
		}
		if s.TS == "s" {
			y2 = c.y + c.h
		}
		ym := (y1 + y2) / 2
		fmt.Fprintf(b, "\n<g class=\"fig-span\"><path d=\"M%s %sH%sV%sH%s\"/><text transform=\"rotate(-90 %s %s)\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text></g>",
			n(s.X+4), n(y1), n(s.X), n(y2), n(s.X+4), n(s.X-4), n(ym), n(s.X-4), n(ym), svgdraw.Esc(s.Label))
	}
	if d.legend != nil {
		b.WriteString("\n")
		d.legend.write(b)
	}
	b.WriteString("\n</svg>")
}

func (d *drawing) node(b *bytes.Buffer, g *box, align string) {
	fmt.Fprintf(b, "\n<g class=\"fig-node fig-%s", g.kind)
	if g.Lane != "" {
		b.WriteString(" fig-" + svgdraw.Esc(g.Lane))
	}
	b.WriteString(`">`)
	x, y, w, h := g.x, g.y, g.w, g.h
	rect := func(cls string, x, y, w, h, rx float64) {
		b.WriteString("\n<rect ")
		if cls != "" {
			fmt.Fprintf(b, `class="%s" `, cls)
		}
		fmt.Fprintf(b, `x="%s" y="%s" width="%s" height="%s" rx="%s"/>`, n(x), n(y), n(w), n(h), n(rx))
	}
	switch g.kind {
	case "decision":
		const t = 9.0
		fmt.Fprintf(b, "\n<polygon points=\"%s\"/>", points(
			svgdraw.Point{X: x + t, Y: y}, svgdraw.Point{X: x + w - t, Y: y}, svgdraw.Point{X: x + w, Y: y + h/2},
			svgdraw.Point{X: x + w - t, Y: y + h}, svgdraw.Point{X: x + t, Y: y + h}, svgdraw.Point{X: x, Y: y + h/2}))
	case "stack":
		rect("fig-back", x+4, y, w-4, h-4, 4)
		rect("", x, y+4, w-4, h-4, 4)
		y, h = y+4, h-4
	case "note":
	default:
		rx := 4.0
		switch g.kind {
		case "period":
			rx = h / 2
		case "end":
			rx = min(13, h/2)
		}
		rect("", x, y, w, h, rx)
	}
	if g.Num != "" {
		by := y + h/2
		if h > 46 {
			by = y + pad + 10
		}
		bx := x + g.pad + 9
		fmt.Fprintf(b, "\n<g class=\"fig-badge\"><circle cx=\"%s\" cy=\"%s\" r=\"9.5\"/><text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text></g>",
			n(bx), n(by), n(bx), n(by+3.8), svgdraw.Esc(g.Num))
	}
	for _, t := range g.textLines(align) {
		b.WriteString("\n")
		t.write(b)
	}
	b.WriteString("\n</g>")
}
