package workertest

import (
	"bytes"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/commontext/commontext/internal/testkit/headers"
)

// logOnFailure prints wrangler's output when t fails.
func logOnFailure(t *testing.T, s *server) {
	t.Cleanup(func() {
		if t.Failed() {
			out := s.log.String()
			if len(out) > 8000 {
				out = "…" + out[len(out)-8000:]
			}
			t.Logf("wrangler output:\n%s", out)
		}
	})
}

// siteRules parses the built public/_headers.
func siteRules(t *testing.T, s *server) []headers.Rule {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.site, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := headers.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// checkHeaders: the response carries every header that _headers sets for
// path, with the same value (joined as the host joins repeated names).
func checkHeaders(t *testing.T, rules []headers.Rule, path string, got http.Header) {
	t.Helper()
	want := headers.For(rules, path)
	if len(want) == 0 {
		t.Errorf("%s: _headers sets nothing here; the test expects it to", path)
	}
	for name := range want {
		if g := got.Get(name); g != want.Get(name) {
			t.Errorf("%s: %s = %q, want %q (from _headers)", path, name, g, want.Get(name))
		}
	}
}

// TestStaticPages: pages are the built files, served with the headers of
// public/_headers: the strict CSP and the short HTML caching.
func TestStaticPages(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	rules := siteRules(t, s)
	for _, path := range []string{"/", "/guide/", "/guide/collaborative-team/", "/c/8.6.3/", "/glossary/", "/search/"} {
		t.Run(path, func(t *testing.T) {
			resp, body := s.fetch(t, "GET", path, nil, nil, false)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			want, err := os.ReadFile(filepath.Join(s.site, filepath.FromSlash(path), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body (%d bytes) is not the built page (%d bytes)", len(body), len(want))
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			checkHeaders(t, rules, path, resp.Header)
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP %q is not the strict policy", csp)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=600") {
				t.Errorf("Cache-Control %q, want the short HTML caching", cc)
			}
		})
	}

	// A page without its trailing slash is redirected to it
	// (html_handling = "auto-trailing-slash").
	resp, _ := s.fetch(t, "GET", "/guide/collaborative-team", nil, nil, false)
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || !strings.HasSuffix(loc, "/guide/collaborative-team/") {
		t.Errorf("/guide/collaborative-team: %d to %q, want a redirect to the slash", resp.StatusCode, loc)
	}
}

var cssRef = regexp.MustCompile(`href=(/css/[^ >]+\.css)`)

// TestStaticAssets: fingerprinted assets are cached for a year and
// immutable; the planner's wasm (when the site has one) is application/wasm;
// _headers itself is not served.
func TestStaticAssets(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	rules := siteRules(t, s)
	home, err := os.ReadFile(filepath.Join(s.site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := cssRef.FindSubmatch(home)
	if m == nil {
		t.Fatal("the home page links no stylesheet under /css/")
	}
	assets := []string{string(m[1])}
	filepath.WalkDir(filepath.Join(s.site, "wasm"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".wasm") {
			rel, _ := filepath.Rel(s.site, p)
			assets = append(assets, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	for _, path := range assets {
		resp, body := s.fetch(t, "GET", path, nil, nil, false)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		want, _ := os.ReadFile(filepath.Join(s.site, filepath.FromSlash(path)))
		if !bytes.Equal(body, want) {
			t.Errorf("%s: body is not the built file", path)
		}
		checkHeaders(t, rules, path, resp.Header)
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		wantType := "text/css; charset=utf-8"
		if strings.HasSuffix(path, ".wasm") {
			wantType = "application/wasm"
		}
		if ct := resp.Header.Get("Content-Type"); ct != wantType {
			t.Errorf("%s: Content-Type %q, want %q", path, ct, wantType)
		}
	}
	if resp, _ := s.fetch(t, "GET", "/_headers", nil, nil, false); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/_headers: status %d, want 404 (the host reads it, never serves it)", resp.StatusCode)
	}
}

// TestNotFound: a path with no file gets the site's 404 page with status
// 404 (not_found_handling = "404-page"), and the security headers.
func TestNotFound(t *testing.T) {
	s := worker(t)
	logOnFailure(t, s)
	rules := siteRules(t, s)
	want, err := os.ReadFile(filepath.Join(s.site, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/no-such-page/", "/guide/no-such-clause/", "/css/missing.css", "/apis/v1/plan"} {
		for _, mode := range []string{"navigate", "cors"} {
			resp, body := s.fetch(t, "GET", path, nil, map[string]string{"Sec-Fetch-Mode": mode}, false)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s (%s): status %d, want 404", path, mode, resp.StatusCode)
				continue
			}
			if !bytes.Equal(body, want) {
				t.Errorf("%s (%s): body is not 404.html: %.200s", path, mode, body)
			}
			for _, name := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} {
				if v := resp.Header.Get(name); v == "" || v != headers.For(rules, path).Get(name) {
					t.Errorf("%s: %s = %q", path, name, v)
				}
			}
		}
	}
}
