//go:build !js

package urlstate

import (
	"testing"

	"github.com/commontext/commontext/internal/testkit/hostile"
)

// TestDecodeLinear: decoding a link costs work linear in the plan it holds
// (issue 12: a 58 KB link blocked the planner page for 1.5 s).
func TestDecodeLinear(t *testing.T) {
	for _, sh := range hostile.PlanShapes {
		t.Run(sh.Name, func(t *testing.T) {
			small, n := hostile.Link(sh, MaxEncoded/16, MaxDecoded/16)
			large, _ := hostile.Link(sh, MaxEncoded, MaxDecoded)
			links := map[int]string{1: small, 16: large}
			g := hostile.Growth(func(k int) { Decode(links[k]) }, 1, 16)
			t.Logf("links of %d and %d bytes (plans of %d KiB and more): growth %.2f (1 is linear, 16 quadratic)", len(small), len(large), n>>10, g)
			if g > 4 {
				t.Errorf("decoding grows %.1f× faster than the link (1 is linear)", g)
			}
		})
	}
}

// BenchmarkDecodeWorstCase times each hostile shape in the longest link
// Decode accepts (64 KiB).
func BenchmarkDecodeWorstCase(b *testing.B) {
	for _, sh := range hostile.PlanShapes {
		in, n := hostile.Link(sh, MaxEncoded, MaxDecoded)
		b.Run(sh.Name, func(b *testing.B) {
			b.ReportMetric(float64(n), "json-bytes")
			b.SetBytes(int64(len(in)))
			hostile.Bench(b, func() { Decode(in) })
		})
	}
}
