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
			b.SetBytes(int64(len(in)))
			hostile.BenchAlloc(b, len(in), func() { Decode(in) })
			b.ReportMetric(float64(n), "json-bytes")
			b.ReportMetric(float64(len(in)), "link-bytes")
		})
	}
}

// TestDecodeAllocation: the memory a link costs is linear in the link and
// a small multiple of it, whatever the plan inside (issue 23: a 1,427-byte
// link inflating to {"title":[0,0,…]} grew the page's memory by 156 MB).
// A link's plan inflates to at most MaxInflation times the link's
// compressed size plus InflationFloor, and the decoder costs a few bytes
// per byte of that.
func TestDecodeAllocation(t *testing.T) {
	for _, sh := range hostile.PlanShapes {
		t.Run(sh.Name, func(t *testing.T) {
			g, per := hostile.AllocGrowth(func(n int) (func(), int) {
				in, _ := hostile.Link(sh, n, MaxDecoded)
				return func() { Decode(in) }, len(in)
			}, MaxEncoded/16, 16)
			t.Logf("allocation growth %.2f (1 is linear), %.2f bytes per link byte at %d KiB", g, per, MaxEncoded>>10)
			if g > 1.5 {
				t.Errorf("allocation grows %.1f× faster than the link (1 is linear)", g)
			}
			if per > 4*MaxInflation {
				t.Errorf("%.1f bytes allocated per byte of link, want at most %d", per, 4*MaxInflation)
			}
		})
	}
}
