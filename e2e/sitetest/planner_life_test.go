package sitetest

import (
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// The planner follows a plan through its life (issue 18): a reader sets
// the forecast as the baseline, records a step as done with its actual
// dates from the steps table, sees the slip it makes, and changes the
// actual to see the slip move.

// stepRow finds the steps table's row of a step by the words it starts
// with, as a reader reads it.
func stepRow(label string) string {
	return `[...document.querySelectorAll('table.pv-steps tbody tr')].find((tr) => tr.querySelector('th').textContent.trim().startsWith(` + jsString(label) + `))`
}

// recordDone opens the row's "Record as done" (or "Change what
// happened"), fills in its dates by their labels and saves.
func recordDone(t *testing.T, tab *browsertest.Tab, step, started, ended string) {
	t.Helper()
	ok := act[bool](tab, `(() => {
		const tr = `+stepRow(step)+`; if (!tr) return false;
		const box = tr.querySelector('details'); box.querySelector('summary').click();
		const field = (name) => [...box.querySelectorAll('input')].find((e) => [...e.labels].some((l) => l.textContent.trim().startsWith(name)));
		for (const [name, v] of [['Started', `+jsString(started)+`], ['Ended', `+jsString(ended)+`]]) {
			const e = field(name); e.focus(); e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));
		}
		const save = [...box.querySelectorAll('button')].find((b) => b.textContent.startsWith('Save as done')); save.click(); return true })()`)
	if !ok {
		t.Fatalf("no row %q to record as done", step)
	}
}

const slipHeadline = `(document.querySelector('.pv-slip') || {textContent: ''}).textContent`

func TestBrowserPlannerFollowsLife(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	onFail(t, tab)
	tab.FixToday("2026-07-01")
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	// The worked example (examples/is-ct-aap.json) as of 1 July 2026:
	// publication 2027-03-04 in the best case.
	tab.Wait(bestPublication+` === '2027-03-04'`, 10*time.Second)

	press(t, tab, "Set as baseline")
	tab.Wait(savedPlan+`.plan.baseline && `+savedPlan+`.plan.baseline.scenario === 'best'`, 5*time.Second)
	if got := browsertest.Eval[string](tab, savedPlan+`.plan.baseline.milestones.publication`); got != "2027-03-04" {
		t.Errorf("baseline publication %q, want 2027-03-04", got)
	}
	rev0 := browsertest.Eval[int](tab, `(`+savedPlan+`.plan.revision || 0)`)
	tab.Wait(slipHeadline+`.includes('Publication has not moved since the baseline')`, 5*time.Second)

	// The CD ballot opened three weeks late and closed on 30 June: the CT
	// of 7 July is too soon to resolve it (contributions due 26 June,
	// 8.5), so the resolution moves to September and publication to
	// 2027-06-23, +111 days (engine test TestFollowedPlan works it out).
	recordDone(t, tab, "CD ballot", "2026-03-23", "2026-06-30")
	tab.Wait(savedPlan+`.plan.actuals && `+savedPlan+`.plan.actuals.dates['cd-ballot'].end === '2026-06-30'`, 5*time.Second)
	tab.Wait(slipHeadline+`.includes('Publication has moved +111 d since the baseline')`, 10*time.Second)
	if h := browsertest.Eval[string](tab, slipHeadline); !strings.Contains(h, "CD ballot: done 2026-06-30, +28 d") {
		t.Errorf("the headline does not say what moved publication: %q", h)
	}
	row := browsertest.Eval[string](tab, stepRow("CD ballot")+`.textContent`)
	for _, want := range []string{"Done", "+28 d", "2026-06-02"} { // status, slip, baseline
		if !strings.Contains(row, want) {
			t.Errorf("the CD ballot's row lacks %q: %q", want, row)
		}
	}
	if checks := browsertest.Eval[string](tab, `document.querySelector('.pv-violations').textContent`); !strings.Contains(checks, "Broken rule in what happened") {
		t.Errorf("the four-month CD ballot is not told as history: %q", checks)
	}
	rev1 := browsertest.Eval[int](tab, `(`+savedPlan+`.plan.revision || 0)`)
	if rev1 <= rev0 {
		t.Errorf("revision %d after recording an actual, %d before: want it raised", rev1, rev0)
	}
	tab.Axe("planner with actuals and a baseline")

	// The ballot really closed on 23 June: the CT of 7 July resolves it,
	// and publication is back on the baseline.
	recordDone(t, tab, "CD ballot", "2026-03-23", "2026-06-23")
	tab.Wait(savedPlan+`.plan.actuals.dates['cd-ballot'].end === '2026-06-23'`, 5*time.Second)
	tab.Wait(slipHeadline+`.includes('Publication has not moved since the baseline')`, 10*time.Second)
	if row := browsertest.Eval[string](tab, stepRow("CD ballot")+`.textContent`); !strings.Contains(row, "+21 d") {
		t.Errorf("the CD ballot's row after the change: %q, want +21 d", row)
	}
	if rev2 := browsertest.Eval[int](tab, `(`+savedPlan+`.plan.revision || 0)`); rev2 <= rev1 {
		t.Errorf("revision %d after changing the actual, %d before", rev2, rev1)
	}

	// A close after today is not a fact yet: the engine says so, and the
	// page tells it next to the "Ended" field of the row's record form
	// (it was listed above the results only, with nowhere to put it
	// right); saving the right date clears it.
	endedField := `[...` + stepRow("CD ballot") + `.querySelectorAll('.pv-record input')].find((e) => [...e.labels].some((l) => l.textContent.trim().startsWith('Ended')))`
	recordDone(t, tab, "CD ballot", "2026-03-23", "2026-07-20")
	tab.Wait(endedField+`.getAttribute('aria-invalid') === 'true'`, 10*time.Second)
	if msg := browsertest.Eval[string](tab, endedField+`.nextElementSibling.textContent`); !strings.Contains(msg, "CD ballot is recorded as done on 2026-07-20, after today, 2026-07-01") {
		t.Errorf("next to the Ended field: %q", msg)
	}
	if open := browsertest.Eval[bool](tab, endedField+`.closest('details').open`); !open {
		t.Error("the record form with the problem is closed")
	}
	recordDone(t, tab, "CD ballot", "2026-03-23", "2026-06-23")
	tab.Wait(`!document.querySelector('#plan-results [aria-invalid]') && `+savedPlan+`.plan.actuals.dates['cd-ballot'].end === '2026-06-23'`, 10*time.Second)
	tab.CheckClean()
}
