package sitetest

import (
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// TestBrowserPlannerPhone uses the planner on a 360 px phone (issue 21):
// the first screen shows the plan's actions, not only the introduction;
// the overview's dates keep on one line; every control of the planner and
// every link in its tables is a target of at least 24×24 px (WCAG 2.5.8;
// links inside running text are exempt).
func TestBrowserPlannerPhone(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-12-06")
	tab.Viewport(360, 740, true)
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)

	// The first screen: the toolbar of the plan's actions is on it, whole.
	toolbar := `document.querySelector('[role=group][aria-label="Plan actions"]').getBoundingClientRect()`
	if bottom, height := browsertest.Eval[float64](tab, toolbar+`.bottom`), browsertest.Eval[float64](tab, `innerHeight`); bottom > height {
		t.Errorf("phone: the plan's actions end %.0f px down, below the first screen (%.0f px)", bottom, height)
	}

	// The programme of work and its next 12 months: each date on one line.
	tab.Click(`#pf-programme-open`)
	tab.Wait(`document.querySelectorAll('#pf-programme-out table time').length > 0`, 10*time.Second)
	tab.Click(`#pf-programme-steps summary`)
	tab.Wait(`document.querySelectorAll('#pf-overview-out table time').length > 0`, 10*time.Second)
	const wraps = `[...document.querySelectorAll('table time')].filter(t => {
	  const rs = t.getClientRects();
	  return rs.length > 0 && (rs.length > 1 || t.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(t).lineHeight || 16));
	}).map(t => t.textContent)`
	if wrapped := browsertest.Eval[[]string](tab, wraps); len(wrapped) > 0 {
		t.Errorf("phone: %d dates wrap in the programme of work, e.g. %q", len(wrapped), wrapped[0])
	}
	// Back to the plan, with the list of plans open.
	tab.Click(`#pf-programme .pf-view-back`)
	tab.Click(`[role=group][aria-label="Plan actions"] button[aria-controls=pf-library][aria-expanded]`)
	tab.Wait(`!document.getElementById('pf-library').hidden && !document.querySelector('.pf-work').hidden`, 5*time.Second)
	if wrapped := browsertest.Eval[[]string](tab, wraps); len(wrapped) > 0 {
		t.Errorf("phone: %d dates wrap in the plan list, e.g. %q", len(wrapped), wrapped[0])
	}

	// Every control, with every menu and section opened, and every link in
	// a table: at least 24×24 px.
	browsertest.Eval[bool](tab, `(document.querySelectorAll('.planner details').forEach(d => d.open = true), true)`)
	small := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.planner :is(input:not([type=hidden]):not(.vh), select, textarea, button, summary, label.button, table a)')]
	  .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
	  .map(el => [el, el.getBoundingClientRect()])
	  .filter(([el, r]) => r.width < 23.5 || r.height < 23.5)
	  .map(([el, r]) => el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '') + ' ' + JSON.stringify((el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent).trim().slice(0, 30)) + ' ' + Math.round(r.width) + '×' + Math.round(r.height))`)
	if len(small) > 0 {
		t.Errorf("phone: %d targets smaller than 24×24 px:\n%s", len(small), strings.Join(small, "\n"))
	}
	tab.Axe("planner, phone")
	tab.CheckClean()
}
