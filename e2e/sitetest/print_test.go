package sitetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/commontext/commontext/internal/testkit/browsertest"
	"github.com/commontext/commontext/internal/testkit/testneed"
)

// A4 in inches, as Chromium's "Save as PDF" prints it.
const a4Width, a4Height = 8.27, 11.69

// printPDF prints the tab's page as Chromium's print dialog does on A4
// (print media, the page's own @page rules, backgrounds off) and returns
// the PDF.
func printPDF(t testing.TB, tab *browsertest.Tab) []byte {
	t.Helper()
	yes := true
	res, err := chromedp.Call(tab.Ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
		PaperWidth: a4Width, PaperHeight: a4Height, PreferCSSPageSize: &yes,
	})
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	return res.Data
}

// needPoppler ends the test (skip, or failure where required) when
// Debian's poppler-utils, which reads the PDFs back, is missing.
func needPoppler(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			testneed.Missing(t, "print test needs "+tool+" (apt-get install -y poppler-utils)")
		}
	}
}

// pdfPage is one printed page: its text and its size in points.
type pdfPage struct {
	text          string
	width, height float64
}

var pageSize = regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts`)

// pdfPages reads a PDF back with poppler: the text of each page
// (pdftotext -layout, pages split at form feeds) and each page's size.
func pdfPages(t testing.TB, pdf []byte) []pdfPage {
	t.Helper()
	f := filepath.Join(t.TempDir(), "print.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	texts := strings.Split(string(out), "\f")
	if len(texts) > 0 && strings.TrimSpace(texts[len(texts)-1]) == "" {
		texts = texts[:len(texts)-1]
	}
	info, err := exec.Command("pdfinfo", "-f", "1", "-l", "100000", f).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	sizes := pageSize.FindAllSubmatch(info, -1)
	if len(sizes) != len(texts) {
		t.Fatalf("pdfinfo lists %d pages, pdftotext %d", len(sizes), len(texts))
	}
	pages := make([]pdfPage, len(texts))
	for i, m := range sizes {
		w, _ := strconv.ParseFloat(string(m[2]), 64)
		h, _ := strconv.ParseFloat(string(m[3]), 64)
		pages[i] = pdfPage{text: texts[i], width: w, height: h}
	}
	return pages
}

// markDrawings writes small marker words into the page, which the PDF's
// text shows on the page where they print: "QQ<id>TOPQQ" at the top of a
// drawing and "QQ<id>ENDQQ" at its bottom (text inside the SVG, so a
// drawing cut between pages shows them on two pages), "QQ<id>CAPQQ" at the
// end of its caption. They change no layout: the SVG text sits inside the
// drawing's own box, the caption's is one pixel tall. It returns the ids
// of the marked drawings.
func markDrawings(t testing.TB, tab *browsertest.Tab, selector string) []string {
	t.Helper()
	return browsertest.Eval[[]string](tab, `(() => {
  const ids = [];
  document.querySelectorAll(`+jsString(selector)+`).forEach((svg, i) => {
    const fig = svg.closest('figure');
    const id = (fig && fig.id ? fig.id : 'drawing' + i).replace(/[^A-Za-z0-9]/g, '');
    const vb = svg.viewBox.baseVal;
    const mark = (word, y) => {
      const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      t.setAttribute('x', vb.x + 2); t.setAttribute('y', y); t.setAttribute('font-size', '5');
      t.textContent = 'QQ' + id + word + 'QQ';
      svg.appendChild(t);
    };
    mark('TOP', vb.y + 6);
    mark('END', vb.y + vb.height - 1);
    const cap = fig && fig.querySelector('figcaption');
    if (cap) {
      const s = document.createElement('span');
      s.style.cssText = 'font-size:1px;line-height:0';
      s.textContent = ' QQ' + id + 'CAPQQ';
      cap.appendChild(s);
    }
    ids.push(id);
  });
  return ids;
})()`)
}

// pagesWith returns the numbers (from 1) of the pages whose text holds s.
func pagesWith(pages []pdfPage, s string) []int {
	var in []int
	for i, p := range pages {
		if strings.Contains(p.text, s) {
			in = append(in, i+1)
		}
	}
	return in
}

// checkDrawings: each marked drawing prints whole on one page (its top and
// bottom on the same page) with its caption, when it has one, on that page.
func checkDrawings(t *testing.T, name string, pages []pdfPage, ids []string, captions bool) {
	t.Helper()
	if len(ids) == 0 {
		t.Errorf("%s: no drawing found to check", name)
	}
	for _, id := range ids {
		top, end := pagesWith(pages, "QQ"+id+"TOPQQ"), pagesWith(pages, "QQ"+id+"ENDQQ")
		if len(top) != 1 || len(end) != 1 || top[0] != end[0] {
			t.Errorf("%s: %s is cut: its top prints on page(s) %v, its bottom on %v", name, id, top, end)
			continue
		}
		if cap := pagesWith(pages, "QQ"+id+"CAPQQ"); captions && (len(cap) != 1 || cap[0] != top[0]) {
			t.Errorf("%s: %s prints on page %d, its caption on page(s) %v", name, id, top[0], cap)
		}
	}
}

// isA4 reports whether a page is A4, either way round (points, ±2).
func isA4(p pdfPage) bool {
	near := func(a, b float64) bool { return a > b-2 && a < b+2 }
	return (near(p.width, 595) && near(p.height, 842)) || (near(p.width, 842) && near(p.height, 595))
}

// TestPrintGuide prints the guide as a reader does (Chromium's "Save as
// PDF", A4) and reads the PDF back (issue 20): /print/ and the clause 8
// page have no empty page, and every figure prints whole, scaled to the
// page if taller, on the page of its caption.
func TestPrintGuide(t *testing.T) {
	needPoppler(t)
	b := browsertest.New(t)
	origin := serve(t)
	for _, path := range []string{"/print/", "/guide/collaborative-team/"} {
		tab := b.NewTab(t, origin)
		tab.Viewport(1280, 900, false)
		tab.Go(path)
		ids := markDrawings(t, tab, "figure.guide-figure svg.fig, figure.guide-figure svg.timeline")
		if n := browsertest.Eval[int](tab, `document.querySelectorAll('figure.guide-figure').length`); n != len(ids) {
			t.Errorf("%s: %d figures, %d drawings checked", path, n, len(ids))
		}
		pages := pdfPages(t, printPDF(t, tab))
		for i, p := range pages {
			if strings.TrimSpace(p.text) == "" {
				t.Errorf("%s: page %d of %d is blank", path, i+1, len(pages))
			}
			if !isA4(p) {
				t.Errorf("%s: page %d is %.0f×%.0f pt, not A4", path, i+1, p.width, p.height)
			}
		}
		checkDrawings(t, path, pages, ids, true)
	}
}

// printedPlanner opens the planner's example as a reader does and prints it.
func printedPlanner(t testing.TB, b *browsertest.Browser, origin string) []pdfPage {
	t.Helper()
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-12-06")
	tab.Viewport(1280, 900, false)
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	tab.Media("print", "")
	return pdfPages(t, printPDF(t, tab))
}

// printedPage prints one page of the site.
func printedPage(t testing.TB, b *browsertest.Browser, origin, path string) []pdfPage {
	t.Helper()
	tab := b.NewTab(t, origin)
	tab.Viewport(1280, 900, false)
	tab.Go(path)
	return pdfPages(t, printPDF(t, tab))
}

// TestPrintPlanner prints the planner's example as a user does (Chromium's
// "Save as PDF", A4) and reads the PDF back (issue 20): at most 4 pages,
// each headed by the plan's title; page 1 holds the summary and the whole
// scenario table, the timeline prints whole on one page of its own, then
// the checks and the steps; no page holds a heading alone. A plan with a
// problem prints its problem.
func TestPrintPlanner(t *testing.T) {
	needPoppler(t)
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.FixToday("2026-12-06")
	tab.Viewport(1280, 900, false)
	tab.Go("/planner/")
	tab.Wait(ready, 30*time.Second)
	title := browsertest.Eval[string](tab, `document.getElementById('pf-title').value`)
	scenarios := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.pv-scenarios tbody th')].map(th => th.firstChild.textContent.trim())`)
	ids := markDrawings(t, tab, ".plan-results svg.timeline")
	pages := pdfPages(t, printPDF(t, tab))

	if len(pages) > 4 {
		t.Errorf("the example prints on %d pages, want at most 4", len(pages))
	}
	for i, p := range pages {
		if !isA4(p) {
			t.Errorf("page %d is %.0f×%.0f pt, not A4", i+1, p.width, p.height)
		}
		lines := nonEmptyLines(p.text)
		if len(lines) == 0 || !strings.Contains(squash(lines[0]), squash(title)) {
			t.Errorf("page %d: no header naming the plan %q first: %q", i+1, title, firstOf(lines))
		}
		if len(lines) == 0 || !strings.Contains(lines[0], "printed 2026-12-06") {
			t.Errorf("page %d: the header does not give the day it was printed (2026-12-06): %q", i+1, firstOf(lines))
		}
		if len(lines) < 4 {
			t.Errorf("page %d holds only %q", i+1, lines)
		}
	}
	if len(pages) == 0 {
		t.Fatal("nothing printed")
	}
	first := squash(pages[0].text)
	for _, want := range append([]string{"planned forward", "Publication by scenario"}, scenarios...) {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q: %s", want, first)
		}
	}
	checkDrawings(t, "planner", pages, ids, false)
	tl := pagesWith(pages, "QQdrawing0TOPQQ")
	if len(tl) == 1 {
		if h := pagesWith(pages, "Timeline: "); len(h) != 1 || h[0] != tl[0] {
			t.Errorf("the timeline prints on page %d, its heading on %v", tl[0], h)
		}
		for _, section := range []string{"Rule checks", "Steps: "} {
			if at := pagesWith(pages, section); len(at) == 0 || at[0] <= tl[0] {
				t.Errorf("%q prints on page(s) %v, want after the timeline (page %d)", section, at, tl[0])
			}
		}
	}

	// A problem prints: the problem box is part of the page on paper too.
	setValue(tab, "#pf-start", "2027-02-30")
	tab.Wait(`!document.getElementById('plan-problems').hidden`, 5*time.Second)
	problem := squash(browsertest.Eval[string](tab, `document.getElementById('plan-problems').innerText`))
	printed := squash(strings.Join(func() []string {
		var all []string
		for _, p := range pdfPages(t, printPDF(t, tab)) {
			all = append(all, p.text)
		}
		return all
	}(), " "))
	// The controls beside a problem ("Go to the field") are for the screen:
	// print hides them, so their words are not looked for on paper.
	controls := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('#plan-problems .pf-goto')].map(e => e.innerText)`)
	for _, line := range strings.Split(browsertest.Eval[string](tab, `document.getElementById('plan-problems').innerText`), "\n") {
		for _, c := range controls {
			line = strings.ReplaceAll(line, c, "")
		}
		if line = squash(line); line != "" && !strings.Contains(printed, line) {
			t.Errorf("the problem %q does not print (problem box: %q)", line, problem)
		}
	}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func firstOf(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

// BenchmarkPrintPages reports how many A4 pages the planner's example and
// /print/ (the whole guide) print on, as Chromium's "Save as PDF" makes them.
func BenchmarkPrintPages(b *testing.B) {
	needPoppler(b)
	br := browsertest.New(b)
	origin := serve(b)
	var planner, guide int
	for i := 0; i < b.N; i++ {
		planner = len(printedPlanner(b, br, origin))
		guide = len(printedPage(b, br, origin, "/print/"))
	}
	b.ReportMetric(float64(planner), "planner-pages")
	b.ReportMetric(float64(guide), "print-pages")
}
