package sitetest

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/commontext/commontext/internal/testkit/headers"
)

// TestHeadersFile: the _headers file gives every HTML page one strict
// Content-Security-Policy (no inline script, no other origin), allows
// WebAssembly only on the planner, caches hashed assets forever and HTML
// briefly, and sets the security headers everywhere.
func TestHeadersFile(t *testing.T) {
	rules, err := headers.Parse(bytes.NewReader(readFile(t, "_headers")))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range htmlFiles(t) {
		path := "/" + strings.TrimSuffix(f, "index.html")
		h := headers.For(rules, path)
		csp := h.Values("Content-Security-Policy")
		if len(csp) != 1 || strings.Count(csp[0], "default-src") != 1 {
			t.Errorf("%s: Content-Security-Policy %q, want exactly one policy", path, csp)
			continue
		}
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp[0], want) {
				t.Errorf("%s: CSP lacks %q", path, want)
			}
		}
		for _, bad := range []string{"unsafe-inline", "unsafe-eval'", "http:", "https:", "*"} {
			if strings.Contains(strings.ReplaceAll(csp[0], "'wasm-unsafe-eval'", ""), bad) {
				t.Errorf("%s: CSP allows %q", path, bad)
			}
		}
		// The page carries the same policy in a <meta> element, for hosts
		// that send no headers (frame-ancestors cannot be given there);
		// the /c/ redirect pages too (issue 12 item 15).
		var meta string
		for _, m := range elements(parsePage(t, f), "meta") {
			if v, _ := attr(m, "http-equiv"); v == "Content-Security-Policy" {
				meta, _ = attr(m, "content")
			}
		}
		if want := strings.Replace(csp[0], "; frame-ancestors 'none'", "", 1); meta != want {
			t.Errorf("%s: <meta> CSP %q, header CSP without frame-ancestors %q", path, meta, want)
		}
		// No page compiles WebAssembly: the planner's engine worker does.
		if strings.Contains(csp[0], "'wasm-unsafe-eval'") {
			t.Errorf("%s: the page's CSP allows 'wasm-unsafe-eval'", path)
		}
		if cc := h.Get("Cache-Control"); !strings.Contains(cc, "max-age=600") {
			t.Errorf("%s: Cache-Control %q, want a short max-age", path, cc)
		}
		for _, name := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} {
			if h.Get(name) == "" {
				t.Errorf("%s: no %s", path, name)
			}
		}
	}
	// The engine's worker gets the strict policy plus 'wasm-unsafe-eval',
	// from its own response headers, and nothing looser.
	workers, _ := filepath.Glob(filepath.Join(siteDir(t), "js", "worker", "*.js"))
	if len(workers) == 0 {
		t.Error("no engine worker under js/worker/")
	}
	strict := headers.For(rules, "/").Get("Content-Security-Policy")
	for _, w := range workers {
		path := "/js/worker/" + filepath.Base(w)
		want := strings.Replace(strict, "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", 1)
		if got := headers.For(rules, path).Values("Content-Security-Policy"); len(got) != 1 || got[0] != want {
			t.Errorf("%s: Content-Security-Policy %q, want %q", path, got, want)
		}
	}
	// Every fingerprinted asset a page loads is cached immutably.
	for _, m := range assetRefs.FindAllSubmatch(readFile(t, "search/index.html"), -1) {
		if cc := headers.For(rules, string(m[1])).Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q, want immutable", m[1], cc)
		}
	}
}

// TestPrecompressed: each .gz and .br file beside an asset decompresses to
// that asset, and the larger text assets have both.
func TestPrecompressed(t *testing.T) {
	dir := siteDir(t)
	var n int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		if ext != ".gz" && ext != ".br" {
			return nil
		}
		n++
		orig, err := os.ReadFile(strings.TrimSuffix(p, ext))
		if err != nil {
			t.Errorf("%s has no original: %v", p, err)
			return nil
		}
		f, _ := os.Open(p)
		defer f.Close()
		var r io.Reader
		if ext == ".gz" {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			r = zr
		} else {
			r = brotli.NewReader(f)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, orig) {
			t.Errorf("%s does not decompress to its original (err %v)", p, err)
		}
		return nil
	})
	for _, f := range []string{"guide/collaborative-team/index.html", "print/index.html", "search-index.json"} {
		for _, ext := range []string{".gz", ".br"} {
			if !fileExists(dir, f+ext) {
				t.Errorf("no %s%s", f, ext)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d pre-compressed files", n)
	}
}
