//go:build !js

package jsontree

import (
	"testing"

	"github.com/commontext/commontext/internal/testkit/hostile"
)

// TestParseLinear: the parser's work grows linearly with its input, for
// every hostile shape (an object with 100,000 distinct keys once took
// quadratic time checking each key against the earlier ones).
func TestParseLinear(t *testing.T) {
	for _, sh := range hostile.PlanShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g := hostile.Growth(func(n int) {
				if _, err := Parse(sh.Make(n)); err != nil {
					t.Fatal(err)
				}
			}, 32<<10, 16)
			t.Logf("growth %.2f (1 is linear, 16 quadratic)", g)
			if g > 4 {
				t.Errorf("parsing grows %.1f× faster than its input (1 is linear)", g)
			}
		})
	}
}

// BenchmarkParseWorstCase times each hostile shape at the largest plan
// size (1 MiB).
func BenchmarkParseWorstCase(b *testing.B) {
	for _, sh := range hostile.PlanShapes {
		in := sh.Make(1 << 20)
		b.Run(sh.Name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			hostile.BenchAlloc(b, len(in), func() {
				if _, err := Parse(in); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
