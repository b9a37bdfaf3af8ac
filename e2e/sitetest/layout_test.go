package sitetest

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// TestBrowserLayouts: the pages read on a 360 px phone without sideways
// scrolling, switch to dark colours with the system, hide the navigation
// when printed, and keep their text with JavaScript turned off.
func TestBrowserLayouts(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	pages := []string{"/", "/guide/", "/guide/introduction/", "/guide/organizational-structures/",
		"/guide/organization-procedures/", "/guide/collaborative-team/", "/guide/appendix-i/",
		"/glossary/", "/search/?q=ballot", "/print/"}

	tab.Viewport(360, 740, true)
	for _, p := range pages {
		tab.Go(p)
		// Wide tables scroll inside their own box; the page itself must not.
		if w := browsertest.Eval[int](tab, `document.documentElement.scrollWidth`); w > 360 {
			over := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap')).slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent||'').slice(0, 40))`)
			t.Errorf("%s at 360 px: page is %d px wide (overflowing: %v)", p, w, over)
		}
	}
	tab.Viewport(1280, 900, false)

	tab.Go("/guide/collaborative-team/")
	light := browsertest.Eval[string](tab, `getComputedStyle(document.body).backgroundColor`)
	tab.Media("", "dark")
	dark := browsertest.Eval[string](tab, `getComputedStyle(document.body).backgroundColor`)
	if light == dark {
		t.Errorf("prefers-color-scheme: dark leaves the background %s", dark)
	}
	tab.Axe("clause page, dark")

	tab.Media("print", "")
	for sel, want := range map[string]string{".site-header": "none", ".sidebar": "none", ".pager": "none", "main": "block"} {
		got := browsertest.Eval[string](tab, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, sel))
		if (want == "none") != (got == "none") {
			t.Errorf("print: %s display is %s, want %s", sel, got, want)
		}
	}
	tab.Media("", "")
	tab.CheckClean()
}

// TestNoJavaScriptNeeded: with JavaScript off, a guide page still shows
// its whole text (nothing is rendered by script). The one script pages
// carry is guide.js, an optional module (section marking, "/" to search,
// the offline copy); no inline script.
func TestNoJavaScriptNeeded(t *testing.T) {
	for _, p := range []string{"guide/collaborative-team/index.html", "index.html", "glossary/index.html", "print/index.html", "guide/index.html"} {
		for _, s := range elements(parsePage(t, p), "script") {
			src, _ := attr(s, "src")
			typ, _ := attr(s, "type")
			if typ != "module" || !guideScript.MatchString(src) || s.FirstChild != nil {
				t.Errorf("%s: a script other than the optional guide.js module: %s", p, describe(s))
			}
		}
	}
}

var guideScript = regexp.MustCompile(`^/js/guide\.(?:min\.)?[0-9a-f]+\.js$`)
