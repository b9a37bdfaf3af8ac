package sitetest

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// The status report and the programme of work (issue 18, points 3 and 4),
// used as a user does: from the toolbar's buttons, by the names of the
// buttons and the labels of the fields.

// unplannable writes a plan file that reads well but cannot be planned:
// the worked example with one ITU-T meeting, long before consent.
func unplannable(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	m := p["meetings"].(map[string]any)
	m["itu"] = m["itu"].([]any)[:1]
	p["title"] = "Unplannable: no SG meeting after the DIS ballot"
	delete(p, "id")
	out, _ := json.Marshal(p)
	file := filepath.Join(t.TempDir(), "unplannable.json")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// programmeRows are the programme table's rows, each as its cells' text.
const programmeRows = `[...document.querySelectorAll('#pf-programme-out table tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim()))`

// TestBrowserPlannerProgramme: three plans kept (two examples and one that
// cannot be planned) make a programme of work of three rows, the one that
// cannot be planned with its reason in its row; the table sorts by a
// column from its header's button (mouse and keyboard, aria-sort); the
// timeline has a today line, a legend and every full name; the exports
// read back (CSV, Markdown, and one calendar parsed by an iCalendar
// reader); it prints on A4 landscape; axe-core finds nothing.
func TestBrowserPlannerProgramme(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	onFail(t, tab)
	tab.FixToday("2026-01-05")
	tab.Viewport(1280, 900, false)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	tab.Wait(`Object.keys(`+storedPlans+`).length === 1`, 5*time.Second)
	tab.Go("/planner/#preset=amendment-tap")
	tab.Wait(ready, 30*time.Second)
	tab.Wait(`Object.keys(`+storedPlans+`).length === 2`, 5*time.Second)
	upload(t, tab, "Open a plan file", unplannable(t))
	tab.Wait(`Object.keys(`+storedPlans+`).length === 3`, 15*time.Second)

	press(t, tab, "Programme of work")
	tab.Wait(`document.querySelectorAll('#pf-programme-out tbody tr').length === 3`, 15*time.Second)
	if act[bool](tab, `!document.querySelector('.pf-work').hidden`) {
		t.Error("the plan's form stays shown beside the programme of work")
	}
	rows := browsertest.Eval[[][]string](tab, programmeRows)
	byName := map[string][]string{}
	for _, r := range rows {
		byName[r[0]] = r
	}
	is := byName["Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity authentication framework"]
	if len(is) != 8 || is[1] != "30.00 CD registered" || is[2] != "not yet consented" || is[3] != "CD ballot" || is[4] != "2026-03-02" || is[5] != "2027-03-04" || is[6] != "no baseline" || is[7] != "0" {
		t.Errorf("the worked example's row: %q", is)
	}
	bad := byName["Unplannable: no SG meeting after the DIS ballot"]
	if len(bad) != 2 || !strings.HasPrefix(bad[1], "Cannot be planned: no ITU-T SG or WP meeting") {
		t.Errorf("the plan that cannot be planned: %q", bad)
	}

	// Sorting: by forecast publication, ascending then descending; the
	// plan with no publication stays last; by keyboard too.
	pubOrder := `[...document.querySelectorAll('#pf-programme-out tbody tr')].map((tr) => tr.dataset.k5 || '')`
	press(t, tab, "Forecast publication")
	if got := browsertest.Eval[[]string](tab, pubOrder); strings.Join(got, ",") != "2027-03-04,2027-09-16," {
		t.Errorf("sorted by publication, ascending: %q", got)
	}
	if got := act[string](tab, `button('Forecast publication').closest('th').getAttribute('aria-sort')`); got != "ascending" {
		t.Errorf("aria-sort %q, want ascending", got)
	}
	act[bool](tab, `(button('Forecast publication').focus(), true)`)
	tab.Key("\r")
	if got := browsertest.Eval[[]string](tab, pubOrder); strings.Join(got, ",") != "2027-09-16,2027-03-04," {
		t.Errorf("sorted by publication with the keyboard, descending: %q", got)
	}
	if got := act[[]string](tab, `[...document.querySelectorAll('#pf-programme-out thead th')].map((th) => th.getAttribute('aria-sort'))`); strings.Join(got, " ") != "none none none none none descending none none" {
		t.Errorf("aria-sort of the headers: %q", got)
	}

	// The timeline: a today line, a legend, every plan's full name.
	svgText := browsertest.Eval[string](tab, `document.querySelector('#pf-programme-out svg').textContent`)
	for _, want := range append([]string{"today", "forecast publication", "baseline publication", "next step"}, "Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity authentication framework", "Unplannable: no SG meeting after the DIS ballot") {
		if !strings.Contains(svgText, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('#pf-programme-out svg line.pf-prog-today').length`); n < 1 {
		t.Error("the timeline has no today line")
	}
	tab.Axe("programme of work")

	// Exports.
	exported := func(button, ext string) string {
		dir := t.TempDir()
		b.AllowDownloads(t, dir)
		press(t, tab, button)
		return waitDownload(t, dir, ext)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(exported("Download as CSV", ".csv"), "\ufeff"))).ReadAll()
	if err != nil || len(records) != 4 || records[0][0] != "file" {
		t.Errorf("CSV: %v, %q", err, records)
	} else if records[1][2] != "30.00" || records[1][7] != "2027-03-04" || !strings.Contains(records[3][12], "no ITU-T SG or WP meeting") {
		t.Errorf("CSV rows: %q", records[1:])
	}
	md := exported("Download as Markdown", ".md")
	if !strings.Contains(md, `| Rec. ITU-T X.1299 \| ISO/IEC 27599 | 30.00 CD registered |`) || strings.Count(md, "\n|") != 5 {
		t.Errorf("Markdown:\n%s", md)
	}
	cal, err := ical.ParseCalendar(strings.NewReader(exported("Download as one calendar", ".ics")))
	if err != nil {
		t.Fatalf("the programme's calendar does not parse: %v", err)
	}
	uids, plans := map[string]bool{}, map[string]bool{}
	for _, ev := range cal.Events() {
		uid := ev.GetProperty(ical.ComponentPropertyUniqueId).Value
		if uids[uid] {
			t.Errorf("UID %s repeats", uid)
		}
		uids[uid] = true
		summary := ev.GetProperty(ical.ComponentPropertySummary).Value
		plans[strings.SplitN(summary, ":", 2)[0]] = true
	}
	if len(uids) < 20 || !plans["Rec. ITU-T X.1299 | ISO/IEC 27599 (example)"] || !plans["Rec. ITU-T H.9999 | ISO/IEC 99999 Amd. 1 (example)"] {
		t.Errorf("the calendar has %d events, of plans %v", len(uids), plans)
	}

	// Print: A4 landscape, the programme only.
	needPoppler(t)
	tab.Media("print", "")
	pages := pdfPages(t, printPDF(t, tab))
	for i, p := range pages {
		if !isA4(p) || p.width < p.height {
			t.Errorf("page %d is %.0f×%.0f pt, want A4 landscape", i+1, p.width, p.height)
		}
	}
	if len(pages) == 0 || !strings.Contains(pages[0].text, "Programme of work") || strings.Contains(squash(pages[0].text), squash("Meeting calendars")) {
		t.Errorf("the printed programme:\n%s", pages[0].text)
	}
	tab.Media("", "")
	press(t, tab, "Back to the plan")
	if act[bool](tab, `document.querySelector('.pf-work').hidden || !document.getElementById('pf-programme').hidden`) {
		t.Error("Back to the plan does not show the plan again")
	}
	tab.CheckClean()
}

// TestBrowserPlannerStatusReport: the status report of the plan shown
// gives its stage now with the harmonized code, what was done since the day
// chosen, the next three dates and the forecast publication; it copies as
// Markdown and as an HTML table (read back from the clipboard), prints on
// one A4 page, and axe-core finds nothing.
func TestBrowserPlannerStatusReport(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	onFail(t, tab)
	tab.FixToday("2026-01-05")
	tab.Viewport(1280, 900, false)
	tab.Go("/planner/#preset=is-ct-aap")
	tab.Wait(ready, 30*time.Second)
	press(t, tab, "Status report")
	tab.Wait(`document.querySelector('#pf-report-out table')`, 15*time.Second)
	row := func(head string) string {
		return act[string](tab, `(() => { const th = [...document.querySelectorAll('#pf-report-out th')].find((th) => th.textContent.startsWith(`+jsString(head)+`)); return th ? th.nextElementSibling.textContent : '' })()`)
	}
	for head, want := range map[string]string{
		"Stage now, JTC 1":      "30.00 CD registered",
		"Stage now, ITU-T":      "not yet consented",
		"Done since 2025-10-05": "nothing recorded as done",
		"Next 3 dates":          "2026-03-02 CD ballot2026-03-02 ITU-T comments on the CD text2026-03-07 deadline: JTC 1 agenda (preferably) for the CD ballot resolution",
		"Forecast publication":  "2027-03-04, no baseline set",
		"Rules of the guide":    "0 broken rules, 0 warnings",
	} {
		if got := row(head); got != want {
			t.Errorf("%s: %q, want %q", head, got, want)
		}
	}
	typeInto(t, tab, "Done since", "2025-12-01")
	tab.Wait(`[...document.querySelectorAll('#pf-report-out th')].some((th) => th.textContent === 'Done since 2025-12-01')`, 10*time.Second)
	tab.Axe("status report")

	// Copying, read back from the clipboard.
	b.AllowClipboard(t, origin)
	press(t, tab, "Copy as Markdown")
	tab.Wait(statusText+`.includes('copied as Markdown')`, 10*time.Second)
	md := browsertest.Eval[string](tab, `navigator.clipboard.readText()`)
	for _, want := range []string{"Status of Rec. ITU-T X.1299 \\| ISO/IEC 27599 as of 2026-01-05", "| **Stage now, JTC 1** | 30.00 CD registered |", "| **Forecast publication** | 2027-03-04, no baseline set |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown copied lacks %q:\n%s", want, md)
		}
	}
	press(t, tab, "Copy as HTML table")
	tab.Wait(statusText+`.includes('copied as an HTML table')`, 10*time.Second)
	html := browsertest.Eval[string](tab, `navigator.clipboard.read().then((items) => items[0].getType('text/html')).then((blob) => blob.text())`)
	if !strings.Contains(html, "<table") || !strings.Contains(html, "Stage now, JTC 1") || !strings.Contains(html, "30.00") {
		t.Errorf("the HTML copied: %.400q", html)
	}

	// One A4 page.
	needPoppler(t)
	tab.Media("print", "")
	pages := pdfPages(t, printPDF(t, tab))
	if len(pages) != 1 || !isA4(pages[0]) || pages[0].width > pages[0].height {
		t.Errorf("the report prints on %d page(s), want one A4 portrait page", len(pages))
	}
	if len(pages) > 0 && (!strings.Contains(pages[0].text, "Status report") || !strings.Contains(pages[0].text, "30.00 CD registered")) {
		t.Errorf("the printed report:\n%s", pages[0].text)
	}
	tab.CheckClean()
}

// BenchmarkPlannerProgramme200 is the time, in the browser, from pressing
// "Programme of work" to its table of 200 plans on screen (the examples
// that plan from 2026, kept 200 times in this browser's storage): the
// engine plans every plan in its worker and writes the view (make bench
// prints it).
func BenchmarkPlannerProgramme200(b *testing.B) {
	br := browsertest.New(b)
	origin := serve(b)
	tab := br.NewTab(b, origin)
	tab.FixToday("2026-01-05")
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	var plans []string
	for _, f := range []string{"is-ct-aap.json", "amendment-tap.json", "tr-ci.json", "corrigendum.json", "figure-5a-tap.json", "figure-5b-aap.json"} {
		data, err := os.ReadFile("../../examples/" + f)
		if err != nil {
			b.Fatal(err)
		}
		plans = append(plans, string(data))
	}
	list, _ := json.Marshal(plans)
	browsertest.Eval[bool](tab, `(() => { const plans = `+string(list)+`;
		for (let i = 0; i < 200; i++) {
			const plan = JSON.parse(plans[i % plans.length]);
			plan.id = crypto.randomUUID();
			plan.title = 'Plan ' + (i + 1) + ': ' + plan.title;
			localStorage.setItem('commontext.plans/bench' + i, JSON.stringify({ changed: new Date().toISOString(), plan }));
		}
		return true })()`)
	if _, err := chromedp.Run(tab.Ctx, chromedp.Reload()); err != nil {
		b.Fatal(err)
	}
	tab.Wait(ready, 30*time.Second)
	tab.Wait(`Object.keys(localStorage).filter((k) => k.startsWith('commontext.plans/bench')).length === 200`, 5*time.Second)
	var ms []float64
	for i := 0; i < b.N; i++ {
		ms = append(ms, browsertest.Eval[float64](tab, `new Promise((done) => {
			document.getElementById('pf-programme').hidden = true;
			document.getElementById('pf-programme-out').replaceChildren();
			const t0 = performance.now();
			document.getElementById('pf-programme-open').click();
			const poll = () => document.querySelectorAll('#pf-programme-out tbody tr').length === 200 ? done(performance.now() - t0) : requestAnimationFrame(poll);
			poll();
		})`))
	}
	b.ReportMetric(median(ms), "programme-200-ms")
}
