package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

const ready = `document.getElementById('planner-status').textContent.includes('ready')`

// setValue sets a form field as a reader would and fires its input event.
func setValue(tab *browsertest.Tab, selector, value string) {
	browsertest.Eval[bool](tab, `(() => { const el = document.querySelector(`+jsString(selector)+`); el.value = `+jsString(value)+`; el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
}

// savedPlan is the record of the plan shown, as this browser keeps it.
const savedPlan = `JSON.parse(localStorage.getItem('commontext.plans/' + localStorage.getItem('commontext.plans.current')))`

const bestPublication = `document.querySelector('tr[data-scenario="best"] time').textContent`

// TestPlannerPrerendered: without JavaScript, the planner page already
// shows the worked example, planned by the engine at build time.
func TestPlannerPrerendered(t *testing.T) {
	s, err := sitebuild.Schedule("../../" + sitebuild.ExamplePlan)
	if err != nil {
		t.Fatal(err)
	}
	doc := parsePage(t, "planner/index.html")
	res := byID(doc, "plan-results")
	if res == nil {
		t.Fatal("no #plan-results")
	}
	txt := text(res)
	for _, st := range s.Scenarios[0].Steps {
		if !strings.Contains(txt, st.Label) || !strings.Contains(txt, st.Start.String()) {
			t.Errorf("pre-rendered plan lacks step %q on %s", st.Label, st.Start)
		}
	}
	if len(elements(res, "svg")) != 1 {
		t.Error("pre-rendered plan has no timeline")
	}
	for _, a := range elements(res, "a") {
		if h, _ := attr(a, "href"); strings.Contains(h, "{{") {
			t.Errorf("unfilled clause link %q", h)
		}
	}
}

// TestBrowserPlanner drives the planner in Chromium: the WebAssembly
// starts, an edit replans and updates the timeline and the link, the link
// and the browser's storage restore the plan, the ICS download parses,
// hostile links and files give readable errors and the page keeps working,
// a panic in the engine is survived, nothing is requested while planning,
// and axe-core finds no violation.
func TestBrowserPlanner(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	downloads := t.TempDir()
	b.AllowDownloads(t, downloads)
	tab := b.NewTab(t, origin)
	// The planner plans as of today; the dates below assume a day before
	// the example's CD ballot (2026-03-02).
	tab.FixToday("2026-01-15")

	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	tab.Axe("planner")
	tab.Wait(`location.hash.startsWith('#p2.')`, 5*time.Second)
	hash1 := browsertest.Eval[string](tab, `location.hash`)
	if !strings.HasPrefix(hash1, "#p2.") {
		t.Fatalf("after load, location.hash = %.20q, want the plan's state", hash1)
	}
	pub1 := browsertest.Eval[string](tab, bestPublication)

	// Planning needs no request once the page is loaded.
	tab.ResetRequests()
	setValue(tab, "#pf-start", "2026-09-01")
	tab.Wait(`location.hash !== `+jsString(hash1), 5*time.Second)
	if got := browsertest.Eval[string](tab, `[...document.querySelectorAll('#plan-results svg .tl-date')].map(e => e.textContent).join(' ')`); !strings.Contains(got, "2026-09-01") {
		t.Errorf("after moving the CD ballot to 2026-09-01 the timeline reads %.120q", got)
	}
	pub2 := browsertest.Eval[string](tab, bestPublication)
	if pub2 == pub1 {
		t.Errorf("publication stayed %s after a six-month later start", pub1)
	}
	// A duration override replans too: the DIS ballot ends a month later.
	const disEnd = `document.querySelector('tr[data-step="dis-ballot"] td:nth-of-type(2)').textContent`
	end3 := browsertest.Eval[string](tab, disEnd)
	setValue(tab, "#ov-dis-ballot", "4m")
	tab.Wait(disEnd+` !== `+jsString(end3), 5*time.Second)
	if end4 := browsertest.Eval[string](tab, disEnd); end4 <= end3 {
		t.Errorf("DIS ballot of 4 months ends %s, of 3 months %s", end4, end3)
	}
	if got := browsertest.Eval[string](tab, `document.querySelector('.pv-summary').textContent`); !strings.Contains(got, "dis-ballot = 4m") {
		t.Errorf("the summary does not name the override: %q", got)
	}
	setValue(tab, "#ov-dis-ballot", "")
	tab.Wait(disEnd+` === `+jsString(end3), 5*time.Second)
	// The browser fetches the page's icon when it likes (on a loaded
	// machine, after the page is ready): that is not the planner's.
	if reqs := slices.DeleteFunc(tab.Requests(), func(u string) bool { return strings.HasSuffix(u, "/favicon.svg") }); len(reqs) > 0 {
		t.Errorf("planning made requests: %v", reqs)
	}
	// The link and the stored plan are written together once edits pause.
	tab.Wait(savedPlan+`.plan.start.date === '2026-09-01' && !`+savedPlan+`.plan.rules.overrides && '#' + `+savedPlan+`.state === location.hash`, 5*time.Second)
	hash2 := browsertest.Eval[string](tab, `location.hash`)

	// The link restores the plan; so does the browser's storage.
	tab.Go("/")
	tab.Go("/planner/" + hash2)
	tab.Wait(ready, 30*time.Second)
	if got := browsertest.Eval[string](tab, `document.getElementById('pf-start').value`); got != "2026-09-01" {
		t.Errorf("reloading the link: start date %q, want 2026-09-01", got)
	}
	if got := browsertest.Eval[string](tab, bestPublication); got != pub2 {
		t.Errorf("reloading the link: publication %s, want %s", got, pub2)
	}
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	if got := browsertest.Eval[string](tab, `document.getElementById('pf-start').value`); got != "2026-09-01" {
		t.Errorf("reopening without a link: start date %q, want the stored 2026-09-01", got)
	}

	// The ICS download is a calendar.
	tab.Click(".pf-menu summary")
	tab.Click("#pf-ics")
	ics := waitDownload(t, downloads, ".ics")
	checkICS(t, ics)
	// Each event links back to the plan on this page (issue 20: the page
	// passes its own address), with a link that opens it.
	if unfolded := strings.ReplaceAll(ics, "\r\n ", ""); !strings.Contains(unfolded, `\nThe plan in the planner: `+origin+"/planner/#p") {
		t.Errorf("the page's calendar does not link back to the plan at %s/planner/:\n%.600s", origin, unfolded)
	}

	// Hostile and truncated links: a readable error, and the page works.
	// The plan shown is then the one kept in this browser (a bad link
	// replaces nothing), so each edit moves the start to another date.
	for i, frag := range []string{"#p1.%%%<script>alert(1)</script>", hash2[:len(hash2)/2], "#p9.abc", "#" + strings.Repeat("p1.AAAA", 20000), "#preset=nosuch", "#preset=../../etc"} {
		tab.Go("/")
		tab.Go("/planner/" + frag)
		tab.Wait(ready, 30*time.Second)
		msg := browsertest.Eval[string](tab, `document.getElementById('plan-problems').hidden ? '' : document.getElementById('plan-problems').textContent`)
		if !strings.Contains(msg, "link") {
			t.Errorf("fragment %.30q: problems %q, want a readable message about the link", frag, msg)
		}
		if browsertest.Eval[bool](tab, `document.getElementById('plan-results').classList.contains('stale')`) {
			t.Errorf("fragment %.30q: the worked example shown instead is greyed out as stale", frag)
		}
		date := []string{"2027-01-04", "2027-03-01"}[i%2]
		setValue(tab, "#pf-start", date)
		tab.Wait(`document.querySelector('#plan-results .pv-summary').textContent.includes(`+jsString(date)+`)`, 5*time.Second)
	}

	// A malformed plan file: a readable error naming the problem, and the
	// page keeps working.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version": 1, "deliverable": "book", "colour": 1}`), 0o644)
	tab.Upload("#pf-upload", bad)
	tab.Wait(`!document.getElementById('pf-upload-msg').hidden`, 5*time.Second)
	msg := browsertest.Eval[string](tab, `document.getElementById('pf-upload-msg').textContent`)
	if !strings.Contains(msg, "bad.json") || !strings.Contains(msg, "deliverable") {
		t.Errorf("malformed file: problems %q, want the file named and the deliverable field", msg)
	}
	before := browsertest.Eval[string](tab, bestPublication)
	setValue(tab, "#pf-start", "2026-05-04")
	tab.Wait(bestPublication+` !== `+jsString(before), 5*time.Second)

	// Meetings import from a calendar file into a calendar.
	cal := filepath.Join(t.TempDir(), "sg17.ics")
	os.WriteFile(cal, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:extra-1@example\r\nSUMMARY:ITU-T SG17 WP 2 (extra)\r\nLOCATION:Nairobi\r\nDTSTART;VALUE=DATE:20260615\r\nDTEND;VALUE=DATE:20260618\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	rows := browsertest.Eval[int](tab, `document.querySelectorAll('[data-calendar="itu"] tbody tr').length`)
	tab.Upload("#import-itu", cal)
	tab.Wait(`document.querySelector('[data-calendar="itu"] .pf-pick-add')`, 5*time.Second)
	tab.Click(`[data-calendar="itu"] .pf-pick-add`)
	tab.Wait(`document.querySelectorAll('[data-calendar="itu"] tbody tr').length === `+fmt.Sprint(rows+1), 5*time.Second)
	if got := browsertest.Eval[string](tab, `[...document.querySelectorAll('[data-calendar="itu"] tbody tr')].pop().querySelector('[data-field=start]').value`); got != "2026-06-15" {
		t.Errorf("imported meeting starts %q, want 2026-06-15", got)
	}

	// A panic inside the engine is survived.
	out := browsertest.Eval[string](tab, `commontext.testPanic()`)
	if !strings.Contains(out, "internal error") {
		t.Errorf("testPanic returned %q", out)
	}
	before = browsertest.Eval[string](tab, bestPublication)
	setValue(tab, "#pf-start", "2026-03-02")
	tab.Wait(bestPublication+` !== `+jsString(before), 5*time.Second)

	// A Go runtime that stops (a fatal error, which no guard recovers) is
	// restarted, the page says so, and the planner keeps working.
	browsertest.Eval[string](tab, `commontext.testCrash().catch(e => String(e))`)
	tab.Wait(`document.getElementById('planner-status').textContent.includes('restarted')`, 10*time.Second)
	before = browsertest.Eval[string](tab, bestPublication)
	setValue(tab, "#pf-start", "2026-04-01")
	tab.Wait(bestPublication+` !== `+jsString(before), 10*time.Second)

	tab.Axe("planner after edits")
	tab.CheckClean()
}

func waitDownload(t *testing.T, dir, ext string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) == 1 {
			b, err := os.ReadFile(matches[0])
			if err == nil && len(b) > 0 {
				return string(b)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no %s download in %s", ext, dir)
	return ""
}

// checkICS parses an iCalendar file far enough to know a calendar app can:
// CRLF lines of at most 75 octets, balanced components, all-day events with
// UIDs.
func checkICS(t *testing.T, ics string) {
	t.Helper()
	if !strings.HasSuffix(ics, "\r\n") {
		t.Fatal("ICS does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
	var stack []string
	events, uids := 0, map[string]bool{}
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("ICS line %d is %d octets", i+1, len(l))
		}
		if strings.Contains(l, "\n") {
			t.Errorf("ICS line %d has a bare LF", i+1)
		}
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			stack = append(stack, l[6:])
		case strings.HasPrefix(l, "END:"):
			if len(stack) == 0 || stack[len(stack)-1] != l[4:] {
				t.Fatalf("ICS line %d: %s closes %v", i+1, l, stack)
			}
			if l == "END:VEVENT" {
				events++
			}
			stack = stack[:len(stack)-1]
		case strings.HasPrefix(l, "UID:"):
			uids[l] = true
		case strings.HasPrefix(l, "DTSTART"):
			if !strings.HasPrefix(l, "DTSTART;VALUE=DATE:") {
				t.Errorf("ICS line %d: %s is not an all-day date", i+1, l)
			}
		}
	}
	if len(stack) != 0 || lines[0] != "BEGIN:VCALENDAR" {
		t.Errorf("ICS components unbalanced: %v", stack)
	}
	if events < 10 || len(uids) != events {
		t.Errorf("ICS has %d events and %d distinct UIDs", events, len(uids))
	}
}
