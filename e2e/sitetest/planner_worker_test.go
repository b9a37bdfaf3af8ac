package sitetest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// bigPlan writes the worked example with 1,500 meetings (500 in each
// calendar, the most a plan may have) to a file, and returns its path.
// Planning it takes the engine hundreds of milliseconds.
func bigPlan(t *testing.T) string {
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

// TestBrowserPlannerStaysResponsive: the engine runs off the page's main
// thread. While a large plan is planned, the toolbar answers a click; a
// newer edit wins over the one being planned; a computation that runs long
// shows its progress and can be cancelled, and the planner goes on.
func TestBrowserPlannerStaysResponsive(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-01-15")
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	tab.Upload("#pf-upload", bigPlan(t))
	tab.Wait(`document.getElementById('pf-title').value === 'A plan with 1,500 meetings' && !document.getElementById('plan-results').classList.contains('stale')`, 60*time.Second)

	// The toolbar answers while a large plan is planned.
	{
		n := browsertest.Eval[int](tab, recomputes)
		// The click records how many results were shown when it was handled.
		browsertest.Eval[bool](tab, `(document.getElementById('pf-plans').addEventListener('click', () => { window.clickedAt = `+recomputes+` }, { once: true }), true)`)
		setValue(tab, "#pf-start", "2026-04-01")
		tab.Click("#pf-plans")
		tab.Wait(recomputes+` > `+fmt.Sprint(n), 60*time.Second)
		if got := browsertest.Eval[int](tab, `window.clickedAt`); got != n {
			t.Errorf("the toolbar's click was handled after the computation (%d results shown, want %d): the page froze", got, n)
		}
		if browsertest.Eval[string](tab, `document.getElementById('pf-plans').getAttribute('aria-expanded')`) != "true" {
			t.Error("Your plans did not open")
		}
	}

	// A newer edit wins over the one being planned.
	{
		setValue(tab, "#pf-start", "2026-05-04")
		setValue(tab, "#pf-start", "2026-06-01")
		tab.Wait(`!document.getElementById('pf-busy') || document.getElementById('pf-busy').hidden`, 60*time.Second)
		tab.Wait(`[...document.querySelectorAll('#plan-results svg .tl-date')].some(e => e.textContent.includes('2026-06-01'))`, 60*time.Second)
		if got := browsertest.Eval[string](tab, `[...document.querySelectorAll('#plan-results svg .tl-date')].map(e => e.textContent).join(' ')`); strings.Contains(got, "2026-05-04") {
			t.Errorf("the results show the older edit's date 2026-05-04: %.200q", got)
		}
	}

	// A computation that runs long (here: behind an engine kept busy)
	// shows its progress and can be cancelled; the planner goes on.
	{
		browsertest.Eval[bool](tab, `(commontext.testBusy(20000).catch(() => {}), true)`)
		setValue(tab, "#pf-start", "2026-07-01")
		tab.Wait(`!document.getElementById('pf-busy').hidden`, 30*time.Second)
		browsertest.Eval[bool](tab, `(document.getElementById('pf-cancel').focus(), true)`)
		tab.Key("\r")
		tab.Wait(`document.getElementById('planner-status').textContent.includes('cancelled')`, 10*time.Second)
		n := browsertest.Eval[int](tab, recomputes)
		setValue(tab, "#pf-start", "2026-08-03")
		tab.Wait(recomputes+` > `+fmt.Sprint(n), 60*time.Second)
	}
	tab.CheckClean()
}
