package sitetest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// BenchmarkPlannerWasmSize reports the planner's WebAssembly as shipped:
// raw, and the pre-compressed gzip and brotli files hosts serve.
func BenchmarkPlannerWasmSize(b *testing.B) {
	dir := siteDir(b)
	files, _ := filepath.Glob(filepath.Join(dir, "wasm", "planner.*.wasm"))
	if len(files) != 1 {
		b.Fatalf("want one planner wasm, found %v", files)
	}
	var raw, gz, br int64
	for i := 0; i < b.N; i++ {
		raw, gz, br = size(files[0]), size(files[0]+".gz"), size(files[0]+".br")
	}
	b.ReportMetric(float64(raw), "raw-bytes")
	b.ReportMetric(float64(gz), "gzip-bytes")
	b.ReportMetric(float64(br), "brotli-bytes")
}

// BenchmarkPlannerAssetSize reports what the planner page loads besides
// the WebAssembly, gzip: its own script (planner.js), Go's wasm_exec.js,
// and its stylesheets (site.css, shared with every page, and planner.css).
// The script stays small: the engine does the work.
func BenchmarkPlannerAssetSize(b *testing.B) {
	dir := siteDir(b)
	page, err := os.ReadFile(filepath.Join(dir, "planner", "index.html"))
	if err != nil {
		b.Fatal(err)
	}
	sizes := map[string]int{}
	for i := 0; i < b.N; i++ {
		for _, m := range plannerAsset.FindAllSubmatch(page, -1) {
			ref := string(m[1])
			asset, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ref)))
			if err != nil {
				b.Fatal(err)
			}
			name := strings.SplitN(filepath.Base(ref), ".", 2)[0] + filepath.Ext(ref)
			sizes[name] = gzipLen(asset)
		}
	}
	for _, name := range []string{"planner.js", "wasm_exec.js", "site.css", "planner.css"} {
		b.ReportMetric(float64(sizes[name]), name+"-gzip-bytes")
	}
}

var plannerAsset = regexp.MustCompile(`(?:href|src|data-wasm-exec)="?(/(?:css|js)/[^"\s>]+\.(?:css|js))`)

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func size(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// BenchmarkPlannerBrowser measures, in headless Chromium on loopback, the
// time from navigation to the first interactive plan (the WebAssembly
// fetched, compiled, started, and the plan computed and shown), and the
// time of one recompute after an edit (sent to the engine's worker and
// answered). Printed, never asserted.
func BenchmarkPlannerBrowser(b *testing.B) {
	br := browsertest.New(b)
	origin := serve(b)
	tab := br.NewTab(b, origin)
	var interactive, recompute, warm []float64
	for i := 0; i < b.N; i++ {
		tab.Go("/")
		tab.Go("/planner/#preset=is-ct-aap")
		tab.Wait(ready, 30*time.Second)
		interactive = append(interactive, browsertest.Eval[float64](tab,
			`performance.getEntriesByName('planner-interactive')[0].startTime`))
		// Each edit is awaited: the engine runs in a worker, and an edit
		// made while another is computed supersedes it.
		for j := 0; j < 100; j++ {
			n := browsertest.Eval[int](tab, recomputes)
			setValue(tab, "#pf-start", []string{"2026-03-02", "2026-04-06"}[j%2])
			tab.Wait(fmt.Sprintf("%s > %d", recomputes, n), 30*time.Second)
		}
		times := browsertest.Eval[[]float64](tab, `commontextTimings.recompute`)
		if len(times) < 100 {
			b.Fatalf("only %d recomputes timed", len(times))
		}
		// The first edits run while V8 still has the baseline compile of
		// the WebAssembly; later ones run optimized code.
		recompute = append(recompute, times[:20]...)
		warm = append(warm, times[len(times)-50:]...)
	}
	b.ReportMetric(median(interactive), "interactive-ms")
	b.ReportMetric(median(recompute), "recompute-first20-ms")
	b.ReportMetric(median(warm), "recompute-warm-ms")
	b.ReportMetric(percentile(warm, 0.95), "recompute-warm-p95-ms")
}

func median(v []float64) float64 { return percentile(v, 0.5) }

func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(float64(len(s)-1)*p)]
}
