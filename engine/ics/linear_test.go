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
			hostile.Bench(b, func() {
				if _, err := ReadEvents(bytes.NewReader(in)); err != nil && bytes.Contains([]byte(err.Error()), []byte("larger than")) {
					b.Fatal(err)
				}
			})
		})
	}
}
