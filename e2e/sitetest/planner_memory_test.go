package sitetest

import (
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
	"github.com/commontext/commontext/internal/testkit/hostile"
)

// TestBrowserPlannerHostileLinkMemory (issue 23): links of about 1.4 KB
// that inflate to a plan of zeros or of empty objects once cost seconds per
// engine call and grew the engine's WebAssembly memory from 9 to 165 MB,
// which the page kept for good. Each is now refused in words, and the
// memory of the engine's worker, as it reports with each answer, stays
// small.
func TestBrowserPlannerHostileLinkMemory(t *testing.T) {
	const bound = 48 << 20 // the worker's memory after planning the example is about a third of this
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tested := 0
	for _, shape := range hostile.PlanShapes {
		if shape.Name != "zeros in an array" && shape.Name != "empty objects in an array" {
			continue
		}
		tested++
		link, size := hostile.Link(shape, 1500, 1<<20)
		tab.Go("/")
		tab.Go("/planner/#" + link)
		tab.Wait(ready, 30*time.Second)
		tab.Wait(`globalThis.commontextTimings.memory && globalThis.commontextTimings.memory() > 0`, 10*time.Second)
		mem := browsertest.Eval[float64](tab, `globalThis.commontextTimings.memory()`)
		t.Logf("%s: a %d-byte link of %d bytes of JSON; worker memory %.1f MiB", shape.Name, len(link), size, mem/(1<<20))
		if mem > bound {
			t.Errorf("%s: the engine's memory grew to %.1f MiB after a %d-byte link (bound %d MiB)", shape.Name, mem/(1<<20), len(link), bound>>20)
		}
		msg := browsertest.Eval[string](tab, `document.getElementById('plan-problems').hidden ? '' : document.getElementById('plan-problems').textContent`)
		if !strings.Contains(msg, "link") {
			t.Errorf("%s: the link is not refused in words: %q", shape.Name, msg)
		}
	}
	if tested != 2 {
		t.Fatalf("found %d of the two hostile shapes in hostile.PlanShapes", tested)
	}
	tab.CheckClean()
}
