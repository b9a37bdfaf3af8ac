package planpage

import (
	"testing"

	"github.com/commontext/commontext/engine/caldate"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/planview"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/urlstate"
)

// The parts of one recompute of the planner page. Run them natively and
// under the browser's engine too:
//
//	GOOS=js GOARCH=wasm go test -run '^$' -bench . -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./planpage/
func BenchmarkCompute(b *testing.B) {
	ex := example(b)
	for b.Loop() {
		Compute(ex, Options{Clauses: "/c/"})
	}
}

func BenchmarkParts(b *testing.B) {
	ex := example(b)
	p, _ := plan.Parse(ex)
	s, _ := schedule.New(p, schedule.Options{})
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			plan.Parse(ex)
		}
	})
	b.Run("schedule", func(b *testing.B) {
		for b.Loop() {
			schedule.New(p, schedule.Options{})
		}
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			planview.Render(s, planview.Options{Clauses: "/c/"})
		}
	})
	b.Run("state", func(b *testing.B) {
		for b.Loop() {
			urlstate.Encode(p)
		}
	})
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			plan.Marshal(p)
		}
	})
}

// BenchmarkOverview: the secretariat's overview of ten plans, planned and
// drawn (timeline and list), with the size of its HTML and of the timeline.
func BenchmarkOverview(b *testing.B) {
	ex := example(b)
	plans := make([]Shown, 10)
	for i := range plans {
		plans[i] = Shown{Plan: ex}
	}
	from := caldate.MustParse("2026-06-01")
	var o Overview
	var html string
	for b.Loop() {
		o = NewOverview(plans, from)
		html = o.HTML()
	}
	b.ReportMetric(float64(len(html)), "html-bytes")
	b.ReportMetric(float64(len(o.SVG())), "svg-bytes")
}
