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
			hostile.BenchAlloc(b, len(in), func() { Parse(in) })
		})
	}
}

// TestParseAllocation: the memory a plan costs is linear in its size and a
// small multiple of it, whatever its shape (issue 23: a 1 MiB plan of
// zeros allocated 83 MB, 80 bytes per byte, and the page's WebAssembly
// memory never gave it back). Allocation, unlike time, is deterministic
// enough to assert.
func TestParseAllocation(t *testing.T) {
	for _, sh := range hostile.PlanShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g, per := hostile.AllocGrowth(func(n int) (func(), int) {
				in := sh.Make(n)
				return func() { Parse(in) }, len(in)
			}, MaxSize/16, 16)
			t.Logf("allocation growth %.2f (1 is linear), %.2f bytes per input byte at %d KiB", g, per, MaxSize>>10)
			if g > 1.5 {
				t.Errorf("allocation grows %.1f× faster than the plan (1 is linear)", g)
			}
			if per > maxAllocPerByte {
				t.Errorf("%.1f bytes allocated per byte of plan, want at most %d", per, maxAllocPerByte)
			}
		})
	}
}

// maxAllocPerByte bounds the bytes Parse allocates per byte of a hostile
// plan at the largest size.
const maxAllocPerByte = 8
