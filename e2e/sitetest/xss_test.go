package sitetest

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/urlstate"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// xssText is a title, meeting body and place that would add elements and
// attributes to the page if any of them reached innerHTML unescaped: each
// element and attribute it could create is marked data-xss, so the test
// finds them whether or not the CSP stops them running.
const xssText = `<img data-xss src=x onerror="window.__xss=1">"><b data-xss>b</b>' data-xss='1</textarea><script data-xss>window.__xss=1</script>`

// TestBrowserPlannerXSS: a valid plan whose title, meeting bodies and
// places hold markup, opened in the planner by its link, shows that markup
// as text: no element or attribute of it appears in the page, no script
// of it runs, and the planner still plans (issue 12 item 11: the old test
// sent a state that was never valid, so it never reached innerHTML).
func TestBrowserPlannerXSS(t *testing.T) {
	if len(xssText) > plan.MaxTextLen {
		t.Fatalf("the payload is longer than a plan allows (%d > %d)", len(xssText), plan.MaxTextLen)
	}
	data, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["title"] = xssText
	for _, cal := range m["meetings"].(map[string]any) {
		for _, mt := range cal.([]any) {
			mt.(map[string]any)["body"] = xssText
			mt.(map[string]any)["place"] = xssText
		}
	}
	data, _ = json.Marshal(m)
	p, err := plan.Parse(data)
	if err != nil {
		t.Fatalf("the hostile plan must be valid: %v", err)
	}
	state, err := urlstate.Encode(p)
	if err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/#" + state)
	tab.Wait(ready, 30*time.Second)
	tab.Wait(`document.querySelector('#plan-results .pv-summary') !== null`, 10*time.Second)

	if got := browsertest.Eval[string](tab, `document.getElementById('plan-problems').hidden ? '' : document.getElementById('plan-problems').textContent`); got != "" {
		t.Fatalf("the planner found problems in the hostile plan: %s", got)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('[data-xss]').length`); n > 0 {
		html := browsertest.Eval[string](tab, `[...document.querySelectorAll('[data-xss]')].map(e => e.outerHTML).join(' | ')`)
		t.Errorf("%d injected elements: %.300s", n, html)
	}
	if inline := browsertest.Eval[int](tab, `[...document.scripts].filter(s => !s.src && s.type !== 'application/json').length`); inline > 0 {
		t.Errorf("%d inline scripts in the page", inline)
	}
	if browsertest.Eval[bool](tab, `'__xss' in window`) {
		t.Error("the payload's script ran")
	}
	// The markup is there, as text: in the title field and in the results.
	if got := browsertest.Eval[string](tab, `document.getElementById('pf-title').value`); got != xssText {
		t.Errorf("title field %q, want the plan's title as text", got)
	}
	results := browsertest.Eval[string](tab, `document.getElementById('plan-results').textContent`)
	if !strings.Contains(results, xssText) {
		t.Errorf("the results do not show the meetings' body as text: %.300s", results)
	}
	// The page still plans after the hostile plan.
	before := browsertest.Eval[string](tab, bestPublication)
	setValue(tab, "#pf-start", "2027-01-04")
	tab.Wait(bestPublication+` !== `+jsString(before), 5*time.Second)
}
