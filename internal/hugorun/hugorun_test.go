package hugorun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// site writes a one-page Hugo site whose home page says title, with
// layout as its home template, and returns its folder.
func site(t *testing.T, title, layout string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"hugo.toml":         fmt.Sprintf("baseURL = 'http://example.org/'\ntitle = %q\ndisableKinds = ['taxonomy', 'term', 'rss', 'sitemap', '404']\n", title),
		"layouts/home.html": layout,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// processState is what Hugo's command layer changes process-wide.
type processState struct {
	stdout, stderr *os.File
	logOut         any
	logFlags       int
	procs          int
}

func current() processState {
	return processState{os.Stdout, os.Stderr, log.Writer(), log.Flags(), runtime.GOMAXPROCS(0)}
}

// TestConcurrentBuilds: builds started at the same time each write their
// own site, and leave os.Stdout, os.Stderr, the standard logger and
// GOMAXPROCS as they found them.
func TestConcurrentBuilds(t *testing.T) {
	before := current()
	const n = 3
	var wg sync.WaitGroup
	errs := make([]error, n)
	dests := make([]string, n)
	for i := range n {
		src := site(t, "site "+strconv.Itoa(i), `<p>{{ site.Title }}</p>`)
		dests[i] = filepath.Join(t.TempDir(), "public")
		wg.Go(func() {
			var logb bytes.Buffer
			errs[i] = Build(context.Background(), []string{"build", "--source", src, "--destination", dests[i], "--quiet"}, &logb)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("build %d: %v", i, errs[i])
			continue
		}
		b, err := os.ReadFile(filepath.Join(dests[i], "index.html"))
		if want := fmt.Sprintf("<p>site %d</p>", i); err != nil || !strings.Contains(string(b), want) {
			t.Errorf("build %d wrote %q (%v), want %q", i, b, err, want)
		}
	}
	if after := current(); after != before {
		t.Errorf("process state after the builds: %+v, want %+v", after, before)
	}
}

// TestBuildError: Hugo's error comes back with its chain (an *Error, the
// broken template named), its message on the log writer; a cancelled
// context shows through errors.Is.
func TestBuildError(t *testing.T) {
	src := site(t, "broken", `<p>{{ site.Title.Nope }}</p>`)
	var logb bytes.Buffer
	err := Build(context.Background(), []string{"build", "--source", src, "--destination", t.TempDir()}, &logb)
	var herr *Error
	if !errors.As(err, &herr) || errors.Unwrap(err) == nil {
		t.Fatalf("broken template: %T %v, want a *hugorun.Error that unwraps", err, err)
	}
	if !strings.Contains(err.Error(), "home.html") {
		t.Errorf("broken template: %q does not name home.html", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Build(ctx, []string{"build", "--source", src}, &logb); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v, want context.Canceled", err)
	}
}

// TestServeKeepsCallerSignals: Serve stops when its context ends, returns
// an error that is context.Canceled, and leaves the caller's signal
// handlers in place (a SIGTERM afterwards reaches the caller's
// NotifyContext instead of killing the process).
func TestServeKeepsCallerSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo's server")
	}
	term, stopTerm := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopTerm()

	src := site(t, "served", `<p>{{ site.Title }}</p>`)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	// Hugo's server prints its progress on os.Stdout: the test reads it
	// there to cancel at a known moment.
	for _, when := range []string{"", "Start building sites", "Web Server is available"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout := os.Stdout
		os.Stdout = w
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Serve(ctx, []string{"server", "--source", src, "--port", port, "--renderToMemory"})
			w.Close()
		}()
		seen := when == ""
		if seen {
			cancel()
		}
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if !seen && strings.Contains(sc.Text(), when) {
				seen = true
				cancel()
			}
		}
		err = <-done
		os.Stdout = stdout
		r.Close()
		cancel()
		if !seen {
			t.Errorf("Hugo's server printed no %q", when)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %q: Serve returned %v, want context.Canceled", when, err)
		}
	}
	if term.Err() != nil {
		t.Fatal("the caller's SIGTERM context ended without a SIGTERM")
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-term.Done() // the process would have died here had Serve reset the handlers
}
