//go:build !js

package ics

import (
	"bytes"
	"testing"

	"github.com/commontext/commontext/internal/testkit/hostile"
)

// TestReadEventsLinear: reading a calendar costs work linear in its size
// (issue 12: unfolding appended each folded piece to the line so far, so a
// 1 MiB file of one folded line froze the page and ran out of memory).
func TestReadEventsLinear(t *testing.T) {
	for _, sh := range hostile.ICSShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g := hostile.Growth(func(n int) {
				ReadEvents(bytes.NewReader(sh.Make(n)))
			}, 32<<10, 16)
			t.Logf("growth %.2f (1 is linear, 16 quadratic)", g)
			// A quadratic reader measures 16. (The limit was 6 for a while:
			// the collector's share of the large run counted then, see
			// hostile.Growth.)
			if g > 4 {
				t.Errorf("reading grows %.1f× faster than its input (1 is linear)", g)
			}
		})
	}
}

// BenchmarkReadEventsWorstCase times each hostile shape at MaxReadSize
// (1 MiB), the largest file ReadEvents accepts.
func BenchmarkReadEventsWorstCase(b *testing.B) {
	for _, sh := range hostile.ICSShapes {
		in := sh.Make(MaxReadSize - 1024)
		b.Run(sh.Name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			hostile.BenchAlloc(b, len(in), func() {
				if _, err := ReadEvents(bytes.NewReader(in)); err != nil && bytes.Contains([]byte(err.Error()), []byte("larger than")) {
					b.Fatal(err)
				}
			})
		})
	}
}

// TestReadEventsAllocation: the memory a calendar file costs is linear in
// its size and a small multiple of it, whatever its shape (issue 23: a
// 1 MiB file of blank lines allocated 130 MB, a string and an int kept per
// line).
func TestReadEventsAllocation(t *testing.T) {
	for _, sh := range hostile.ICSShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g, per := hostile.AllocGrowth(func(n int) (func(), int) {
				in := sh.Make(n)
				return func() { ReadEvents(bytes.NewReader(in)) }, len(in)
			}, (MaxReadSize-1024)/16, 16)
			t.Logf("allocation growth %.2f (1 is linear), %.2f bytes per input byte at %d KiB", g, per, MaxReadSize>>10)
			if g > 1.5 {
				t.Errorf("allocation grows %.1f× faster than the file (1 is linear)", g)
			}
			if per > 8 {
				t.Errorf("%.1f bytes allocated per byte of calendar, want at most 8", per)
			}
		})
	}
}
