package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyProject copies what a build reads (not node_modules, public, .git)
// into a temporary folder, so that a test can break it.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "..")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			switch rel {
			case ".git", "node_modules", "public", "resources", "tmp", "build", ".wrangler":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestBuild: the build command writes the site and says what it did; a
// broken template makes it exit non-zero with Hugo's message naming the
// template, and no Go stack trace.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site twice")
	}
	dir := copyProject(t)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"build", "--source", dir, "--dest", filepath.Join(dir, "out")}, nil, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "commontext build: wrote ") || !strings.Contains(out.String(), " pages ") {
		t.Fatalf("build: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "guide", "collaborative-team", "index.html")); err != nil {
		t.Fatal(err)
	}

	page := filepath.Join(dir, "layouts", "guide", "page.html")
	b, _ := os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(b, []byte(`{{ .Title }}</h1>`), []byte(`{{ .Title.Nope }}</h1>`), 1), 0o644)
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"build", "--source", dir, "--dest", filepath.Join(dir, "out")}, nil, &out, &errb)
	if code == 0 {
		t.Fatal("a broken template built without error")
	}
	msg := errb.String()
	if !strings.Contains(msg, "page.html") || strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic:") {
		t.Errorf("broken template: stderr %q, want Hugo's message naming page.html and no stack trace", msg)
	}
}

func TestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), nil, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "Usage") {
		t.Errorf("no arguments: exit %d, %q", code, errb.String())
	}
	if code := run(context.Background(), []string{"frobnicate"}, nil, &out, &errb); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code := run(context.Background(), []string{"build", "--source", t.TempDir()}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no hugo.toml") {
		t.Errorf("build outside the project: exit %d, %q", code, errb.String())
	}
}
