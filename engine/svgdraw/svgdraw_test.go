package svgdraw

import (
	"math/rand"
	"testing"
)

// TestCrosses: Crosses is both the layout's avoidance check and the
// drawings tests' oracle, so it has hand-worked cases of its own. The box
// spans x 10..30 and y 10..20; touching an edge or a corner is not
// crossing.
func TestCrosses(t *testing.T) {
	r := Rect{X: 10, Y: 10, W: 20, H: 10}
	for _, tt := range []struct {
		name string
		a, b Point
		want bool
	}{
		{"horizontal through the middle", Point{0, 15}, Point{40, 15}, true},
		{"vertical through the middle", Point{20, 0}, Point{20, 30}, true},
		{"diagonal through", Point{0, 5}, Point{40, 25}, true},
		{"wholly inside", Point{12, 12}, Point{14, 14}, true},
		{"a point inside", Point{15, 15}, Point{15, 15}, true},
		{"from outside to just inside", Point{0, 15}, Point{11, 15}, true},
		{"from inside out through a corner region", Point{29, 19}, Point{40, 30}, true},
		{"along the top edge", Point{0, 10}, Point{40, 10}, false},
		{"along the bottom edge", Point{0, 20}, Point{40, 20}, false},
		{"along the left edge", Point{10, 0}, Point{10, 30}, false},
		{"along the right edge, inside its span", Point{30, 12}, Point{30, 18}, false},
		{"ending on the left edge", Point{0, 15}, Point{10, 15}, false},
		{"starting on the right edge, going away", Point{30, 15}, Point{40, 15}, false},
		{"through a corner only", Point{0, 20}, Point{20, 0}, false},
		{"above", Point{0, 5}, Point{40, 5}, false},
		{"beside, parallel", Point{31, 0}, Point{31, 30}, false},
		{"short of the box", Point{0, 0}, Point{9, 9}, false},
		{"a point on an edge", Point{20, 10}, Point{20, 10}, false},
		{"a point outside", Point{5, 5}, Point{5, 5}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Crosses(tt.a, tt.b); got != tt.want {
				t.Errorf("Crosses(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := r.Crosses(tt.b, tt.a); got != tt.want {
				t.Errorf("Crosses(%v, %v) (reversed) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// TestCrossesSampled compares Crosses with an independent answer on
// segments between points of a whole-number grid: whether some point of
// the segment, sampled finely, lies strictly inside the box. With whole
// numbers up to 40 a segment that enters the box stays inside for more
// than 1/4000 of its length, so 8000 samples find it.
func TestCrossesSampled(t *testing.T) {
	r := Rect{X: 10, Y: 10, W: 20, H: 10}
	inside := func(p Point) bool {
		const m = 1e-9
		return p.X > r.X+m && p.X < r.X+r.W-m && p.Y > r.Y+m && p.Y < r.Y+r.H-m
	}
	rng := rand.New(rand.NewSource(1))
	for range 3000 {
		a := Point{float64(rng.Intn(41)), float64(rng.Intn(31))}
		b := Point{float64(rng.Intn(41)), float64(rng.Intn(31))}
		want := false
		const n = 8000
		for i := 0; i <= n && !want; i++ {
			f := float64(i) / n
			want = inside(Point{a.X + f*(b.X-a.X), a.Y + f*(b.Y-a.Y)})
		}
		if got := r.Crosses(a, b); got != want {
			t.Errorf("Crosses(%v, %v) = %v; sampling says %v", a, b, got, want)
		}
	}
}

// TestOverlaps: boxes that share only an edge do not overlap.
func TestOverlaps(t *testing.T) {
	r := Rect{X: 0, Y: 0, W: 10, H: 10}
	for _, tt := range []struct {
		o    Rect
		want bool
	}{
		{Rect{5, 5, 10, 10}, true},
		{Rect{2, 2, 2, 2}, true},
		{Rect{10, 0, 5, 10}, false},
		{Rect{0, 10, 10, 5}, false},
		{Rect{11, 11, 1, 1}, false},
	} {
		if got := r.Overlaps(tt.o); got != tt.want || tt.o.Overlaps(r) != tt.want {
			t.Errorf("%v overlaps %v: %v, want %v", r, tt.o, got, tt.want)
		}
	}
}
