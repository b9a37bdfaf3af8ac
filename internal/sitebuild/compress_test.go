package sitebuild

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// TestPrecompressCache: an unchanged file's compressed copies come from
// the cache (the test plants marked bytes there and finds them in the
// output: nothing was compressed again), a changed file is compressed
// anew, and small or binary files get no copies.
func TestPrecompressCache(t *testing.T) {
	dest, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	page := filepath.Join(dest, "index.html")
	text := strings.Repeat("<p>The guide, clause 8.6.3.</p>\n", 100)
	write(t, page, text)
	write(t, filepath.Join(dest, "small.css"), "body{}")
	write(t, filepath.Join(dest, "logo.png"), strings.Repeat("x", 4096))

	if err := precompress(dest, cache); err != nil {
		t.Fatal(err)
	}
	checkCopies(t, page, text)
	for _, f := range []string{"small.css.gz", "logo.png.br"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err == nil {
			t.Errorf("%s written", f)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "*.gz"))
	if len(entries) != 1 {
		t.Fatalf("cache holds %d .gz entries, want 1", len(entries))
	}
	// Mark the cached copies: a build that compressed again would not
	// write the marks.
	key := strings.TrimSuffix(entries[0], ".gz")
	write(t, key+".gz", "cached gz")
	write(t, key+".br", "cached br")
	if err := precompress(dest, cache); err != nil {
		t.Fatal(err)
	}
	for ext, want := range map[string]string{".gz": "cached gz", ".br": "cached br"} {
		if b, _ := os.ReadFile(page + ext); string(b) != want {
			t.Errorf("unchanged page: %s is %.20q, want the cached %q", ext, b, want)
		}
	}

	changed := text + "<p>A new paragraph.</p>\n"
	write(t, page, changed)
	if err := precompress(dest, cache); err != nil {
		t.Fatal(err)
	}
	checkCopies(t, page, changed)
}

// TestPruneCache: past its limit, the cache drops the entries used least
// recently.
func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	c := compressCache(dir)
	for i, name := range []string{"old.gz", "mid.gz", "new.gz"} {
		write(t, filepath.Join(dir, name), strings.Repeat("x", 100))
		when := time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)
		os.Chtimes(filepath.Join(dir, name), when, when)
	}
	if err := c.prune(250); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	if strings.Join(left, " ") != "mid.gz new.gz" {
		t.Errorf("after pruning to 250 bytes: %q, want mid.gz new.gz", left)
	}
}

func checkCopies(t *testing.T, page, want string) {
	t.Helper()
	gzb, err := os.ReadFile(page + ".gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gzb))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != want {
		t.Errorf("%s.gz holds %d bytes that differ from the page's %d", page, len(got), len(want))
	}
	brb, err := os.ReadFile(page + ".br")
	if err != nil {
		t.Fatal(err)
	}
	got, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(brb)))
	if string(got) != want {
		t.Errorf("%s.br holds %d bytes that differ from the page's %d", page, len(got), len(want))
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
