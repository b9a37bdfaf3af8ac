package sitebuild

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
)

// BenchmarkBuild measures a whole in-process Hugo build of the site (the
// planner's WebAssembly is compiled, and the compressed copies cached,
// once before the timer starts), and reports Hugo's share and the rest.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	o := Options{Root: "../..", Dest: dir}
	if _, err := Build(context.Background(), o); err != nil { // warm: compile the wasm, fill caches
		b.Fatal(err)
	}
	b.ResetTimer()
	var r Result
	for i := 0; i < b.N; i++ {
		var err error
		if r, err = Build(context.Background(), o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Hugo.Milliseconds()), "hugo-ms")
	b.ReportMetric(float64((r.Duration - r.Hugo).Milliseconds()), "other-ms") // the wasm check, examples, compressed copies
	b.ReportMetric(float64(r.Pages), "pages")
	b.ReportMetric(float64(r.Bytes), "site-bytes")
}

var (
	assetRef  = regexp.MustCompile(`(?:href|src)=("?)(/[^"\s>]+\.(css|js))`)
	scriptRef = regexp.MustCompile(`<script\b[^>]*\bsrc="?(/[^"\s>]+\.js)`)
	swRef     = regexp.MustCompile(`\bdata-sw="?(/[^"\s>]+\.js)`)
)

// BenchmarkGuidePageWeight reports what reading a guide page transfers,
// gzipped: the median and the heaviest guide page (HTML plus its CSS),
// the CSS alone, and the JavaScript a guide page loads before anyone
// searches (its scripts, and the service worker it registers). Budgets
// (issue 13): median < 10 KB, heaviest < 19 KB, CSS < 4.5 KB, JS < 3 KB.
// (The loop times gzip, which is not the point; the metrics are.)
func BenchmarkGuidePageWeight(b *testing.B) {
	dir := b.TempDir()
	if _, err := Build(context.Background(), Options{Root: "../..", Dest: dir}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	pages, _ := filepath.Glob(filepath.Join(dir, "guide", "*", "index.html"))
	if len(pages) == 0 {
		b.Fatal("no guide pages built")
	}
	type weight struct {
		page                string
		html, htmlGz, cssGz int
		css                 int
		jsGz                int
	}
	measure := func(p string) weight {
		page, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		w := weight{page: p, html: len(page), htmlGz: gzipLen(page)}
		for _, m := range assetRef.FindAllSubmatch(page, -1) {
			if string(m[3]) != "css" {
				continue
			}
			asset := readAsset(b, dir, p, string(m[2]))
			w.css += len(asset)
			w.cssGz += gzipLen(asset)
		}
		var js [][]byte
		for _, m := range scriptRef.FindAllSubmatch(page, -1) {
			js = append(js, m[1])
		}
		for _, m := range swRef.FindAllSubmatch(page, -1) {
			js = append(js, m[1])
		}
		for _, src := range js {
			if len(src) > 0 && src[0] == '/' {
				w.jsGz += gzipLen(readAsset(b, dir, p, string(src)))
			}
		}
		return w
	}
	var ws []weight
	for i := 0; i < b.N; i++ {
		ws = ws[:0]
		for _, p := range pages {
			ws = append(ws, measure(p))
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].htmlGz+ws[i].cssGz > ws[j].htmlGz+ws[j].cssGz })
	heaviest, median := ws[0], ws[len(ws)/2]
	rel := func(p string) string {
		r, _ := filepath.Rel(dir, filepath.Dir(p))
		return "/" + filepath.ToSlash(r) + "/"
	}
	b.Logf("guide pages: %d; heaviest %s (%d B HTML, %d B gzip + CSS %d B gzip); median %s (%d B gzip + CSS); CSS %d B, %d B gzip; JS before search %d B gzip",
		len(ws), rel(heaviest.page), heaviest.html, heaviest.htmlGz, heaviest.cssGz, rel(median.page), median.htmlGz, heaviest.css, heaviest.cssGz, heaviest.jsGz)
	b.ReportMetric(float64(median.htmlGz+median.cssGz), "median-page+css-gzip-B")
	b.ReportMetric(float64(heaviest.htmlGz+heaviest.cssGz), "heaviest-page+css-gzip-B")
	b.ReportMetric(float64(heaviest.cssGz), "css-gzip-B")
	b.ReportMetric(float64(heaviest.jsGz), "js-before-search-gzip-B")
}

// readAsset reads an asset a page refers to by its root-relative URL.
func readAsset(b *testing.B, dir, page, url string) []byte {
	b.Helper()
	asset, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(url)))
	if err != nil {
		b.Fatalf("%s loads %s: %v", page, url, err)
	}
	return asset
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
