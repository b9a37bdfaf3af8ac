package sitetest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// bigPlan writes the worked example with 1,500 meetings (500 in each
// calendar, the most a plan may have) to a file, and returns its path.
// Planning it takes the engine hundreds of milliseconds.
func bigPlan(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../" + sitebuild.ExamplePlan)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p["title"] = "A plan with 1,500 meetings"
	delete(p, "id")
	kinds := map[string][]string{"itu": {"sg", "wp"}, "jtc1": {"sc", "wg"}, "ct": {"ct"}}
	meetings := map[string]any{}
	for cal, ks := range kinds {
		var list []map[string]string
		for i := range 500 {
			day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 3*i+len(cal))
			list = append(list, map[string]string{
				"id": fmt.Sprintf("%s-%d", cal, i), "body": fmt.Sprintf("%s meeting %d", cal, i), "kind": ks[i%len(ks)],
				"start": day.Format(time.DateOnly), "end": day.AddDate(0, 0, 2).Format(time.DateOnly), "place": "Geneva",
			})
		}
		meetings[cal] = list
	}
	p["meetings"] = meetings
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.commontext.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// recomputes is how many results the page has shown.
const recomputes = `commontextTimings.recompute.length`

// shownDates is the timeline's dates, as shown.
const shownDates = `[...document.querySelectorAll('#plan-results svg .tl-date')].map(e => e.textContent).join(' ')`

// TestBrowserPlannerStaysResponsive: the engine runs off the page's main
// thread. While the engine computes, the toolbar answers a click; a newer
// edit wins over the one being planned (whose result is never shown); a
// computation that runs long shows its progress and can be cancelled, and
// the planner goes on.
//
// Each step holds the engine so that the order of events does not depend on
// how fast this machine is: the two edits are made in one task (the first
// is in flight when the second arrives), and the long computation waits
// behind testBusy, which only Cancel ends.
func TestBrowserPlannerStaysResponsive(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-01-15")
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	tab.Upload("#pf-upload", bigPlan(t))
	tab.Wait(`document.getElementById('pf-title').value === 'A plan with 1,500 meetings' && !document.getElementById('plan-results').classList.contains('stale')`, 60*time.Second)

	// A newer edit wins over the one being planned: the older edit's
	// result is never shown, not even for a moment (the page that planned
	// on its main thread showed each in turn).
	{
		n := browsertest.Eval[int](tab, recomputes)
		browsertest.Eval[bool](tab, `(() => {
			window.datesShown = [];
			// Every timeline put in, read from the records (a result
			// replaced in the same task is in them too).
			new MutationObserver((records) => {
				for (const r of records) for (const n of r.addedNodes) if (n.querySelectorAll) window.datesShown.push([...n.querySelectorAll('.tl-date')].map(e => e.textContent).join(' '));
			}).observe(document.getElementById('plan-results'), { childList: true, subtree: true, characterData: true });
			for (const d of ['2026-05-04', '2026-06-01']) {
				const el = document.getElementById('pf-start');
				el.value = d;
				el.dispatchEvent(new Event('input', { bubbles: true }));
				el.dispatchEvent(new Event('change', { bubbles: true })); // committed: planned at once, not after a pause
			}
			return true;
		})()`)
		tab.Wait(recomputes+` > `+fmt.Sprint(n)+` && `+shownDates+`.includes('2026-06-01')`, 60*time.Second)
		if got := browsertest.Eval[string](tab, `window.datesShown.join(' | ')`); strings.Contains(got, "2026-05-04") {
			t.Errorf("the results showed the older edit's date 2026-05-04: %.300q", got)
		}
	}

	// While the engine computes, the toolbar answers; a computation that
	// runs long shows its progress and can be cancelled by keyboard; the
	// planner goes on.
	{
		n := browsertest.Eval[int](tab, recomputes)
		browsertest.Eval[bool](tab, `(() => {
			window.busyCall = 'running';
			commontext.testBusy(600000).then(() => { window.busyCall = 'done' }, () => { window.busyCall = 'ended' });
			const el = document.getElementById('pf-start');
			el.value = '2026-07-01';
			el.dispatchEvent(new Event('input', { bubbles: true }));
			el.dispatchEvent(new Event('change', { bubbles: true })); // committed: planned at once, not after a pause
			return true;
		})()`)
		tab.Wait(`!document.getElementById('pf-busy').hidden`, 30*time.Second)
		tab.Click("#pf-plans")
		tab.Wait(`document.getElementById('pf-plans').getAttribute('aria-expanded') === 'true'`, 10*time.Second)
		if got := browsertest.Eval[int](tab, recomputes); got != n || browsertest.Eval[string](tab, `window.busyCall`) != "running" {
			t.Errorf("the toolbar's click was handled only after the computation (%d results shown, want %d; the engine's call %s): the page froze", got, n, browsertest.Eval[string](tab, `window.busyCall + document.getElementById("planner-status").textContent`))
		}
		browsertest.Eval[bool](tab, `(document.getElementById('pf-cancel').focus(), true)`)
		tab.Key("\r")
		tab.Wait(`document.getElementById('planner-status').textContent.includes('cancelled') && document.getElementById('pf-busy').hidden`, 10*time.Second)
		if got := browsertest.Eval[string](tab, `window.busyCall`); got != "ended" {
			t.Errorf("after Cancel, the engine's call is %q, want ended", got)
		}
		n = browsertest.Eval[int](tab, recomputes)
		setValue(tab, "#pf-start", "2026-08-03")
		tab.Wait(recomputes+` > `+fmt.Sprint(n)+` && `+shownDates+`.includes('2026-08-03')`, 60*time.Second)
	}
	tab.CheckClean()
}

// TestBrowserPlannerResultsInPlace: the results are updated in place. The
// pre-rendered example stays on the page when the engine's answer is the
// same (only what planning as of today changes is touched), and an edit
// changes the dates it moves, not the whole results column: the elements
// of the results stay the same elements.
func TestBrowserPlannerResultsInPlace(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-01-15")
	// The elements of the pre-rendered results, taken before the engine
	// answers (module scripts run before DOMContentLoaded; the engine
	// starts after).
	keep := `document.addEventListener('DOMContentLoaded', () => { window.prerendered = [...document.querySelectorAll('#plan-results *')] });`
	if _, err := chromedp.Call(tab.Ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: keep}); err != nil {
		t.Fatal(err)
	}
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	const kept = `%s.filter(e => e.isConnected && e.closest('#plan-results')).length / %s.length`
	if got := browsertest.Eval[float64](tab, fmt.Sprintf(kept, "window.prerendered", "window.prerendered")); got < 0.9 {
		t.Errorf("only %.0f%% of the pre-rendered results' elements are still shown: the example was replaced", 100*got)
	}
	n := browsertest.Eval[int](tab, recomputes)
	browsertest.Eval[bool](tab, `(window.before = [...document.querySelectorAll('#plan-results *')], true)`)
	setValue(tab, "#pf-start", "2026-03-16")
	tab.Wait(recomputes+` > `+fmt.Sprint(n)+` && `+shownDates+`.includes('2026-03-16')`, 30*time.Second)
	if got := browsertest.Eval[float64](tab, fmt.Sprintf(kept, "window.before", "window.before")); got < 0.9 {
		t.Errorf("an edit kept only %.0f%% of the results' elements: the results column was replaced", 100*got)
	}
	tab.CheckClean()
}
