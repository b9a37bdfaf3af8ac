package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// byName is JavaScript that finds a control by its accessible name, as a
// reader finds it: a label (for= or wrapping), an aria-label, or a
// button's text. It defines named(name) and returns nothing.
const byName = `
const named = (name) => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  for (const l of document.querySelectorAll('label')) if (norm(l.textContent) === name && l.control) return l.control;
  for (const e of document.querySelectorAll('[aria-label]')) if (e.getAttribute('aria-label') === name) return e;
  for (const b of document.querySelectorAll('button')) if (norm(b.textContent) === name) return b;
  throw new Error('no control named ' + name);
};`

// act runs JavaScript with named() defined, and returns its value.
func act[T any](tab *browsertest.Tab, js string) T {
	return browsertest.Eval[T](tab, `(() => {`+byName+js+`})()`)
}

var anyDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// TestBrowserPlannerResultsOfPlanShown: the results column only ever shows
// the plan on screen. Starting an empty plan, or opening a plan file that
// cannot be planned (a TAP copy of the example whose SG calendar ends too
// early), after the example was shown leaves none of the example's dates
// in the results or the scenario picker: they say there is no result and
// no publication, and the problems print. (Before, the example's schedule
// and "Best case (publication …)" stayed, marked only "from before your
// last change".)
func TestBrowserPlannerResultsOfPlanShown(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)

	raw, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	p["itu_process"] = "tap"
	p["title"] = "TAP copy with too few SG meetings"
	delete(p, "id")
	ms := p["meetings"].(map[string]any)
	var early []any
	for _, m := range ms["itu"].([]any) {
		if m.(map[string]any)["start"].(string) < "2026-06-01" {
			early = append(early, m)
		}
	}
	ms["itu"] = early
	tap := filepath.Join(t.TempDir(), "tap-copy.commontext.json")
	out, _ := json.Marshal(p)
	if err := os.WriteFile(tap, out, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		open func()
	}{
		{"New plan → Empty", func() {
			act[bool](tab, `named('New plan…').click(); named('Empty').click(); named('Create the plan').click(); return true`)
		}},
		{"a plan file that cannot be planned", func() {
			act[bool](tab, `named('Open a plan file…').dataset.testPick = '1'; return true`)
			tab.Upload(`[data-test-pick]`, tap)
		}},
	} {
		tab.Media("", "")
		tab.Go("/")
		tab.Go("/planner/#preset=is-ct-aap")
		tab.Wait(ready, 30*time.Second)
		before := act[string](tab, `return named('Scenario shown').selectedOptions[0].textContent`)
		pub := anyDate.FindString(before)
		if pub == "" {
			t.Fatalf("%s: the example's scenario %q shows no publication", c.name, before)
		}
		c.open()
		tab.Wait(`!document.getElementById('plan-problems').hidden`, 20*time.Second)
		results := act[string](tab, `return document.getElementById('plan-results').textContent`)
		if d := anyDate.FindAllString(results, -1); len(d) > 0 {
			t.Errorf("%s: the results column shows dates %v of another plan: %.200q", c.name, d, results)
		}
		if !strings.Contains(results, "cannot be planned") {
			t.Errorf("%s: the results column does not say the plan cannot be planned: %.200q", c.name, results)
		}
		picker := act[string](tab, `return [...named('Scenario shown').options].map((o) => o.textContent).join(' | ')`)
		if anyDate.MatchString(picker) || !strings.Contains(picker, "no publication") {
			t.Errorf("%s: the scenario picker reads %q, want no publication and no date", c.name, picker)
		}
		if st := act[string](tab, `return document.getElementById('planner-status').textContent`); strings.Contains(st, "each is marked at its field") &&
			act[int](tab, `return document.querySelectorAll('[aria-invalid=true]').length`) == 0 {
			t.Errorf("%s: the status says %q but no field is marked", c.name, st)
		}
		tab.Media("print", "")
		if !act[bool](tab, `const e = document.getElementById('plan-problems'); return e.getBoundingClientRect().height > 0 && e.textContent.length > 0`) {
			t.Errorf("%s: the problems do not print", c.name)
		}
		tab.Media("", "")
		if c.name == "a plan file that cannot be planned" {
			tab.Axe("planner: a plan that cannot be planned")
		}
	}
	tab.CheckClean()
}

// TestBrowserPlannerCalmTyping: typing a date key by key recomputes once
// the reader pauses, not at every key; a half-typed date is no error while
// the field has focus, and is one, at its field, once the field is left;
// finished, the plan is planned. The number of recomputes is logged (10
// keys: 10 before, 1 after).
func TestBrowserPlannerCalmTyping(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	const field = `named('Date (YYYY-MM-DD)')`
	act[bool](tab, field+`.dataset.testField = '1'; return true`)
	count := func() int { return browsertest.Eval[int](tab, `commontextTimings.recompute.length`) }

	// Half typed, then a pause longer than the page waits: no error yet.
	n0 := count()
	tab.SetInput(`[data-test-field]`, "2027-0")
	time.Sleep(time.Second)
	if act[string](tab, `return `+field+`.getAttribute('aria-invalid') || ''`) == "true" ||
		strings.Contains(browsertest.Eval[string](tab, `document.getElementById('plan-problems').textContent`), "2027-0") {
		t.Error("a half-typed date is an error while the field still has focus")
	}
	// Leaving the field shows its problem there, at once.
	act[bool](tab, `named('Title').focus(); return true`)
	tab.Wait(`document.querySelector('[data-test-field]').getAttribute('aria-invalid') === 'true'`, 5*time.Second)
	msg := browsertest.Eval[string](tab, `document.querySelector('[data-test-field]').nextElementSibling.textContent`)
	if !strings.Contains(msg, "2027-0") {
		t.Errorf("the half-typed date's message at its field is %q", msg)
	}

	// A whole date typed key by key: one recompute once typing stops.
	n1 := count()
	tab.SetInput(`[data-test-field]`, "2026-04-01")
	tab.Wait(`document.querySelector('[data-test-field]').getAttribute('aria-invalid') === null && !document.getElementById('plan-results').classList.contains('stale') && commontextTimings.recompute.length > `+itoa(n1), 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	typing := count() - n1
	t.Logf("recomputes while typing a 10-character date: %d (half-typed, paused, left: %d)", typing, n1-n0)
	if typing >= len("2026-04-01") {
		t.Errorf("%d recomputes to type one date of 10 keys; want one once typing stops", typing)
	}
	tab.CheckClean()
}

// TestBrowserPlannerNaturalDurations: a duration override takes the forms
// people write ("6 weeks", "3 fortnights", "10 working days"), keeps the
// short form, and for what it cannot read says in words what it accepts.
func TestBrowserPlannerNaturalDurations(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	// The first override of the durations table, found by its label.
	label := act[string](tab, `const l = [...document.querySelectorAll('label')].find((l) => l.textContent.startsWith('Override ')); l.closest('details').querySelector('summary').click(); l.control.dataset.testField = '1'; return l.textContent`)
	for _, c := range []struct{ typed, kept, err string }{
		{"6 weeks", "6w", ""},
		{"3 fortnights", "6w", ""},
		{"10 working days", "10wd", ""},
		{"2 Months", "2m", ""},
		{"3 moons", "", "is not a duration: write a whole number and a unit: days, working days, weeks, fortnights or months"},
	} {
		tab.SetInput(`[data-test-field]`, c.typed)
		act[bool](tab, `document.querySelector('[data-test-field]').blur(); return true`)
		if c.err != "" {
			tab.Wait(`document.querySelector('[data-test-field]').getAttribute('aria-invalid') === 'true'`, 10*time.Second)
			if msg := browsertest.Eval[string](tab, `document.querySelector('[data-test-field]').nextElementSibling.textContent`); !strings.Contains(msg, c.err) {
				t.Errorf("%s %q: message %q, want %q", label, c.typed, msg, c.err)
			}
			continue
		}
		tab.Wait(`document.querySelector('[data-test-field]').value === `+jsString(c.kept), 10*time.Second)
		tab.Wait(savedPlan+`.plan.rules.overrides && Object.values(`+savedPlan+`.plan.rules.overrides).includes(`+jsString(c.kept)+`)`, 10*time.Second)
		if browsertest.Eval[string](tab, `document.querySelector('[data-test-field]').getAttribute('aria-invalid') || ''`) == "true" {
			t.Errorf("%s %q is marked invalid", label, c.typed)
		}
	}
	tab.CheckClean()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
