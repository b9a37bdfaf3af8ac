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

var assetRef = regexp.MustCompile(`(?:href|src)=("?)(/[^"\s>]+\.(css|js))`)

// BenchmarkGuidePageWeight reports what reading the heaviest guide page
// transfers: its HTML raw and gzipped, and the CSS and JavaScript it loads.
// (The loop times gzip, which is not the point; the metrics are.)
func BenchmarkGuidePageWeight(b *testing.B) {
	dir := b.TempDir()
	if _, err := Build(context.Background(), Options{Root: "../..", Dest: dir}); err != nil {
		b.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "guide", "*", "index.html"))
	if len(pages) == 0 {
		b.Fatal("no guide pages built")
	}
	sort.Slice(pages, func(i, j int) bool { return size(pages[i]) > size(pages[j]) })
	heaviest := pages[0]
	html, err := os.ReadFile(heaviest)
	if err != nil {
		b.Fatal(err)
	}
	var css, cssGz, js int
	for _, m := range assetRef.FindAllSubmatch(html, -1) {
		asset, err := os.ReadFile(filepath.Join(dir, string(m[2])))
		if err != nil {
			b.Fatalf("%s loads %s: %v", heaviest, m[2], err)
		}
		if string(m[3]) == "css" {
			css += len(asset)
			cssGz += gzipLen(asset)
		} else {
			js += len(asset)
		}
	}
	var gz int
	for i := 0; i < b.N; i++ {
		gz = gzipLen(html)
	}
	rel, _ := filepath.Rel(dir, heaviest)
	b.Logf("heaviest guide page: /%s", filepath.ToSlash(filepath.Dir(rel))+"/")
	b.ReportMetric(float64(len(html)), "html-bytes")
	b.ReportMetric(float64(gz), "html-gzip-bytes")
	b.ReportMetric(float64(css), "css-bytes")
	b.ReportMetric(float64(cssGz), "css-gzip-bytes")
	b.ReportMetric(float64(js), "js-bytes")
	b.ReportMetric(float64(gz+cssGz), "transfer-gzip-bytes")
}

func size(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
