package sitetest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
	"github.com/commontext/commontext/internal/testkit/headers"
)

// serve serves the built site on a loopback port for the browser, with the
// headers of its _headers file (so the Content-Security-Policy is enforced
// as on a real host), and returns its origin. The tests share one server
// and so one origin: a browser context that a test hands on (see
// browsertest.Browser) then already has the site in its cache and its
// service worker installed. TestMain stops it.
func serve(t testing.TB) string {
	t.Helper()
	dir := siteDir(t)
	site.once.Do(func() {
		f, err := os.Open(filepath.Join(dir, "_headers"))
		if err != nil {
			site.err = err
			return
		}
		defer f.Close()
		rules, err := headers.Parse(f)
		if err != nil {
			site.err = err
			return
		}
		site.srv = httptest.NewServer(headers.Handler(rules, http.FileServer(http.Dir(dir))))
	})
	if site.err != nil {
		t.Fatal(site.err)
	}
	return site.srv.URL
}

// site is the server of serve, started on first use.
var site struct {
	once sync.Once
	srv  *httptest.Server
	err  error
}

// TestBrowserGuide reads the guide as a reader would, in headless Chromium:
// navigation, glossary and search work, nothing fails in the console,
// nothing is requested from another origin, and axe-core finds no
// accessibility violation on the home page, a clause page, the glossary
// and a search result.
func TestBrowserGuide(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)

	// Home → the guide's contents → clause 8 through the nav and links.
	tab.Go("/")
	tab.Axe("home page")
	if got := browsertest.Eval[int](tab, `document.querySelectorAll('.paths > li').length`); got != 3 {
		t.Errorf("home page: %d entry paths, want 3", got)
	}
	// The first Tab press reaches the skip link.
	browsertest.Eval[bool](tab, `(document.activeElement && document.activeElement.blur(), true)`)
	tab.Key("\t")
	if got := browsertest.Eval[string](tab, `document.activeElement.className`); got != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", got)
	}
	tab.ClickAndLoad(`.site-nav a[href$="/guide/"]`)
	tab.Wait(`location.pathname === "/guide/"`, 5*time.Second)
	tab.ClickAndLoad(`main a[href="/guide/collaborative-team/"]`)
	tab.Wait(`location.pathname === "/guide/collaborative-team/"`, 5*time.Second)
	if got := browsertest.Eval[string](tab, `document.querySelector('h1').textContent`); !strings.Contains(got, "Collaboration using a Collaborative Team") {
		t.Errorf("clause 8 h1 = %q", got)
	}
	// Sidebar: the current clause is marked and its sub-clauses open.
	if got := browsertest.Eval[int](tab, `document.querySelectorAll('.sidebar a[aria-current="page"] + ol a').length`); got < 10 {
		t.Errorf("sidebar: %d sub-clauses listed under the current clause, want 8.1 to 8.12 and more", got)
	}
	// "On this page" jumps to 8.6.3.
	tab.Click(`.on-this-page a[href$="#c8.6.3"]`)
	tab.Wait(`location.hash === "#c8.6.3"`, 5*time.Second)
	// Previous and next.
	if got := browsertest.Eval[string](tab, `document.querySelector('.pager a[rel=next]').getAttribute('href')`); got != "/guide/recognition-of-cooperation/" {
		t.Errorf("next from clause 8 = %q", got)
	}
	tab.Axe("clause page")

	// A defined term links to the glossary entry; the glossary shows it.
	tab.ClickAndLoad(`main a.term[href="/glossary/#term-last-call"]`)
	tab.Wait(`location.pathname === "/glossary/" && location.hash === "#term-last-call"`, 5*time.Second)
	if got := browsertest.Eval[string](tab, `document.getElementById('term-last-call').textContent`); !strings.Contains(got, "Last Call") {
		t.Errorf("glossary #term-last-call = %q", got)
	}
	tab.Axe("glossary")

	// A permalink lands on its clause.
	tab.Go("/c/8.6.3/")
	tab.Wait(`location.pathname === "/guide/collaborative-team/" && location.hash === "#c8.6.3"`, 5*time.Second)

	// Search: typed, partial words and abbreviations find the right clause.
	tab.Go("/search/")
	if got := browsertest.Eval[int](tab, `performance.getEntriesByType('resource').filter(e => e.name.includes('search-index')).length`); got != 0 {
		t.Error("search page fetched the index before the reader searched")
	}
	for _, c := range []struct{ query, want string }{
		{"ballot resol", "#c8.6.3"},
		{"DIS ballot", "#c3.2"},
		{"Last Call", "#c1.5.1.6"},
		{"TAP", "#c3.1.1"},
		{"8.6.3", "#c8.6.3"},
	} {
		tab.SetInput("#q", c.query)
		tab.Wait(`document.getElementById('search-results').dataset.q === `+jsString(c.query)+` && document.querySelectorAll('#search-results li a').length > 0`, 10*time.Second)
		hrefs := browsertest.Eval[[]string](tab, topResults)
		found := false
		for _, h := range hrefs {
			found = found || strings.HasSuffix(h, c.want)
		}
		if !found {
			t.Errorf("search %q: top results %v, want one ending in %s", c.query, hrefs, c.want)
		}
	}
	// Keyboard: Tab from the search field reaches the results.
	tab.Axe("search results")
	tab.ClickAndLoad(`#search-results li a`)
	tab.Wait(`location.pathname !== "/search/"`, 5*time.Second)

	tab.CheckClean()
}

// topResults lists the hrefs of the five best search results, in the
// order of their rank (the page groups them by clause).
const topResults = `[...document.querySelectorAll('#search-results li[data-rank]')].sort((a, b) => a.dataset.rank - b.dataset.rank).slice(0, 5).map(li => li.querySelector('a').getAttribute('href'))`

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
