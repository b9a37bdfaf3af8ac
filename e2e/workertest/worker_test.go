// Package workertest runs the real Cloudflare Worker locally and tests it
// over HTTP: the static site through Workers Static Assets (pages, the 404
// page, the headers of public/_headers) and the planner API through the Go
// Worker compiled to WebAssembly, all under `wrangler dev --local` (workerd,
// from npm), with no Cloudflare account and no network.
//
// The tests build what they need into a temporary folder: the site
// (in-process, as `commontext build` does; COMMONTEXT_WORKERTEST_SITE=DIR
// uses a site built beforehand instead) and the Worker (as `make worker`
// does). They run wrangler with the repository's wrangler.toml, only
// pointed at those folders, on a free loopback port, and stop it by its
// process group when done.
//
// Without node_modules/.bin/wrangler (`npm ci` installs it) the tests skip
// with a message, or fail where they are required (CI=true or
// COMMONTEXT_REQUIRE_BROWSER=1): package testneed has the one rule that the
// browser tests follow too.
//
// TestWorkerLoad, a short load test of the API, runs only with
// COMMONTEXT_LOAD=1 (see its doc).
package workertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/testneed"
	"github.com/commontext/commontext/internal/workerbuild"
)

// Time limits. Each is a ceiling, far above what a run takes (about 10 s
// to build, 3 s for wrangler to start), so that a stuck step fails the test
// instead of hanging it.
const (
	buildTimeout   = 5 * time.Minute
	startTimeout   = 90 * time.Second
	stopTimeout    = 10 * time.Second
	requestTimeout = 30 * time.Second
)

// repoRoot is the module root, relative to this package.
const repoRoot = "../.."

// server is the wrangler dev process shared by the package's tests.
type server struct {
	base     string // http://127.0.0.1:PORT
	dir      string // temporary folder: site, worker, config, state, logs
	site     string // the built site
	worker   *workerbuild.Result
	wrangler string // node_modules/.bin/wrangler
	config   string // the test's wrangler.toml
	home     string // wrangler's HOME
	cmd      *exec.Cmd
	exited   chan struct{} // closed when the process has exited
	log      *syncBuffer   // wrangler's output
	// inspector is the port of the Worker's V8 inspector (wrangler's
	// proxy of workerd's), where the load test reads the isolate's heap.
	inspector int
}

var (
	shared    *server
	sharedErr error
	skipMsg   string
	startOnce sync.Once
)

// TestMain stops wrangler and removes the temporary folder after the tests,
// whatever they did.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.stop()
	}
	os.Exit(code)
}

// worker returns the running Worker, starting it on first use.
func worker(t testing.TB) *server {
	t.Helper()
	startOnce.Do(func() {
		shared, skipMsg, sharedErr = start()
	})
	switch {
	case skipMsg != "":
		testneed.Missing(t, skipMsg)
	case sharedErr != nil:
		t.Fatal(sharedErr)
	}
	return shared
}

// start builds the site and the Worker and starts wrangler dev. It returns
// a skip message when wrangler or node is missing.
func start() (*server, string, error) {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return nil, "", err
	}
	wrangler := filepath.Join(root, "node_modules", ".bin", "wrangler")
	if _, err := os.Stat(wrangler); err != nil {
		return nil, "wrangler is not installed (node_modules/.bin/wrangler missing): run `npm ci` to test the Worker", nil
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, "node is not on PATH: the Worker tests need Node.js 20 to run wrangler", nil
	}

	dir, err := os.MkdirTemp("", "commontext-worker-")
	if err != nil {
		return nil, "", err
	}
	s := &server{dir: dir, site: filepath.Join(dir, "public"), log: &syncBuffer{}}
	fail := func(err error) (*server, string, error) {
		s.stop()
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	if prebuilt := os.Getenv("COMMONTEXT_WORKERTEST_SITE"); prebuilt != "" {
		// A site built beforehand, e.g. with another --baseURL.
		s.site, err = filepath.Abs(prebuilt)
		if err != nil {
			return fail(err)
		}
	} else if _, err := sitebuild.Build(ctx, sitebuild.Options{Root: root, Dest: s.site}); err != nil {
		return fail(fmt.Errorf("building the site: %w", err))
	}
	s.worker, err = workerbuild.Build(ctx, workerbuild.Options{Root: root, Out: filepath.Join(dir, "worker")})
	if err != nil {
		return fail(err)
	}

	config, err := testConfig(filepath.Join(root, "wrangler.toml"), filepath.Join(s.worker.Dir, "worker.mjs"), s.site)
	if err != nil {
		return fail(err)
	}
	cfgPath := filepath.Join(dir, "wrangler.toml")
	s.config = cfgPath
	if err := os.WriteFile(cfgPath, config, 0o644); err != nil {
		return fail(err)
	}
	home := filepath.Join(dir, "home")
	s.home = home
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o755); err != nil {
		return fail(err)
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	inspector, err := freePort()
	if err != nil {
		return fail(err)
	}
	s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	s.inspector = inspector

	s.wrangler = wrangler
	s.cmd = exec.Command(wrangler, "dev",
		"--config", cfgPath,
		"--local",
		"--ip", "127.0.0.1",
		"--port", fmt.Sprint(port),
		"--inspector-port", fmt.Sprint(inspector),
		"--persist-to", filepath.Join(dir, "state"),
		"--show-interactive-dev-session=false",
		"--log-level", "info",
		// Turns on GET /api/_diagnostics/memory (cmd/worker/worker.mjs).
		"--var", "COMMONTEXT_DIAGNOSTICS:1",
	)
	s.cmd.Dir = dir
	s.cmd.Env = wranglerEnv(home)
	s.cmd.Stdin = nil
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	s.cmd.SysProcAttr = procAttr()
	s.cmd.WaitDelay = stopTimeout
	if err := s.cmd.Start(); err != nil {
		return fail(fmt.Errorf("starting wrangler: %w", err))
	}
	s.exited = make(chan struct{})
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(); err != nil {
		return fail(fmt.Errorf("%w\nwrangler output:\n%s", err, s.log.String()))
	}
	return s, "", nil
}

// wranglerEnv is the environment of wrangler: the test's, less anything
// that could reach a Cloudflare account, with a throwaway home (wrangler
// writes its config and logs there), metrics, error reports and the
// request.cf download off, and no banner (its update check is the only
// other thing that would go to the network, and only to the npm registry).
func wranglerEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "CLOUDFLARE_") || strings.HasPrefix(name, "CF_") ||
			strings.HasPrefix(name, "WRANGLER_") || name == "HOME" || name == "XDG_CONFIG_HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_HIDE_BANNER=true",
		"WRANGLER_LOG_PATH="+filepath.Join(home, "wrangler-logs"),
		"NO_COLOR=1",
		"FORCE_COLOR=0",
	)
}

// testConfig is the repository's wrangler.toml with main and the assets
// directory pointed at the test's builds; every other setting, routing
// above all, is the real one.
func testConfig(path, main, assets string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := string(b)
	for _, r := range []struct {
		re  *regexp.Regexp
		new string
	}{
		{regexp.MustCompile(`(?m)^main = ".*"$`), fmt.Sprintf("main = %q", main)},
		{regexp.MustCompile(`(?m)^directory = ".*"$`), fmt.Sprintf("directory = %q", assets)},
	} {
		if n := len(r.re.FindAllString(s, -1)); n != 1 {
			return nil, fmt.Errorf("%s: %d lines match %s, want 1", path, n, r.re)
		}
		s = r.re.ReplaceAllLiteralString(s, r.new)
	}
	return []byte(s), nil
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls the home page until it answers 200, wrangler exits, or
// startTimeout passes.
func (s *server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("wrangler dev exited before answering (%v)", s.cmd.ProcessState)
		default:
		}
		resp, err := client.Get(s.base + "/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("wrangler dev did not answer on %s within %s (last: %v)", s.base, startTimeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop ends wrangler, by its process id: SIGTERM to wrangler, which stops
// workerd, its child; then, after at most stopTimeout, SIGKILL to what is
// left of its process group. Then it removes the folder.
func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil && s.exited != nil {
		terminate(s.cmd.Process)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			fmt.Fprintf(os.Stderr, "workertest: wrangler (pid %d) ignored SIGTERM for %s; killing its process group\n", s.cmd.Process.Pid, stopTimeout)
		}
		killGroup(s.cmd.Process)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			fmt.Fprintf(os.Stderr, "workertest: wrangler (pid %d) did not exit\n", s.cmd.Process.Pid)
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// client is the HTTP client of the tests: no redirects followed (so that a
// redirect is seen), no compression (so that bodies compare as they are),
// and a timeout.
var client = &http.Client{
	Timeout:       requestTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64},
}

// fetch sends a request and returns the response with its body read.
func (s *server) fetch(t testing.TB, method, target string, body []byte, header map[string]string, chunked bool) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
		if chunked {
			rd = io.MultiReader(rd) // unknown length: sent chunked
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.base+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %.80s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %.80s: reading the body: %v", method, target, err)
	}
	return resp, b
}

// syncBuffer is a bytes.Buffer safe for the process's two output pipes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.b.Len() > 4<<20 { // keep the start: that is where startup errors are
		return len(p), nil
	}
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
