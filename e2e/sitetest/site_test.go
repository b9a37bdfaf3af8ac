// Package sitetest checks the built site: the guide's text is whole and
// current, every link resolves, every page is well-formed. The site is
// built once, in-process, into a temporary folder.
package sitetest

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// built is the site under test, built on first use and shared by the tests
// of this package (building takes a few hundred milliseconds).
type built struct {
	once sync.Once
	dir  string
	err  error
}

var root = built{}

// TestMain removes the build folders and stops the shared Chromium and
// the site's server after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close()
	if site.srv != nil {
		site.srv.Close()
	}
	for _, b := range []*built{&root, &subPath} {
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}
	os.Exit(code)
}

// buildMu makes the builds of the site take turns: the root and sub-path
// builds write the same generated files under assets/gen, and browser
// tests that run in parallel may ask for either first.
var buildMu sync.Mutex

// build builds the site with o, one build at a time.
func build(o sitebuild.Options) error {
	buildMu.Lock()
	defer buildMu.Unlock()
	_, err := sitebuild.Build(context.Background(), o)
	return err
}

// siteDir builds the site (once) and returns the output folder.
func siteDir(t testing.TB) string {
	t.Helper()
	root.once.Do(func() {
		dir, err := os.MkdirTemp("", "commontext-site-")
		if err != nil {
			root.err = err
			return
		}
		root.dir = dir
		root.err = build(sitebuild.Options{Root: "../..", Dest: dir})
	})
	if root.err != nil {
		t.Fatalf("building the site: %v", root.err)
	}
	return root.dir
}

// readFile returns a file of the built site, by its path under the root.
func readFile(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(siteDir(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("reading built %s: %v", rel, err)
	}
	return b
}

// parsePage parses a built HTML page.
func parsePage(t testing.TB, rel string) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(readFile(t, rel)))
	if err != nil {
		t.Fatalf("parsing %s: %v", rel, err)
	}
	return doc
}

// htmlFiles lists the HTML files of the built site, relative to its root.
func htmlFiles(t testing.TB) []string {
	t.Helper()
	return htmlFilesIn(t, siteDir(t))
}

// htmlFilesIn lists the HTML files below dir, relative to it.
func htmlFilesIn(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// walk calls f for n and every node below it, in document order.
func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// attr returns an attribute's value.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text returns the text content of n, with white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// elements returns the elements named tag below n.
func elements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	})
	return out
}

// byID returns the element with the given id below n, or nil.
func byID(n *html.Node, id string) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) {
		if found == nil && c.Type == html.ElementNode {
			if v, ok := attr(c, "id"); ok && v == id {
				found = c
			}
		}
	})
	return found
}

func describe(n *html.Node) string {
	if n == nil {
		return "<nil>"
	}
	var b bytes.Buffer
	html.Render(&b, n)
	s := b.String()
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return fmt.Sprintf("%q", s)
}

func fileExists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
	return err == nil
}
