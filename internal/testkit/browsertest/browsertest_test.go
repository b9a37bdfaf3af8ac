package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Close()
	os.Exit(code)
}

// TestNextTestStartsClean: a browser context handed on to the next test
// (the same context, so its cache and service worker stay) keeps nothing
// the previous test's pages stored: local storage (also what a page stores
// as its tab closes), IndexedDB, cookies.
func TestNextTestStartsClean(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>t</title>`)
	}))
	defer srv.Close()
	const stored = `(async () => ({
  local: localStorage.getItem('k') ?? localStorage.getItem('late'),
  cookie: document.cookie,
  idb: (await indexedDB.databases()).map(d => d.name).join(),
}))()`
	type kept struct {
		Local  *string `json:"local"`
		Cookie string  `json:"cookie"`
		IDB    string  `json:"idb"`
	}
	var first string
	for i, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			parallel.Store(t, true) // one after the other, so that the second takes the first's context
			b := New(t)
			id := string(chromedp.FromContext(b.ctx).BrowserContextID)
			tab := b.NewTab(t, srv.URL)
			tab.Go("/")
			if i == 0 {
				first = id
				b.AllowDownloads(t, t.TempDir())
				Eval[bool](tab, `(async () => {
  localStorage.setItem('k', 'v');
  document.cookie = 'c=1; max-age=3600';
  await new Promise((ok, fail) => { const r = indexedDB.open('db'); r.onsuccess = ok; r.onerror = fail; });
  addEventListener('pagehide', () => localStorage.setItem('late', 'v')); // as the planner saves when it goes
  return true;
})()`)
				if got := Eval[kept](tab, stored); got.Local == nil || got.Cookie == "" || got.IDB != "db" {
					t.Fatalf("the page could not store its data: %+v", got)
				}
				return
			}
			if id != first {
				t.Fatalf("the second test has browser context %s, not the first's %s: the pool does not hand contexts on", id, first)
			}
			if got := Eval[kept](tab, stored); got.Local != nil || got.Cookie != "" || got.IDB != "" {
				t.Errorf("the next test finds what the previous one stored: local storage %q, cookie %q, IndexedDB %q", deref(got.Local), got.Cookie, got.IDB)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
}
