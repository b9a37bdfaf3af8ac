package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// A layout for real calendars (issue 17 point 7): the page scrolls as one,
// a meeting is one compact row on a wide screen, and nothing scrolls
// sideways at 360, 768 or 1280 px with every panel and menu open; imported
// events are each given a kind, guessed from their summary.

// calendarFile is a secretariat's calendar: meetings of several kinds.
const calendarFile = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
	"BEGIN:VEVENT\r\nUID:wg5@test\r\nSUMMARY:SC 27/WG 5 interim meeting\r\nLOCATION:Berlin\r\nDTSTART;VALUE=DATE:20270412\r\nDTEND;VALUE=DATE:20270415\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:sc27@test\r\nSUMMARY:ISO/IEC JTC 1/SC 27 plenary\r\nLOCATION:Tokyo\r\nDTSTART;VALUE=DATE:20271004\r\nDTEND;VALUE=DATE:20271009\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:jvet@test\r\nSUMMARY:JVET-AB meeting\r\nDTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270605\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// openEverything opens every section, panel and menu of the planner, with a
// pinned date, a pinned meeting, a new meeting and a calendar file's events
// to pick.
const openEverything = `(() => {
  document.querySelectorAll('details').forEach((d) => d.open = true);
  const lib = document.querySelector('[aria-controls="pf-library"][aria-expanded]');
  if (lib.getAttribute('aria-expanded') !== 'true') lib.click();
  if (!document.querySelector('#pf-pins tbody tr')) button('Pin a date').click();
  if (!document.querySelector('#pf-meeting-pins tbody tr')) button('Pin a meeting').click();
  return true })()`

// TestBrowserPlannerLayoutWidths: at each width, with everything open, the
// page is no wider than the window, no table of the inputs scrolls or
// clips inside its panel, and the Download menu is on screen; on a wide
// screen the inputs are not a panel of their own that scrolls, and each
// meeting is one row: kind, body, place, first and last day.
func TestBrowserPlannerLayoutWidths(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	file := filepath.Join(t.TempDir(), "secretariat.ics")
	os.WriteFile(file, []byte(calendarFile), 0o644)
	upload(t, tab, "Import meetings from a calendar file", file) // the first calendar's
	tab.Wait(`document.querySelector('.pf-pick-list')`, 5*time.Second)
	if !act[bool](tab, openEverything) {
		t.Fatal("could not open everything")
	}
	tab.Wait(`document.querySelector('#pf-pins tbody tr') && document.querySelector('#pf-meeting-pins tbody tr')`, 5*time.Second)
	if got := browsertest.Eval[string](tab, `[...document.querySelector('.pf-meetings thead tr').cells].map((c) => c.textContent.trim()).join(', ')`); got != "Kind, Body, Place, First day, Last day, Actions" {
		t.Errorf("a meeting's columns are %q", got)
	}
	for _, w := range []int64{360, 768, 1280} {
		tab.Viewport(w, 900, w < 500)
		time.Sleep(200 * time.Millisecond)
		if got := browsertest.Eval[int](tab, `document.scrollingElement.scrollWidth`); got > int(w) {
			wide := browsertest.Eval[string](tab, `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !(e.parentElement && e.parentElement.closest('.table-wrap, .timeline-wrap'))).slice(0, 6).map((e) => e.tagName + '.' + e.getAttribute('class') + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')`)
			t.Errorf("%d px, everything open: the page is %d px wide (%s)", w, got, wide)
		}
		if got := browsertest.Eval[string](tab, `[...document.querySelectorAll('.pf-inputs .table-wrap, .pf-library .table-wrap')].filter((e) => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map((e) => e.querySelector('table').className + ' ' + e.scrollWidth + '>' + e.clientWidth).join('; ')`); got != "" {
			t.Errorf("%d px: tables wider than their panel: %s", w, got)
		}
		if got := browsertest.Eval[string](tab, `[...document.querySelectorAll('.pf-inputs button, .pf-library button, .pf-inputs select')].filter((e) => { if (!e.offsetParent) return false; const r = e.getBoundingClientRect(), p = e.closest('.table-wrap, .pf-inputs, .pf-library').getBoundingClientRect(); return r.right > p.right + 1 || r.left < p.left - 1 }).slice(0, 4).map((e) => e.textContent.slice(0, 30)).join('; ')`); got != "" {
			t.Errorf("%d px: controls clipped by their panel: %s", w, got)
		}
		if got := browsertest.Eval[[]float64](tab, `(() => { const r = document.querySelector('.pf-menu-items').getBoundingClientRect(); return [r.left, r.right, innerWidth] })()`); got[0] < 0 || got[1] > got[2] {
			t.Errorf("%d px: the open Download menu spans %.0f to %.0f px of %.0f", w, got[0], got[1], got[2])
		}
	}
	// 1280 px: one scrolling page, one line per meeting.
	if got := browsertest.Eval[string](tab, `(() => { const s = getComputedStyle(document.querySelector('.pf-inputs')); return s.position + ' ' + s.overflowY })()`); got != "static visible" {
		t.Errorf("1280 px: the inputs are %q, want a part of the page (static visible)", got)
	}
	rows := browsertest.Eval[[]float64](tab, `[...document.querySelectorAll('.pf-meetings tbody tr')].filter((r) => r.offsetParent).map((r) => r.getBoundingClientRect().height / parseFloat(getComputedStyle(document.documentElement).fontSize))`)
	if len(rows) < 10 {
		t.Fatalf("%d meeting rows shown", len(rows))
	}
	for i, h := range rows {
		if h > 3.2 {
			t.Errorf("1280 px: meeting row %d is %.1f rem tall, want one line", i+1, h)
			break
		}
	}
	tab.Axe("planner at 1280 px, everything open")
	tab.CheckClean()
}

// TestBrowserPlannerImportKinds: the events of a calendar file are each
// given a kind of the calendar, guessed from the summary, and the kind
// chosen in the pick list is the kind imported.
func TestBrowserPlannerImportKinds(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	file := filepath.Join(t.TempDir(), "secretariat.ics")
	os.WriteFile(file, []byte(calendarFile), 0o644)
	sec := `document.querySelector('.pf-calendar[data-calendar="jtc1"]')`
	browsertest.Eval[bool](tab, `(`+sec+`.open = true, true)`)
	// The JTC 1 calendar's own import control.
	if !act[bool](tab, `(() => { const e = [...document.querySelectorAll('input[type=file]')].find((e) => e.closest('.pf-calendar') === `+sec+`); document.querySelectorAll('[data-test-upload]').forEach((o) => o.removeAttribute('data-test-upload')); e.dataset.testUpload = ''; return true })()`) {
		t.Fatal("no import for the JTC 1 calendar")
	}
	uploadMarked(t, tab, file)
	tab.Wait(sec+`.querySelector('.pf-pick-list')`, 5*time.Second)
	kinds := act[[]string](tab, `['SC 27/WG 5', 'SC 27 plenary', 'JVET'].map((s) => { const k = byLabel('Kind of ' + {'SC 27/WG 5': '2027-04-12', 'SC 27 plenary': '2027-10-04', 'JVET': '2027-06-01'}[s]); return k ? k.value + ':' + [...k.options].map((o) => o.textContent).join('/') : 'none' })`)
	if want := []string{"wg:SC/WG", "sc:SC/WG", "sc:SC/WG"}; strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Errorf("the pick list's kinds %q, want %q", kinds, want)
	}
	if got := browsertest.Eval[string](tab, sec+`.querySelector('.pf-pick-list').textContent`); !strings.Contains(got, "names a CT meeting") {
		t.Errorf("the JVET event does not say it names a CT meeting: %.300q", got)
	}
	// The reader picks WG for the plenary too.
	act[bool](tab, `(() => { const k = byLabel('Kind of 2027-10-04'); k.value = 'wg'; k.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	tab.Axe("planner: a calendar file's events, each with a kind")
	press(t, tab, "Add the ticked meetings")
	tab.Wait(sec+`.querySelector('.pf-import-pick').hidden`, 5*time.Second)
	got := browsertest.Eval[[]string](tab, `[...`+sec+`.querySelectorAll('tbody tr')].filter((r) => r.dataset.id.startsWith('ics-')).map((r) => r.querySelector('[data-field=body]').value + '=' + r.querySelector('[data-field=kind]').value)`)
	want := []string{"SC 27/WG 5 interim meeting=wg", "ISO/IEC JTC 1/SC 27 plenary=wg", "JVET-AB meeting=sc"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("imported %q, want %q", got, want)
	}
	tab.CheckClean()
}
