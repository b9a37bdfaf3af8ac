package sitetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/commontext/commontext/internal/testkit/browsertest"
	"github.com/commontext/commontext/internal/testkit/headers"
)

// TestBrowserReading reads the guide in Chromium as issue 13 asks: the
// "On this page" column and the highlighted section on a wide screen, by
// mouse and by keyboard; on a phone, a compact header whose menu opens
// without script, tap targets, no line broken inside "JTC 1", "ITU-T" or
// a clause reference, an unclipped caption, a breadcrumb whose lines never
// start with "›"; a subtle link target, figure text open in print, the
// home page's cards; and axe-core in light, dark and phone width.
func TestBrowserReading(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	const page = "/guide/collaborative-team/"

	// Wide screen: three columns, and the sub-clauses listed once.
	tab.Viewport(1400, 900, false)
	tab.Go(page)
	if !browsertest.Eval[bool](tab, `getComputedStyle(document.querySelector('.on-this-page')).display !== 'none'`) {
		t.Error("wide screen: no On this page column")
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.sidebar a[href$="#c8.6.3"]').length`); n != 0 {
		t.Error("wide screen: the clause tree also lists level-3 headings, as On this page does")
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.page-toc, #TableOfContents').length`); n != 0 {
		t.Error("an in-page contents box is still there")
	}
	// Scrolling to 8.6.3 marks it in On this page, and 8.6 in the tree.
	browsertest.Eval[bool](tab, `(document.getElementById('c8.6.3').scrollIntoView(), true)`)
	tab.Wait(`document.querySelector('.on-this-page a[href$="#c8.6.3"]').getAttribute('aria-current') === 'location'`, 5*time.Second)
	tab.Wait(`document.querySelector('.sidebar a[href$="#c8.6"]').getAttribute('aria-current') === 'location'`, 5*time.Second)
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('[aria-current="location"]').length`); n != 2 {
		t.Errorf("%d links marked as the current section, want 2", n)
	}
	// Keyboard: from the top of the page, Tab reaches the column's links
	// (after the text), and Enter on one goes to its section.
	tab.Go(page)
	browsertest.Eval[bool](tab, `(document.activeElement.blur(), true)`)
	reached := false
	for range 400 {
		tab.Key("\t")
		if browsertest.Eval[bool](tab, `document.activeElement.matches('.on-this-page a[href$="#c8.9"]')`) {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("keyboard: Tab never reaches 8.9 in On this page")
	}
	tab.Key("\r")
	tab.Wait(`location.hash === '#c8.9'`, 5*time.Second)
	tab.Wait(`document.querySelector('.on-this-page a[href$="#c8.9"]').getAttribute('aria-current') === 'location'`, 5*time.Second)
	// The target of a link is marked, subtly: not the old flood of colour.
	if bg := browsertest.Eval[string](tab, `getComputedStyle(document.getElementById('c8.9')).backgroundColor`); bg == "rgb(255, 242, 168)" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("link target background %s: want the faint accent tint", bg)
	}
	tab.Axe("clause page, wide, light")
	tab.Media("", "dark")
	tab.Axe("clause page, wide, dark")
	tab.Go("/glossary/")
	tab.Axe("glossary, dark")
	tab.Media("", "")

	// Home: the cards start with their heading, no empty band above it.
	tab.Go("/")
	if gap := browsertest.Eval[float64](tab, `(() => { const li = document.querySelector('.paths > li'); return li.querySelector('h3').getBoundingClientRect().top - li.getBoundingClientRect().top })()`); gap > 20 {
		t.Errorf("home cards: %.0f px above the heading, want the padding only", gap)
	}

	// Print: the figures' text alternatives are open.
	tab.Go("/guide/organization-procedures/")
	tab.Media("print", "")
	if h := browsertest.Eval[float64](tab, `document.querySelector('details.figure-text ol, details.figure-text ul, details.figure-text p').getBoundingClientRect().height`); h <= 0 {
		t.Error("print: \"This figure as text\" stays collapsed")
	}
	tab.Media("", "")
	if !strings.Contains(string(readFile(t, "print/index.html")), "<details open class=figure-text") {
		t.Error("/print/: figure text alternatives are not open")
	}

	// Phone.
	tab.Viewport(360, 740, true)
	tab.Go(page)
	if h := browsertest.Eval[float64](tab, `document.querySelector('.site-header').getBoundingClientRect().height`); h > 64 {
		t.Errorf("phone: header %.0f px tall, want one row", h)
	}
	tab.Click(`.menu > summary`)
	tab.Wait(`document.querySelector('.menu').open && document.querySelector('.site-nav a[href$="/print/"]').getBoundingClientRect().height > 0`, 5*time.Second)
	tab.Axe("clause page, phone, menu open")
	tab.Click(`.menu > summary`)
	if n := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.breadcrumbs li')].filter(li => getComputedStyle(li, '::before').content !== 'none' || (li.nextElementSibling && li.getClientRects().length !== 1)).map(li => li.textContent)`); len(n) != 0 {
		t.Errorf("phone: breadcrumb items %q may start a line with the separator", n)
	}
	for _, f := range htmlFiles(t) {
		if !guidePageClause.MatchString(f) && f != "glossary/index.html" {
			continue
		}
		tab.Go("/" + strings.TrimSuffix(f, "index.html"))
		if bad := browsertest.Eval[[]string](tab, noBreakInside); len(bad) != 0 {
			t.Errorf("phone, /%s: a line breaks inside %q", f, bad)
		}
	}
	tab.Go("/guide/organization-procedures/")
	if clip := browsertest.Eval[float64](tab, `(() => { const c = document.querySelector('#table-3 caption'); const r = document.createRange(); r.selectNodeContents(c); return r.getBoundingClientRect().right - c.closest('.table-wrap').getBoundingClientRect().right })()`); clip > 1 {
		t.Errorf("phone: Table 3's caption runs %.0f px past the visible area", clip)
	}
	tab.Go("/glossary/")
	if small := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.letters a')].filter(a => { const r = a.getBoundingClientRect(); return r.width < 24 || r.height < 24 }).map(a => a.textContent)`); len(small) != 0 {
		t.Errorf("phone: glossary letters %q are smaller than 24 px", small)
	}
	tab.Axe("glossary, phone")
	tab.Media("", "dark")
	tab.Go(page)
	tab.Axe("clause page, phone, dark")
	tab.Media("", "")
	tab.CheckClean()
}

// noBreakInside lists the occurrences of "JTC 1", "ITU-T" and "clause N"
// in the page's text that the browser has laid out across two lines.
const noBreakInside = `(() => {
  const bad = [];
  const re = /JTC[ \u00a0]1|ITU-[TR]|[Cc]lauses?[ \u00a0]\d+(?:\.\d+)*/g;
  const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    if (n.parentElement.closest('svg')) continue; // drawings place their own lines
    if (/^https?:/.test(n.data)) continue; // a URL may wrap anywhere on a phone
    for (const m of n.data.matchAll(re)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) bad.push(m[0] + ' in <' + n.parentElement.tagName.toLowerCase() + '>: ' + n.data.slice(Math.max(0, m.index - 30), m.index + 20));
    }
  }
  return bad;
})()`

// TestBrowserSearch: exact acronyms and clause numbers first, snippets
// that start at a word, results grouped by clause with its number, the
// arrow keys through the results and "/" to the search box, nothing
// loaded before the reader searches.
func TestBrowserSearch(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)

	// "/" on a guide page focuses the header's search box, on a phone too.
	for _, phone := range []bool{false, true} {
		if phone {
			tab.Viewport(360, 740, true)
		}
		tab.Go("/guide/introduction/")
		browsertest.Eval[bool](tab, `(document.activeElement.blur(), true)`)
		tab.Key("/")
		if id := browsertest.Eval[string](tab, `document.activeElement.id`); id != "site-q" {
			t.Errorf("phone %v: \"/\" focuses %q, want the search box", phone, id)
		}
	}
	tab.Viewport(1280, 900, false)

	tab.Go("/search/")
	if n := browsertest.Eval[int](tab, `performance.getEntriesByType('resource').filter(e => /search-index|minisearch/.test(e.name)).length`); n != 0 {
		t.Error("the search page loaded the engine or the index before the reader searched")
	}
	tab.Key("/")
	if id := browsertest.Eval[string](tab, `document.activeElement.id`); id != "q" {
		t.Errorf("search page: \"/\" focuses %q, want #q", id)
	}
	if n := browsertest.Eval[int](tab, `performance.getEntriesByType('resource').filter(e => /search-index|minisearch/.test(e.name)).length`); n != 0 {
		t.Error("focusing the search box loaded the engine or the index")
	}
	search := func(q string) {
		t.Helper()
		tab.SetInput("#q", q)
		tab.Wait(`document.getElementById('search-results').dataset.q === `+jsString(q)+` && document.querySelectorAll('#search-results a').length > 0`, 10*time.Second)
	}

	// "DIS": every result with the acronym as a whole word comes before
	// the prefix and fuzzy matches ("discrete", "distributed").
	search("DIS")
	got := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('#search-results li li')].map(li => li.textContent)`)
	exact, done := 0, false
	for _, r := range got {
		switch has := containsWord(r, "DIS"); {
		case has && done:
			t.Errorf("DIS: %q, with the acronym, ranks after a result without it", r)
		case has:
			exact++
		default:
			done = true
		}
	}
	if exact < 5 {
		t.Errorf("DIS: %d results with the acronym first, want at least 5", exact)
	}
	// Snippets start at a word: the index's text has a space (or nothing)
	// before each snippet's first word.
	bad := browsertest.Eval[[]string](tab, `fetch(document.getElementById('search-form').dataset.index).then(r => r.json()).then(docs => {
	  const all = docs.map(d => ' ' + d.x);
	  return [...document.querySelectorAll('#search-results li li p')].map(p => p.textContent.replace(/^… /, '').slice(0, 25))
	    .filter(s => !all.some(x => x.includes(' ' + s)));
	})`)
	for _, s := range bad {
		t.Errorf("snippet starts mid-word: %q", s)
	}
	// Grouped by clause: each group is headed by its clause and number,
	// and holds that clause's results only.
	groups := browsertest.Eval[[][]string](tab, `[...document.querySelectorAll('#search-results > li.group')].map(g => [g.querySelector('h2').textContent, ...[...g.querySelectorAll('a')].map(a => a.getAttribute('href'))])`)
	if len(groups) < 3 {
		t.Errorf("DIS: %d groups", len(groups))
	}
	for _, g := range groups {
		title, hrefs := g[0], g[1:]
		if title == "" || !strings.ContainsAny(title[:1], "0123456789ADA") {
			t.Errorf("group %q: no clause number", title)
		}
		page, _, _ := strings.Cut(hrefs[0], "#")
		for _, h := range hrefs {
			if !strings.HasPrefix(h, page+"#") {
				t.Errorf("group %q mixes %s and %s", title, hrefs[0], h)
			}
		}
	}
	// A clause number finds its clause first; "TAP" finds the acronym.
	for _, c := range []struct{ q, want string }{{"8.6.3", "#c8.6.3"}, {"7.9", "#c7.9"}, {"TAP", "#c3.1.1"}} {
		search(c.q)
		first := browsertest.Eval[string](tab, `document.querySelector('#search-results a').getAttribute('href')`)
		if c.q != "TAP" && !strings.HasSuffix(first, c.want) {
			t.Errorf("%s: first result %s, want %s", c.q, first, c.want)
		}
	}
	// Arrow keys: from the field into the results, down, and back up.
	search("Last Call")
	tab.Key(kb.ArrowDown)
	first := browsertest.Eval[string](tab, `document.activeElement.getAttribute('href')`)
	want := browsertest.Eval[string](tab, `document.querySelectorAll('#search-results a')[0].getAttribute('href')`)
	if first != want {
		t.Errorf("ArrowDown from the field focuses %q, want the first result %q", first, want)
	}
	tab.Key(kb.ArrowDown)
	if got := browsertest.Eval[string](tab, `document.activeElement.getAttribute('href')`); got != browsertest.Eval[string](tab, `document.querySelectorAll('#search-results a')[1].getAttribute('href')`) {
		t.Errorf("second ArrowDown focuses %q, want the second result", got)
	}
	tab.Key(kb.ArrowUp)
	tab.Key(kb.ArrowUp)
	if id := browsertest.Eval[string](tab, `document.activeElement.id`); id != "q" {
		t.Errorf("ArrowUp from the first result focuses %q, want the field", id)
	}
	tab.Axe("grouped search results")
	tab.CheckClean()
}

func containsWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if f == w {
			return true
		}
	}
	return false
}

// TestBrowserOffline: after a first visit the whole guide, /print/, search
// and the planner work with the network off (the server stopped and
// Chromium offline), from the root and from a sub-path.
func TestBrowserOffline(t *testing.T) {
	for _, c := range []struct {
		name, base string
		dir        func(testing.TB) string
		first      string // the page of the first visit, under base
	}{
		{"root", "/", siteDir, ""},
		{"sub-path", subPathBase, subPathDir, ""},
		// Colleagues share planner links: a first visit that starts there
		// installs the offline copy too.
		{"planner first", "/", siteDir, "planner/#preset=tr-ci"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := c.dir(t)
			srv := serveUnder(t, dir, c.base)
			b := browsertest.New(t)
			tab := b.NewTab(t, srv.URL)
			tab.Go(c.base + c.first)
			tab.Wait(`!document.getElementById('offline-state').hidden && navigator.serviceWorker.controller`, 60*time.Second)
			if got := browsertest.Eval[string](tab, `document.getElementById('offline-state').textContent`); !strings.Contains(got, "Available offline") {
				t.Errorf("offline state reads %q", got)
			}

			// The network goes away.
			srv.Close()
			if _, err := chromedp.Call(tab.Ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				EmulateOfflineServiceWorker: ptr(true),
				MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(tab.Ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
				t.Fatal(err)
			}

			tab.Go(c.base + "guide/collaborative-team/")
			tab.Wait(`document.querySelector('h1') && document.querySelector('h1').textContent.includes('Collaborative Team')`, 10*time.Second)
			tab.ClickAndLoad(`.pager a[rel=next]`)
			tab.Wait(`document.querySelector('h1').textContent.includes('Recognition of cooperation')`, 10*time.Second)
			tab.Go(c.base + "print/")
			tab.Wait(`document.getElementById('c8.6.3') !== null`, 10*time.Second)
			tab.Go(c.base + "search/?q=DIS")
			tab.Wait(`document.querySelectorAll('#search-results a').length > 0`, 15*time.Second)
			tab.Go(c.base + "planner/")
			tab.Wait(ready, 60*time.Second)
			tab.Wait(bestPublication+` !== ''`, 30*time.Second)

			// Planning works offline: the engine recomputes a changed plan,
			// which is kept. (The second edit may supersede the first one's
			// computation, whose result is then not shown.)
			runs := browsertest.Eval[int](tab, `commontextTimings.recompute.length`)
			setValue(tab, "#pf-start", "2026-09-01")
			setValue(tab, "#pf-title", "Planned offline")
			tab.Wait(fmt.Sprintf(`commontextTimings.recompute.length >= %d`, runs+1), 10*time.Second)
			tab.Wait(savedPlan+`.plan.title === 'Planned offline' && `+savedPlan+`.plan.start.date === '2026-09-01'`, 10*time.Second)
			if !browsertest.Eval[bool](tab, `document.getElementById('plan-problems').hidden`) {
				t.Errorf("planning offline: %s", browsertest.Eval[string](tab, `document.getElementById('plan-problems').textContent`))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// serveUnder serves a built site at base ("/" or a sub-path such as
// "/guide/"), with the headers of its _headers file, on a server the test
// can stop.
func serveUnder(t testing.TB, dir, base string) *httptest.Server {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := headers.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = http.FileServer(http.Dir(dir))
	if base != "/" {
		h = http.StripPrefix(strings.TrimSuffix(base, "/"), h)
	}
	srv := httptest.NewServer(headers.Handler(rules, h))
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserSearchWholeWords (issue 21): the snippets mark whole words
// only ("DIS" never marks the DIS of "FDIS" or the "dis" of "discuss");
// a search sent from the header's field puts focus on the results, so
// the arrow keys move through them at once; "Figure 5a" and "Table 3"
// find that figure and that table first, as exact matches.
func TestBrowserSearchWholeWords(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Viewport(1280, 900, false)

	for _, q := range []string{"DIS", "ballot resol", "Last Call"} {
		tab.Go("/search/?q=" + strings.ReplaceAll(q, " ", "+"))
		tab.Wait(`document.getElementById('search-results').dataset.q === `+jsString(q)+` && document.querySelectorAll('#search-results a').length > 0`, 10*time.Second)
		marks := browsertest.Eval[[][]string](tab, `[...document.querySelectorAll('#search-results mark')].map(m => {
		  const before = m.previousSibling ? m.previousSibling.textContent : '';
		  const after = m.nextSibling ? m.nextSibling.textContent : '';
		  return [before.slice(-12), m.textContent, after.slice(0, 12)];
		})`)
		if len(marks) == 0 {
			t.Errorf("%q: nothing marked", q)
		}
		letter := regexp.MustCompile(`[\p{L}\p{N}]`)
		for _, m := range marks {
			before, word, after := m[0], m[1], m[2]
			if (before != "" && letter.MatchString(before[len(before)-1:])) || (after != "" && letter.MatchString(after[:1])) {
				t.Errorf("%q: marks %q inside a longer word: %s[%s]%s", q, word, before, word, after)
			}
		}
	}

	// Figure and table numbers: that figure or table first, not partial.
	for _, c := range []struct{ q, want string }{
		{"Figure 5a", "#figure-5a"}, {"figure 3b", "#figure-3b"}, {"Table 3", "#table-3"}, {"Table 1", "#table-1"},
	} {
		tab.Go("/search/?q=" + strings.ReplaceAll(c.q, " ", "+"))
		tab.Wait(`document.getElementById('search-results').dataset.q === `+jsString(c.q)+` && document.querySelectorAll('#search-results a').length > 0`, 10*time.Second)
		first := browsertest.Eval[[]any](tab, `(() => { const a = document.querySelector('#search-results li[data-rank="0"] a'); return [a.getAttribute('href'), a.closest('li.partial') !== null]; })()`)
		if href, _ := first[0].(string); !strings.HasSuffix(href, c.want) || first[1] == true {
			t.Errorf("%q: first result %v (partial: %v), want the exact match %s", c.q, first[0], first[1], c.want)
		}
	}

	// From the header: type, press Enter, and the arrow keys move through
	// the results.
	tab.Go("/guide/introduction/")
	tab.Click("#site-q")
	tab.Key("Last Call")
	tab.Key("\r")
	tab.Wait(`location.pathname === '/search/' && document.getElementById('search-results').dataset.q === 'Last Call'`, 10*time.Second)
	tab.Wait(`document.activeElement && document.activeElement.closest('#search-results') !== null`, 5*time.Second)
	links := `[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))`
	hrefs := browsertest.Eval[[]string](tab, links)
	if got := browsertest.Eval[string](tab, `document.activeElement.getAttribute('href')`); len(hrefs) < 2 || got != hrefs[0] {
		t.Fatalf("after a search from the header, focus is on %q, want the first result", got)
	}
	tab.Key(kb.ArrowDown)
	if got := browsertest.Eval[string](tab, `document.activeElement.getAttribute('href')`); got != hrefs[1] {
		t.Errorf("ArrowDown after a search from the header focuses %q, want the second result %q", got, hrefs[1])
	}
	tab.CheckClean()
}
