package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
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
	if !bytes.Contains(b, []byte(`{{- define "title" }}`)) {
		t.Fatal(`layouts/guide/page.html no longer defines "title": update this test's way of breaking it`)
	}
	os.WriteFile(page, bytes.Replace(b, []byte(`{{- define "title" }}`), []byte(`{{- define "title" }}{{ .Title.Nope }}`), 1), 0o644)
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

// cliDir holds the program that cli builds; TestMain removes it.
var cliDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if cliDir != "" {
		os.RemoveAll(cliDir)
	}
	os.Exit(code)
}

// cli builds the commontext program once for the tests that run it as a
// process (signals and exit statuses are the process's).
var cli = sync.OnceValues(func() (string, error) {
	var err error
	if cliDir, err = os.MkdirTemp("", "commontext-cli-"); err != nil {
		return "", err
	}
	bin := filepath.Join(cliDir, "commontext")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestServeInterrupt: `serve` stops on the first SIGINT wherever it is —
// compiling the planner, in Hugo's first build (before Hugo has a signal
// handler of its own), or serving — and exits 0; and serving writes
// nothing to public/.
func TestServeInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server three times")
	}
	bin, err := cli()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyProject(t)
	for _, tc := range []struct {
		name  string
		when  string // the line of output after which SIGINT is sent
		fetch bool   // fetch the home page first
	}{
		{"while compiling the planner", "commontext serve: building and serving", false},
		{"in Hugo's first build", "Start building sites", false},
		{"while serving", "Web Server is available", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port := freePort(t)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "serve", "--source", dir, "--port", strconv.Itoa(port))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			sc := bufio.NewScanner(stdout)
			sent := false
			for sc.Scan() {
				line := sc.Text()
				out.WriteString(line + "\n")
				if sent || !strings.Contains(line, tc.when) {
					continue
				}
				if tc.fetch {
					res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
					if err != nil {
						t.Errorf("GET /: %v", err)
					} else {
						res.Body.Close()
						if res.StatusCode != 200 {
							t.Errorf("GET /: %s", res.Status)
						}
					}
				}
				cmd.Process.Signal(os.Interrupt)
				sent = true
			}
			err = cmd.Wait()
			if !sent {
				t.Fatalf("no line %q; exit %v\nstdout:\n%s\nstderr:\n%s", tc.when, err, out.String(), stderr.String())
			}
			if err != nil || !strings.Contains(out.String(), "commontext serve: stopped") {
				t.Errorf("after SIGINT: %v, want exit 0 and \"stopped\"\nstdout:\n%s\nstderr:\n%s", err, out.String(), stderr.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Errorf("serve wrote %s", filepath.Join(dir, "public"))
			}
		})
	}
}

// TestServeBusyPort: on a port in use, `serve` says so in one line that
// names --port, and exits 1 without building.
func TestServeBusyPort(t *testing.T) {
	bin, err := cli()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "serve", "--source", filepath.Join("..", ".."), "--port", port)
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("serve on a busy port: %v, want exit status 1", err)
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "--port") || !strings.Contains(msg, port) || !strings.Contains(msg, "in use") {
		t.Errorf("serve on busy port %s: stderr %q, want one line naming the port and --port", port, msg)
	}
}

// TestServeFollowsClauses: under `serve`, a clause added to the guide gets
// its short permalink (/c/N/) without a restart. (The permalink pages come
// from a content adapter over the clause index; it read the index with
// os.ReadFile, which Hugo does not track, so a new clause got its
// permalink only after a restart.) A removed clause keeps its rendered
// permalink until the server restarts, as any removed page does under
// Hugo's server: the build is what is published.
func TestServeFollowsClauses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server")
	}
	bin, err := cli()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyProject(t)
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--source", dir, "--port", strconv.Itoa(port))
	var out syncWriter
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		return res.StatusCode, b.String()
	}
	// waitFor polls until path answers status; the limit only bounds a
	// broken run (the watcher polls each second, Hugo rebuilds in about one).
	waitFor := func(path string, status int) string {
		t.Helper()
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(250 * time.Millisecond) {
			got, body := get(path)
			if got == status {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %d, want %d\nserve's output:\n%s", path, got, status, out.String())
			}
		}
	}
	waitFor("/c/1.4/", http.StatusOK)
	if got, _ := get("/c/1.9/"); got != http.StatusNotFound {
		t.Fatalf("GET /c/1.9/ before the clause exists: %d", got)
	}
	intro := filepath.Join(dir, "content", "guide", "01-introduction.md")
	text, err := os.ReadFile(intro)
	if err != nil {
		t.Fatal(err)
	}
	text = append(text, "\n## 1.9 A clause added while serving {#c1.9}\n\nText.\n"...)
	if err := os.WriteFile(intro, text, 0o644); err != nil {
		t.Fatal(err)
	}
	if body := waitFor("/c/1.9/", http.StatusOK); !strings.Contains(body, "/guide/introduction/#c1.9") {
		t.Errorf("/c/1.9/ does not lead to the clause:\n%.500s", body)
	}
}

// syncWriter is a strings.Builder safe for a process's two output pipes.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
