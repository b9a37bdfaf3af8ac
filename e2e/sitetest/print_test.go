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

// TestDumpPrint writes what each printed page holds (for the report).
func TestDumpPrint(t *testing.T) {
	needPoppler(t)
	br := browsertest.New(t)
	origin := serve(t)
	for _, p := range []string{"planner", "/print/", "/guide/collaborative-team/"} {
		var pages []pdfPage
		if p == "planner" {
			pages = printedPlanner(t, br, origin)
		} else {
			pages = printedPage(t, br, origin, p)
		}
		t.Logf("%s: %d pages", p, len(pages))
		for i, pg := range pages {
			s := squash(pg.text)
			if len(s) > 160 {
				s = s[:160]
			}
			t.Logf("  %d (%.0fx%.0f): %s", i+1, pg.width, pg.height, s)
		}
	}
}
