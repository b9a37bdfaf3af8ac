//go:build !js

package plan

import (
	"errors"
	"testing"

	"github.com/commontext/commontext/internal/testkit/hostile"
)

// TestParseLinear: decoding a plan costs work linear in its size, whatever
// its shape (issue 12: a 1 MiB plan with many distinct keys took 25–40 s,
// checking each key against every earlier one).
func TestParseLinear(t *testing.T) {
	for _, sh := range hostile.PlanShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g := hostile.Growth(func(n int) {
				var pe Errors
				if _, err := Parse(sh.Make(n)); !errors.As(err, &pe) {
					t.Fatalf("Parse = %v, want Errors", err)
				}
			}, 32<<10, 16)
			t.Logf("growth %.2f (1 is linear, 16 quadratic)", g)
			if g > 4 {
				t.Errorf("decoding grows %.1f× faster than its input (1 is linear)", g)
			}
		})
	}
}

// BenchmarkParseWorstCase times each hostile shape at MaxSize (1 MiB), the
// largest plan Parse accepts.
func BenchmarkParseWorstCase(b *testing.B) {
	for _, sh := range hostile.PlanShapes {
		in := sh.Make(MaxSize)
		b.Run(sh.Name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			hostile.Bench(b, func() { Parse(in) })
		})
	}
}
