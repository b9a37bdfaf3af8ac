package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/limits"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// TestBrowserCalendarImportTooLarge: a reader who picks a calendar file
// over the limit is told so in words, and the page reads none of it (issue
// 23 point 1: the import read a file of any size; 256 MiB froze the page
// for 13.6 s and grew its memory by 514 MB for good).
func TestBrowserCalendarImportTooLarge(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)

	// A file of 5 MiB (sparse: nothing is written but its first line).
	big := filepath.Join(t.TempDir(), "huge.ics")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("BEGIN:VCALENDAR\r\n")
	if err := f.Truncate(5 * limits.CalendarBytes); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Count every way a page can read a file's contents.
	browsertest.Eval[bool](tab, `(() => {
		window.bytesRead = 0;
		for (const m of ['text', 'arrayBuffer', 'stream', 'bytes']) {
			const orig = Blob.prototype[m];
			if (orig) Blob.prototype[m] = function (...a) { window.bytesRead++; return orig.apply(this, a); };
		}
		for (const m of ['readAsText', 'readAsArrayBuffer', 'readAsDataURL', 'readAsBinaryString']) {
			const orig = FileReader.prototype[m];
			FileReader.prototype[m] = function (...a) { window.bytesRead++; return orig.apply(this, a); };
		}
		return true;
	})()`)
	const label = "Import meetings from a calendar file (.ics)"
	id := browsertest.Eval[string](tab, `[...document.querySelectorAll('label')].find(l => l.textContent.startsWith(`+jsString(label)+`)).control.id`)
	if id == "" {
		t.Fatalf("no file input labelled %q", label)
	}
	rows := browsertest.Eval[int](tab, `document.querySelectorAll('.pf-calendar tbody tr').length`)
	tab.Upload("#"+id, big)
	tab.Wait(`[...document.querySelectorAll('[role=alert], #plan-problems')].some(e => !e.hidden && e.textContent.includes('huge.ics'))`, 5*time.Second)
	msg := browsertest.Eval[string](tab, `[...document.querySelectorAll('[role=alert], #plan-problems')].filter(e => !e.hidden && e.textContent.includes('huge.ics')).map(e => e.textContent).join(' ')`)
	want := fmt.Sprintf("a calendar file is at most %d KiB, so it was not read", limits.CalendarBytes>>10)
	if !strings.Contains(msg, "huge.ics could not be imported") || !strings.Contains(msg, "5120 KiB") || !strings.Contains(msg, want) {
		t.Errorf("the page says %q; want the file named, its size, and %q", msg, want)
	}
	if n := browsertest.Eval[int](tab, `window.bytesRead`); n != 0 {
		t.Errorf("the page read the oversized file (%d reads)", n)
	}
	if got := browsertest.Eval[int](tab, `document.querySelectorAll('.pf-calendar tbody tr').length`); got != rows {
		t.Errorf("the meetings changed from %d rows to %d", rows, got)
	}
	tab.CheckClean()
}

// TestBrowserStoredRecordTooLarge: a plan kept in the browser's storage
// that is larger than a plan and its link may be is set aside unparsed, as
// an unreadable plan the reader can download, and the planner opens
// (issue 23 point 1: every way in checks the size before parsing).
func TestBrowserStoredRecordTooLarge(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	size := limits.PlanBytes + limits.LinkBytes + 1
	browsertest.Eval[bool](tab, fmt.Sprintf(`(localStorage.setItem('commontext.plans/huge', '{"changed": "2026-01-01", "plan": {"title": "' + 'x'.repeat(%d) + '"}}'), true)`, size))
	tab.Go("/")
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	tab.Click("#pf-plans")
	want := fmt.Sprintf("larger than the %d KiB a kept plan and its link may be", (limits.PlanBytes+limits.LinkBytes)>>10)
	got := browsertest.Eval[string](tab, `[...document.querySelectorAll('.pf-unreadable th')].map(e => e.textContent).join(' | ')`)
	if !strings.Contains(got, want) {
		t.Errorf("the plans list says %q about the oversized record; want %q", got, want)
	}
	if n := browsertest.Eval[int](tab, `localStorage.getItem('commontext.plans/huge').length`); n < size {
		t.Errorf("the oversized record was changed (%d characters)", n)
	}
	tab.CheckClean()
}
