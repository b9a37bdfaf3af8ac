// Package browsertest drives headless Chromium (through chromedp) for the
// tests of pages that must work in a real browser. It records what a page
// does that a reader would never see — console errors, uncaught
// exceptions, requests to other origins — and runs axe-core on it.
//
// On a machine without Chromium or axe-core the tests skip with a message,
// or fail where they are required (package testneed has the one rule).
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/commontext/commontext/internal/testkit/testneed"
)

// findChromium returns the browser's path, or "".
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is a test's own browser: an isolated browser context (its own
// storage, cache, service workers and downloads, as a fresh profile has) in
// the one headless Chromium that the test binary shares. Starting Chromium
// costs about a second; a browser context costs a few milliseconds, and
// tests in their own contexts can run side by side (t.Parallel).
//
// A browser context outlives its test: when the test ends, its tabs are
// closed, the data the pages kept (local storage, IndexedDB, cookies) is
// cleared for every origin its tabs were opened on, downloads and
// permissions are reset, and the next test takes the context over. What a
// reader's browser keeps between visits stays: the HTTP cache, the
// compiled WebAssembly and the site's service worker with its offline
// copy. A fresh context, on this 2-core machine, cost each test about 4 s
// of CPU (a new window, the service worker copying the whole site, the
// planner's 5 MB of WebAssembly compiled anew), most of the browser
// suite's time. A test that needs a first visit uses an origin of its own.
type Browser struct {
	ctx   context.Context
	entry *pooled
}

// pooled is one browser context of the shared Chromium, kept for the next
// test when its test ends (see Browser).
type pooled struct {
	ctx     context.Context
	cancel  context.CancelFunc
	mu      sync.Mutex
	origins map[string]bool // the origins tabs were opened on, to clear
}

// pool holds the browser contexts no test is using.
var pool struct {
	mu   sync.Mutex
	idle []*pooled
}

// process is the one Chromium of this test binary, started on first use
// and stopped by Close.
var process struct {
	once    sync.Once
	ctx     context.Context
	cancel  context.CancelFunc
	dataDir string
	err     error
}

// parallel records the tests New has marked parallel: t.Parallel may be
// called only once per test, and a test may open several browsers.
var parallel sync.Map

// startProcess starts the shared Chromium.
func startProcess(path string) {
	dir, err := os.MkdirTemp("", "commontext-chromium-")
	if err != nil {
		process.err = err
		return
	}
	process.dataDir = dir
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
		// This machine's network is closed: no background connections,
		// and no name other than localhost resolves, so a request to
		// another origin fails fast and shows in the request log.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
		// Tests run side by side: a tab that is not in front must not be
		// throttled, or its timers and animation frames would wait.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	process.ctx = ctx
	process.cancel = func() { cancel(); acancel() }
	if err := chromedp.Do(ctx); err != nil {
		process.err = fmt.Errorf("starting Chromium at %s: %w", path, err)
	}
}

// Close stops the shared Chromium, if it was started. Call it from
// TestMain after m.Run, so that no browser outlives the tests.
func Close() {
	if process.cancel != nil {
		process.cancel()
	}
	if process.dataDir != "" {
		os.RemoveAll(process.dataDir)
	}
}

// New gives the test a browser of its own (a browser context of the shared
// headless Chromium that no other test is using, cleared as Browser says),
// or skips (fails where required, see testneed) when there is no Chromium
// or axe-core is not installed. The context goes back to the pool when the
// test ends. A benchmark's context is new, and disposed of when it ends.
//
// A test (not a benchmark) that asks for a browser shares nothing with the
// others but the built site, so New marks it parallel (t.Parallel, once per
// test): browser tests, which wait on the browser most of the time, then
// run side by side, up to go test's -parallel at once.
func New(t testing.TB) *Browser {
	t.Helper()
	if pt, ok := t.(*testing.T); ok {
		if _, seen := parallel.LoadOrStore(pt, true); !seen {
			pt.Parallel()
		}
	}
	path := findChromium()
	if path == "" {
		testneed.Missing(t, "browser test needs Chromium (apt-get install -y chromium)")
	}
	if _, err := os.Stat(axePath()); err != nil {
		testneed.Missing(t, "browser test needs axe-core (run npm ci at the repo's root)")
	}
	process.once.Do(func() { startProcess(path) })
	if process.err != nil {
		t.Fatal(process.err)
	}
	// A benchmark measures, among other things, a first visit: it gets a
	// context of its own, disposed of when it ends.
	_, isTest := t.(*testing.T)
	e, err := takeContext(isTest)
	if err != nil {
		t.Fatalf("opening a browser context: %v", err)
	}
	ctx, tcancel := context.WithTimeout(e.ctx, 3*time.Minute)
	b := &Browser{ctx: ctx, entry: e}
	t.Cleanup(func() {
		tcancel()
		if !isTest {
			e.cancel()
			return
		}
		if err := e.reset(); err != nil {
			// A context that cannot be cleared is not reused.
			t.Logf("browsertest: a browser context is discarded: %v", err)
			e.cancel()
			return
		}
		pool.mu.Lock()
		pool.idle = append(pool.idle, e)
		pool.mu.Unlock()
	})
	return b
}

// takeContext returns an idle browser context if reuse is true and there
// is one, or a new one.
func takeContext(reuse bool) (*pooled, error) {
	pool.mu.Lock()
	if n := len(pool.idle); reuse && n > 0 {
		e := pool.idle[n-1]
		pool.idle = pool.idle[:n-1]
		pool.mu.Unlock()
		return e, nil
	}
	pool.mu.Unlock()
	ctx, cancel := chromedp.NewContext(process.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	return &pooled{ctx: ctx, cancel: cancel, origins: make(map[string]bool)}, nil
}

// clearedData is what reset clears for each origin: what pages store,
// not what a browser keeps for them (the HTTP cache, the service worker
// and its Cache Storage).
const clearedData = "cookies,file_systems,indexeddb,local_storage,shared_storage,storage_buckets,websql"

// waitTabsClosed waits until no page of the context is left but its
// first, blank one. Closing a tab does not wait for its page to be gone
// (chromedp gives up after half a second), and a page that is going away
// still saves what it keeps (the planner stores its plan as the page is
// hidden): cleared before that, the data would be back for the next test.
func (e *pooled) waitTabsClosed(ctx context.Context) error {
	c := chromedp.FromContext(ctx)
	own, id := c.Target.TargetID, c.BrowserContextID
	for {
		r, err := chromedp.CallBrowser(ctx, target.GetTargets, target.GetTargetsParams{})
		if err != nil {
			return fmt.Errorf("listing the tabs: %w", err)
		}
		var left []string
		for _, ti := range r.TargetInfos {
			switch ti.Type {
			case "page", "iframe", "worker", "shared_worker":
				if ti.BrowserContextID == id && ti.TargetID != own {
					left = append(left, ti.Type+" "+ti.URL)
				}
			}
		}
		if len(left) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pages still open: %v", left)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// reset makes the context as a new test expects it: the data pages stored
// cleared, downloads denied again and permissions reset. Its tabs are
// closed by then (each tab's cleanup ran before its browser's).
func (e *pooled) reset() error {
	e.mu.Lock()
	origins := make([]string, 0, len(e.origins))
	for o := range e.origins {
		origins = append(origins, o)
	}
	clear(e.origins)
	e.mu.Unlock()
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	if err := e.waitTabsClosed(ctx); err != nil {
		return err
	}
	for _, o := range origins {
		if _, err := chromedp.Call(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: o, StorageTypes: clearedData}); err != nil {
			return fmt.Errorf("clearing the data of %s: %w", o, err)
		}
	}
	id := chromedp.FromContext(ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorDefault, BrowserContextID: id,
	}); err != nil {
		return fmt.Errorf("resetting downloads: %w", err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.ResetPermissions, cdpbrowser.ResetPermissionsParams{BrowserContextID: id}); err != nil {
		return fmt.Errorf("resetting permissions: %w", err)
	}
	return nil
}

// Tab is one page under test, with what it has done recorded.
type Tab struct {
	t      testing.TB
	Ctx    context.Context
	origin string

	mu       sync.Mutex
	requests []string // every URL requested
	problems []string // console errors and uncaught exceptions
}

// NewTab opens a tab that records its requests and console errors. origin
// ("http://127.0.0.1:1234") is the site's own origin.
func (b *Browser) NewTab(t testing.TB, origin string) *Tab {
	t.Helper()
	b.entry.mu.Lock()
	b.entry.origins[origin] = true
	b.entry.mu.Unlock()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	tab := &Tab{t: t, Ctx: ctx, origin: origin}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	go func() {
		for ev, err := range chromedp.Events(ctx, network.RequestWillBeSent) {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.requests = append(tab.requests, ev.Request.URL)
			tab.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, cdpruntime.ConsoleAPICalled) {
			if err != nil {
				return
			}
			if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				tab.addProblem("console.%s: %s", ev.Type, strings.Join(parts, " "))
			}
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, cdpruntime.ExceptionThrown) {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tab.addProblem("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, cdplog.EntryAdded) {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError {
				tab.addProblem("browser log: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		}
	}()
	return tab
}

func (tab *Tab) addProblem(format string, args ...any) {
	tab.mu.Lock()
	tab.problems = append(tab.problems, fmt.Sprintf(format, args...))
	tab.mu.Unlock()
}

// FixToday makes the tab's pages see day (YYYY-MM-DD) as today: their
// clock starts at noon UTC on that day when a page loads and runs on from
// there. A page that plans "as of today" (the planner) then gives the same
// dates whatever day the tests run. Call it before Go.
func (tab *Tab) FixToday(day string) {
	tab.t.Helper()
	script := fmt.Sprintf(`(() => {
  const Real = Date, shift = Real.parse(%q + "T12:00:00Z") - Real.now();
  class Shifted extends Real {
    constructor(...a) { if (a.length === 0) { super(Real.now() + shift); } else { super(...a); } }
    static now() { return Real.now() + shift; }
  }
  globalThis.Date = Shifted;
})();`, day)
	if _, err := chromedp.Call(tab.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		tab.t.Fatalf("fixing today at %s: %v", day, err)
	}
}

// Go navigates to path (relative to the origin) and waits for the load.
func (tab *Tab) Go(path string) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(tab.origin+path)); err != nil {
		tab.t.Fatalf("navigating to %s: %v", path, err)
	}
}

// Eval evaluates a JavaScript expression (awaiting a promise) and decodes
// its JSON result into T.
func Eval[T any](tab *Tab, expr string) T {
	tab.t.Helper()
	v, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tab.t.Fatalf("evaluating %s: %v", abbrev(expr), err)
	}
	return v
}

// Wait polls a JavaScript predicate until it is truthy, or fails. It
// rides through navigations (a redirect, a reload) while it waits.
//
// The page itself polls (every 15 ms, for up to a second per call), so
// that a wait of seconds costs a few calls to the browser, not one each
// 30 ms: on this 2-core machine the round trips of hundreds of tests'
// waits were a good part of the browser's work. A navigation ends a call
// early (its page is gone); the next call polls the new page.
func (tab *Tab) Wait(expr string, timeout time.Duration) {
	tab.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for {
		slice := min(time.Until(deadline), time.Second)
		if slice <= 0 {
			break
		}
		js := fmt.Sprintf(`new Promise((resolve) => {
  const end = performance.now() + %d;
  const check = () => {
    let ok = false, thrown = '';
    try { ok = !!(%s); } catch (e) { thrown = String(e); }
    if (ok || performance.now() >= end) { resolve({ok, thrown}); return; }
    setTimeout(check, 15);
  };
  check();
})`, slice.Milliseconds(), expr)
		r, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[struct {
			OK     bool   `json:"ok"`
			Thrown string `json:"thrown"`
		}](js, chromedp.EvalAwaitPromise))
		if err == nil && r.OK {
			return
		}
		if err == nil && r.Thrown != "" {
			err = errors.New(r.Thrown)
		}
		if err != nil {
			last = err
			if tab.Ctx.Err() != nil {
				break
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	tab.t.Fatalf("waiting %s for %s: not true (last error: %v)", timeout, abbrev(expr), last)
}

// Requests returns the URLs requested so far.
func (tab *Tab) Requests() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.requests...)
}

// ResetRequests forgets the requests recorded so far.
func (tab *Tab) ResetRequests() {
	tab.mu.Lock()
	tab.requests = nil
	tab.mu.Unlock()
}

// CheckClean fails the test for any console error, uncaught exception or
// request to another origin seen so far.
func (tab *Tab) CheckClean() {
	tab.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the event loops catch up
	tab.mu.Lock()
	defer tab.mu.Unlock()
	for _, p := range tab.problems {
		tab.t.Errorf("page problem: %s", p)
	}
	for _, r := range tab.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Scheme+"://"+u.Host != tab.origin) {
			tab.t.Errorf("request to another origin: %s", r)
		}
	}
}

// axePath is where npm puts axe-core (package.json at the repo's root).
func axePath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "node_modules", "axe-core", "axe.min.js")
}

// Violation is one axe-core rule that a page breaks.
type Violation struct {
	ID     string `json:"id"`
	Help   string `json:"help"`
	Impact string `json:"impact"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// Axe runs axe-core (WCAG 2 A and AA rules, and best practices) on the
// current page and fails the test for each violation.
func (tab *Tab) Axe(name string) {
	tab.t.Helper()
	// A page that has axe-core from an earlier check keeps it (half a
	// megabyte of script, parsed again at each load otherwise).
	if !Eval[bool](tab, `typeof axe === 'object' && typeof axe.run === 'function'`) {
		src, err := os.ReadFile(axePath())
		if err != nil {
			tab.t.Fatalf("axe-core is not installed (run npm ci at the repo's root): %v", err)
		}
		if _, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
			tab.t.Fatalf("loading axe-core: %v", err)
		}
	}
	raw := Eval[[]byte](tab, `axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']}}).then(r => r.violations)`)
	var vs []Violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		tab.t.Fatalf("axe-core result: %v", err)
	}
	for _, v := range vs {
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, abbrev(n.HTML))
		}
		tab.t.Errorf("axe on %s: %s (%s, %s): %s", name, v.ID, v.Impact, v.Help, strings.Join(where, " | "))
	}
}

func abbrev(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// Click clicks the first element matching a CSS selector.
func (tab *Tab) Click(selector string) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		tab.t.Fatalf("clicking %s: %v", selector, err)
	}
}

// Key sends key presses to the page.
func (tab *Tab) Key(keys string) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, chromedp.KeyEvent(keys)); err != nil {
		tab.t.Fatalf("pressing %q: %v", keys, err)
	}
}

// SetInput replaces the value of a text field as a reader typing would,
// firing the input event.
func (tab *Tab) SetInput(selector, value string) {
	tab.t.Helper()
	clear := `(() => { const el = document.querySelector(` + jsQuote(selector) + `); el.focus(); el.value = ""; return true })()`
	if err := chromedp.Do(tab.Ctx,
		chromedp.Evaluate[chromedp.Void](clear),
		chromedp.SendKeys(chromedp.CSS(selector), value),
	); err != nil {
		tab.t.Fatalf("typing into %s: %v", selector, err)
	}
}

// ClickAndLoad clicks a link that leads to another page and waits for that
// page's load event.
func (tab *Tab) ClickAndLoad(selector string) {
	tab.t.Helper()
	if _, err := chromedp.Run(tab.Ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(selector)))); err != nil {
		tab.t.Fatalf("following %s: %v", selector, err)
	}
}

// jsQuote quotes s as a JavaScript string literal.
func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Viewport sets the page's viewport, as a phone (mobile) or a desktop.
func (tab *Tab) Viewport(width, height int64, mobile bool) {
	tab.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(tab.Ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		tab.t.Fatalf("setting the viewport to %dx%d: %v", width, height, err)
	}
}

// Media emulates a CSS media type ("print", "screen") and media features
// such as prefers-color-scheme ("dark", "light"); empty strings reset.
func (tab *Tab) Media(mediaType, colorScheme string) {
	tab.t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: mediaType}
	if colorScheme != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: colorScheme}}
	}
	if _, err := chromedp.Call(tab.Ctx, emulation.SetEmulatedMedia, p); err != nil {
		tab.t.Fatalf("emulating media %q/%q: %v", mediaType, colorScheme, err)
	}
}

// AllowDownloads saves the page's downloads in dir.
func (b *Browser) AllowDownloads(t testing.TB, dir string) {
	t.Helper()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID,
	}); err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
}

// AllowClipboard lets the pages of origin read and write the clipboard,
// as a reader who accepts the browser's prompt does, so that a test can
// read back what a page copied.
func (b *Browser) AllowClipboard(t testing.TB, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true}, Setting: cdpbrowser.PermissionSettingGranted,
			Origin: origin, BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID,
		}); err != nil {
			t.Fatalf("allowing the clipboard (%s): %v", name, err)
		}
	}
}

// Upload sets the files of a file input, as a reader choosing them would.
func (tab *Tab) Upload(selector string, files ...string) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, chromedp.SetUploadFiles(chromedp.CSS(selector), files)); err != nil {
		tab.t.Fatalf("choosing %v in %s: %v", files, selector, err)
	}
}
