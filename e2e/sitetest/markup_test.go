package sitetest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/hugorun"
)

// TestTableAlignmentNeedsNoInlineStyle: a Markdown table with aligned
// columns renders through the site's table hook with classes that site.css
// styles, and no style attribute, which the CSP would block (issue 12
// item 14). The guide has no aligned table today, so the hook is run on one
// in a site of its own.
func TestTableAlignmentNeedsNoInlineStyle(t *testing.T) {
	dir := t.TempDir()
	hook, err := os.ReadFile("../../layouts/_markup/render-table.html")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"hugo.toml":                         "baseURL = \"/\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
		"layouts/_markup/render-table.html": string(hook),
		"layouts/home.html":                 "{{ .Content }}",
		"content/_index.md":                 "---\ntitle: t\n---\n\n| Left | Centre | Right | None |\n|:-----|:------:|------:|------|\n| a | b | c | d |\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	if err := hugorun.Build(context.Background(), []string{"--source", dir, "--destination", filepath.Join(dir, "public"), "--quiet"}, &log); err != nil {
		t.Fatalf("hugo: %v\n%s", err, log.String())
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, name := range []string{"th", "td"} {
		for _, c := range elements(doc, name) {
			if _, ok := attr(c, "style"); ok {
				t.Errorf("<%s> has a style attribute: %s", name, page)
			}
			class, _ := attr(c, "class")
			classes = append(classes, class)
		}
	}
	want := []string{"align-left", "align-center", "align-right", "", "align-left", "align-center", "align-right", ""}
	if strings.Join(classes, " ") != strings.Join(want, " ") {
		t.Errorf("cell classes %q, want %q", classes, want)
	}
	css, err := os.ReadFile("../../assets/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, class := range []string{"align-center", "align-right"} {
		if !regexp.MustCompile(`td\.` + class + `[^{]*\{[^}]*text-align`).Match(css) {
			t.Errorf("site.css does not align td.%s", class)
		}
	}
}
