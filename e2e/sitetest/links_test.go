package sitetest

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/sitebuild"
)

// page is what the link check knows of one built page.
type page struct {
	ids   map[string]bool
	links []string // href and src values, as written
}

func loadPages(t *testing.T, dir string) map[string]*page {
	t.Helper()
	pages := map[string]*page{}
	for _, f := range htmlFilesIn(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("parsing %s: %v", f, err)
		}
		p := &page{ids: map[string]bool{}}
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if id, ok := attr(n, "id"); ok {
				p.ids[id] = true
			}
			if n.Data == "a" || n.Data == "link" || n.Data == "script" || n.Data == "img" || n.Data == "source" {
				for _, k := range []string{"href", "src"} {
					if v, ok := attr(n, k); ok {
						p.links = append(p.links, v)
					}
				}
			}
			if n.Data == "meta" {
				if v, _ := attr(n, "http-equiv"); v == "refresh" {
					c, _ := attr(n, "content")
					if _, u, ok := strings.Cut(c, "url="); ok {
						p.links = append(p.links, u)
					}
				}
			}
			if n.Data == "form" {
				if v, ok := attr(n, "action"); ok {
					p.links = append(p.links, v)
				}
			}
		})
		pages[f] = p
	}
	return pages
}

// resolve maps a link on page f to a file of the site and a fragment; ok
// is false for links that leave the site (other schemes or hosts). base is
// the site's path ("/" or "/guide/" for a sub-path deployment); a
// root-relative link outside it is broken, reported as file "".
func resolve(base, f, link string) (file, frag string, ok bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", "", false
	}
	p := u.Path
	switch {
	case p == "":
		p = base + f
	case !strings.HasPrefix(p, "/"):
		p = path.Join(base+path.Dir(f), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, base) {
		return "", u.Fragment, true
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return strings.TrimPrefix(p, base), u.Fragment, true
}

// TestNoBrokenLinks: every internal link and anchor of every page resolves,
// the permalink pages and glossary links included.
func TestNoBrokenLinks(t *testing.T) {
	checkLinks(t, siteDir(t), "/")
}

// TestSubPath: built for a sub-path (as a GitHub Pages project site is),
// every link stays inside the sub-path and resolves.
func TestSubPath(t *testing.T) {
	dir := subPathDir(t)
	checkLinks(t, dir, subPathBase)
	b, err := os.ReadFile(filepath.Join(dir, "_headers"))
	if err != nil || !strings.Contains(string(b), "\n/guide/guide/*\n") {
		t.Errorf("_headers of a sub-path build has no /guide/guide/* rule (err %v)", err)
	}
}

// subPathBase is the sub-path the sub-path build is made for.
const subPathBase = "/guide/"

var subPath = built{}

// subPathDir builds the site for https://example.org/guide/ (once) and
// returns the output folder.
func subPathDir(t testing.TB) string {
	t.Helper()
	subPath.once.Do(func() {
		dir, err := os.MkdirTemp("", "commontext-subpath-")
		if err != nil {
			subPath.err = err
			return
		}
		subPath.dir = dir
		subPath.err = build(sitebuild.Options{Root: "../..", Dest: dir, BaseURL: "https://example.org" + subPathBase})
	})
	if subPath.err != nil {
		t.Fatalf("building the site for a sub-path: %v", subPath.err)
	}
	return subPath.dir
}

func checkLinks(t *testing.T, dir, base string) {
	pages := loadPages(t, dir)
	checked := 0
	for f, p := range pages {
		for _, link := range p.links {
			file, frag, ok := resolve(base, f, link)
			if !ok {
				continue
			}
			checked++
			if file == "" {
				t.Errorf("%s: link %q leaves the site's path %s", f, link, base)
				continue
			}
			target, isPage := pages[file]
			if !isPage {
				if !fileExists(dir, file) {
					t.Errorf("%s: broken link %q (no %s)", f, link, file)
				}
				if frag != "" {
					t.Errorf("%s: link %q has a fragment into a non-HTML file", f, link)
				}
				continue
			}
			if name, ok := strings.CutPrefix(frag, "preset="); ok {
				// A planner preset: the plan file must be published.
				if !fileExists(dir, "planner/presets/"+name+".json") {
					t.Errorf("%s: link %q: no preset planner/presets/%s.json", f, link, name)
				}
				continue
			}
			if frag != "" && !target.ids[frag] {
				t.Errorf("%s: link %q: %s has no id %q", f, link, file, frag)
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d internal links; the site has more", checked)
	}
}

// TestPageStructure: every page has a <title>, a lang attribute and
// exactly one h1.
func TestPageStructure(t *testing.T) {
	for _, f := range htmlFiles(t) {
		doc := parsePage(t, f)
		var ts []*html.Node // the document's title, not the <title>s of inline SVG
		for _, n := range elements(doc, "title") {
			if n.Parent != nil && n.Parent.Data == "head" {
				ts = append(ts, n)
			}
		}
		if len(ts) != 1 || text(ts[0]) == "" {
			t.Errorf("%s: want one non-empty <title> in <head>, got %d", f, len(ts))
		}
		if hs := elements(doc, "html"); len(hs) != 1 {
			t.Errorf("%s: %d <html> elements", f, len(hs))
		} else if lang, _ := attr(hs[0], "lang"); lang == "" {
			t.Errorf("%s: <html> has no lang", f)
		}
		if h1 := elements(doc, "h1"); len(h1) != 1 {
			t.Errorf("%s: %d h1 elements, want 1", f, len(h1))
		}
		// IDs are unique within a page, or fragment links are ambiguous.
		seen := map[string]bool{}
		walk(doc, func(n *html.Node) {
			if id, ok := attr(n, "id"); ok && n.Type == html.ElementNode {
				if seen[id] {
					t.Errorf("%s: duplicate id %q", f, id)
				}
				seen[id] = true
			}
		})
	}
}

// TestNoThirdPartyLoads: no page loads anything from another origin (a
// script, a style sheet, a font, an image, a frame). Links out to itu.int
// or iso.org that the reader follows are fine.
func TestNoThirdPartyLoads(t *testing.T) {
	for _, f := range htmlFiles(t) {
		doc := parsePage(t, f)
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode || n.Data == "a" {
				return
			}
			for _, k := range []string{"src", "href", "srcset", "data", "action", "poster"} {
				v, ok := attr(n, k)
				if !ok {
					continue
				}
				if n.Data == "link" && k == "href" {
					if rel, _ := attr(n, "rel"); rel == "canonical" {
						continue
					}
				}
				if u, err := url.Parse(v); err != nil || u.Host != "" || (u.Scheme != "" && u.Scheme != "data") {
					t.Errorf("%s: <%s %s=%q> loads from another origin", f, n.Data, k, v)
				}
			}
		})
	}
}

var assetRefs = regexp.MustCompile(`(?:href|src)="?(/[^"\s>]+\.(?:css|js|wasm))`)
