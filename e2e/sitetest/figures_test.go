package sitetest

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/sitebuild"
	"github.com/commontext/commontext/internal/testkit/browsertest"
)

// Figure references as the guide writes them: "Figure 4", "Figure 3a",
// "Figures 5a and 5b", "Figures 6 and 7".
var (
	figureRef = regexp.MustCompile(`\bFigures? [0-9]+[a-z]?\b(?:(?:,| and| or) [0-9]+[a-z]?\b)*`)
	figureNum = regexp.MustCompile(`\b[0-9]+[a-z]?\b`)
	slugLine  = regexp.MustCompile(`(?m)^slug:\s*"?([^"\n]+?)"?\s*$`)
)

// guideFigureRefs returns, for each guide page (by its URL path), the
// figure numbers its Markdown names in running text.
func guideFigureRefs(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("../../content/guide/*.md")
	if err != nil || len(files) < 10 {
		t.Fatalf("guide sources: %v (%d files)", err, len(files))
	}
	refs := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_index.md") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		m := slugLine.FindStringSubmatch(src)
		if m == nil {
			t.Fatalf("%s: no slug", f)
		}
		page := "guide/" + m[1] + "/index.html"
		for _, line := range strings.Split(src, "\n") {
			if strings.Contains(line, "{{<") { // the figures themselves
				continue
			}
			for _, ref := range figureRef.FindAllString(line, -1) {
				words := strings.SplitN(ref, " ", 2)
				refs[page] = append(refs[page], figureNum.FindAllString(words[1], -1)...)
			}
		}
	}
	return refs
}

// figureIDs lists the figures that exist: "figure-<num>" for every
// guidefigure shortcode in the guide.
func figureNums(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../../content/guide/*.md")
	re := regexp.MustCompile(`guidefigure\s+num="([0-9]+[a-z]?)"`)
	var nums []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			nums = append(nums, m[1])
		}
	}
	if len(nums) < 10 {
		t.Fatalf("found %d figures in the guide, want 10", len(nums))
	}
	return nums
}

// figureTargets: what a reference to Figure <num> must reach. "Figure 5"
// is the guide's name for the pair 5a and 5b.
func figureTargets(num string, exists map[string]bool) []string {
	if exists[num] {
		return []string{num}
	}
	var out []string
	for _, s := range []string{"a", "b", "c"} {
		if exists[num+s] {
			out = append(out, num+s)
		}
	}
	return out
}

// TestFiguresNamedExist: every figure the guide's text names is on the
// site, on its page and on the print page, with its caption, its anchor
// and its short permalink; and the reference in the text links to it.
func TestFiguresNamedExist(t *testing.T) {
	exists := map[string]bool{}
	for _, n := range figureNums(t) {
		exists[n] = true
	}
	print := parsePage(t, "print/index.html")
	refs := guideFigureRefs(t)
	if len(refs) < 5 {
		t.Fatalf("found figure references on %d pages only", len(refs))
	}
	named := map[string]bool{}
	for page, nums := range refs {
		doc := parsePage(t, page)
		hrefs := map[string]bool{}
		for _, a := range elements(doc, "a") {
			if h, ok := attr(a, "href"); ok {
				hrefs[h] = true
			}
		}
		for _, num := range nums {
			targets := figureTargets(num, exists)
			if len(targets) == 0 {
				t.Errorf("%s names Figure %s, which the guide does not have", page, num)
				continue
			}
			for _, tn := range targets {
				named[tn] = true
			}
			// The reference links to the (first) figure it names.
			found := false
			for h := range hrefs {
				if strings.HasSuffix(h, "#figure-"+targets[0]) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s names Figure %s but has no link to #figure-%s", page, num, targets[0])
			}
		}
	}
	for num := range exists {
		if !named[num] {
			t.Logf("Figure %s is never named in the text", num)
		}
	}
	for _, num := range sortedKeys(named) {
		id := "figure-" + num
		for _, where := range []struct {
			name string
			doc  *html.Node
		}{{"print page", print}, {"its page", pageWithFigure(t, num)}} {
			el := byID(where.doc, id)
			if el == nil || el.Data != "figure" {
				t.Errorf("Figure %s: no <figure id=%q> on %s", num, id, where.name)
				continue
			}
			caps := elements(el, "figcaption")
			if len(caps) != 1 || !strings.HasPrefix(text(caps[0]), "Figure "+num+" ") || !strings.Contains(text(caps[0]), " – ") {
				t.Errorf("Figure %s on %s: caption %v", num, where.name, describe(firstOrNil(caps)))
			}
		}
		// The short permalink /c/figure-<num>/ sends the reader to it.
		b := readFile(t, "c/"+id+"/index.html")
		if !bytes.Contains(b, []byte("#"+id)) {
			t.Errorf("/c/%s/ does not lead to #%s", id, id)
		}
	}
}

// pageWithFigure returns the guide page that holds a figure.
func pageWithFigure(t *testing.T, num string) *html.Node {
	t.Helper()
	files, _ := filepath.Glob("../../content/guide/*.md")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(`guidefigure num="`+num+`"`)) {
			m := slugLine.FindSubmatch(b)
			return parsePage(t, "guide/"+string(m[1])+"/index.html")
		}
	}
	t.Fatalf("no guide page holds Figure %s", num)
	return nil
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// svgElements are the only elements a drawing may hold: anything else
// (an <abbr>, a link) means the page's text processing reached into it.
var svgElements = map[string]bool{"svg": true, "title": true, "desc": true, "g": true, "rect": true,
	"polygon": true, "polyline": true, "path": true, "line": true, "circle": true, "text": true, "tspan": true}

// TestFigureDrawings: each figure's drawing is a well-formed SVG with a
// title and a description that name it (role="img", aria-labelledby
// resolving to them), ids of its own (prefixed with the figure's anchor,
// so the print page that holds every figure keeps them unique), only
// drawing elements, and a text equivalent beside it.
func TestFigureDrawings(t *testing.T) {
	nums := figureNums(t)
	for _, where := range []string{"print/index.html", ""} {
		for _, num := range nums {
			id := "figure-" + num
			var doc *html.Node
			if where == "" {
				doc = pageWithFigure(t, num)
			} else {
				doc = parsePage(t, where)
			}
			label := "Figure " + num + " on " + where
			if where == "" {
				label = "Figure " + num
			}
			fig := byID(doc, id)
			if fig == nil {
				t.Errorf("%s: no #%s", label, id)
				continue
			}
			svgs := elements(fig, "svg")
			if len(svgs) != 1 {
				t.Errorf("%s: %d <svg> drawings, want 1", label, len(svgs))
				continue
			}
			svg := svgs[0]
			checkSVG(t, label, id, svg)

			// The text equivalent: a <details> with a summary and, for the
			// drawings made from data/figures, one list item per box.
			var details *html.Node
			for _, d := range elements(fig, "details") {
				if c, _ := attr(d, "class"); strings.Contains(c, "figure-text") {
					details = d
				}
			}
			if details == nil || len(elements(details, "summary")) != 1 || len(elements(details, "li")) == 0 {
				t.Errorf("%s: no text equivalent (<details class=figure-text> with a summary and a list)", label)
				continue
			}
			if c, _ := attr(svg, "class"); strings.Contains(c, "fig ") || c == "fig" {
				boxes := 0
				walk(svg, func(n *html.Node) {
					if c, _ := attr(n, "class"); n.Data == "g" && strings.HasPrefix(c, "fig-node") {
						boxes++
					}
				})
				if items := len(elements(details, "li")); boxes == 0 || items < boxes {
					t.Errorf("%s: %d boxes drawn, %d described in words", label, boxes, items)
				}
			}
		}
	}
}

// checkSVG checks one inline drawing.
func checkSVG(t *testing.T, label, figID string, svg *html.Node) {
	t.Helper()
	if role, _ := attr(svg, "role"); role != "img" {
		t.Errorf("%s: <svg role=%q>, want img", label, role)
	}
	if vb, _ := attr(svg, "viewBox"); len(strings.Fields(vb)) != 4 {
		// x/net/html lower-cases attribute names, then restores SVG ones.
		t.Errorf("%s: viewBox %q", label, vb)
	}
	// Well-formed XML, drawing elements only, no template leftovers.
	var buf bytes.Buffer
	if err := html.Render(&buf, svg); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.Strict = true
	ids := map[string]string{} // id → element name
	texts := map[string]string{}
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: the SVG does not parse as XML: %v", label, err)
			return
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
			if !svgElements[tk.Name.Local] {
				t.Errorf("%s: <%s> inside the drawing", label, tk.Name.Local)
			}
			for _, a := range tk.Attr {
				if strings.Contains(a.Value, "%!") || strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "<nil>") || strings.Contains(a.Value, "Inf") {
					t.Errorf("%s: <%s %s=%q>", label, tk.Name.Local, a.Name.Local, a.Value)
				}
				if a.Name.Local == "id" {
					ids[a.Value] = tk.Name.Local
					if !strings.HasPrefix(a.Value, figID+"-") {
						t.Errorf("%s: id %q is not prefixed with %q", label, a.Value, figID+"-")
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				texts[stack[len(stack)-1]] += string(tk)
			}
		}
	}
	// Title and description: present, with text, and naming the drawing.
	var title, desc *html.Node
	for c := svg.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "title" && title == nil {
			title = c
		}
		if c.Type == html.ElementNode && c.Data == "desc" && desc == nil {
			desc = c
		}
	}
	if title == nil || len(text(title)) < 10 {
		t.Errorf("%s: no <title> with text as a child of the <svg>", label)
	}
	if desc == nil || len(text(desc)) < 40 {
		t.Errorf("%s: no <desc> with a description as a child of the <svg>", label)
	}
	lb, _ := attr(svg, "aria-labelledby")
	refs := strings.Fields(lb)
	if len(refs) == 0 {
		t.Errorf("%s: the <svg> has no aria-labelledby", label)
	}
	var points []string
	for _, r := range refs {
		el, ok := ids[r]
		if !ok {
			t.Errorf("%s: aria-labelledby %q names no element of the drawing", label, r)
		}
		points = append(points, el)
	}
	if strings.Join(points, " ") != "title desc" {
		t.Errorf("%s: aria-labelledby points at %v, want its <title> and <desc>", label, points)
	}
}

// TestTutorialPaths: the three tutorial paths and their index exist, have
// one h1, and link to the clauses, figures and appendix they name, which
// are written as plain text in their Markdown and linked by the site.
func TestTutorialPaths(t *testing.T) {
	pages := map[string][]string{
		"paths/index.html": {"/guide/modes-of-cooperation/#c4.4", "/guide/modes-of-cooperation/#figure-4",
			"/guide/collaborative-interchange/#c7.11", "/guide/collaborative-team/#c8.12", "/guide/appendix-i/#appendix-i"},
		"paths/which-mode/index.html": {"/guide/modes-of-cooperation/#c4.4", "/guide/modes-of-cooperation/#figure-4",
			"/guide/modes-of-cooperation/#c4.2", "/guide/modes-of-cooperation/#c4.3", "/guide/liaison-procedures/#c6.2",
			"/guide/collaborative-interchange/#c7", "/guide/collaborative-team/#c8", "/guide/collaborative-team/#c8.1",
			"#step-2", "#step-3", "#liaison", "#collaborative-interchange", "#collaborative-team", "#separate-work"},
		"paths/wd-to-publication/index.html": {"/guide/collaborative-team/#figure-7", "/guide/collaborative-interchange/#figure-6",
			"/guide/planning-and-scheduling/#figure-5b", "/guide/collaborative-team/#c8.9", "/guide/collaborative-team/#c8.6.3",
			"/guide/organization-procedures/#c3.1.2", "/guide/collaborative-team/#c8.10"},
		"paths/fixing-a-published-text/index.html": {"/guide/collaborative-interchange/#c7.11", "/guide/collaborative-interchange/#c7.12",
			"/guide/collaborative-team/#c8.11", "/guide/collaborative-team/#c8.12", "/guide/appendix-i/#appendix-i",
			"/guide/collaborative-interchange/#c7.11.2", "/guide/collaborative-team/#c8.11.3"},
	}
	clauseRef := regexp.MustCompile(`\b(?:[1-9]|10)(?:\.[0-9]+){1,3}\b`)
	for page, want := range pages {
		doc := parsePage(t, page)
		main := byID(doc, "main")
		if main == nil {
			t.Errorf("%s: no <main id=main>", page)
			continue
		}
		if h1 := elements(doc, "h1"); len(h1) != 1 || text(h1[0]) == "" {
			t.Errorf("%s: %d h1 elements, want one", page, len(h1))
		}
		hrefs := map[string]bool{}
		for _, a := range elements(main, "a") {
			if h, ok := attr(a, "href"); ok {
				hrefs[h] = true
			}
		}
		for _, w := range want {
			found := false
			for h := range hrefs {
				if h == w || strings.HasSuffix(h, w) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no link to %s", page, w)
			}
		}
		// Every clause number the Markdown names is a link to that clause.
		src := "../../content/" + strings.TrimSuffix(strings.TrimSuffix(page, "index.html"), "/")
		if page == "paths/index.html" {
			src = "../../content/paths/_index"
		}
		b, err := os.ReadFile(src + ".md")
		if err != nil {
			t.Errorf("%s: no source: %v", page, err)
			continue
		}
		body := string(b)
		if i := strings.Index(body[3:], "---"); i >= 0 {
			body = body[i+6:] // after the front matter
		}
		body = regexp.MustCompile(`(?m)^#+ .*$`).ReplaceAllString(body, "") // headings are not linked
		for _, num := range clauseRef.FindAllString(body, -1) {
			found := false
			for h := range hrefs {
				if strings.HasSuffix(h, "#c"+num) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s names %s but does not link to it", page, num)
			}
		}
	}

	// "Which mode of cooperation?" is where the home page sends a newcomer;
	// the header offers the tutorials.
	home := parsePage(t, "index.html")
	var toPath, inNav bool
	for _, a := range elements(home, "a") {
		h, _ := attr(a, "href")
		if strings.HasSuffix(h, "/paths/which-mode/") {
			toPath = true
		}
		if strings.HasSuffix(h, "/paths/") && text(a) == "Tutorials" {
			inNav = true
		}
	}
	if !toPath || !inNav {
		t.Errorf("home page: link to /paths/which-mode/ %v, Tutorials in the header %v", toPath, inNav)
	}

	// The walk through Figures 6/7 and 5b is preset for the planner.
	b, err := os.ReadFile("../../content/paths/wd-to-publication.md")
	if err != nil || !regexp.MustCompile(`(?m)^planner:\s*"is-ct-aap"\s*$`).Match(b) {
		t.Errorf("content/paths/wd-to-publication.md: want front matter planner: \"is-ct-aap\" (err %v)", err)
	}
}

// figurePages are the guide pages with drawn figures, and the tutorials.
var figurePages = []string{"/guide/organizational-structures/", "/guide/organization-procedures/",
	"/guide/modes-of-cooperation/", "/guide/collaborative-interchange/", "/guide/collaborative-team/",
	"/paths/", "/paths/which-mode/", "/paths/wd-to-publication/", "/paths/fixing-a-published-text/"}

// TestBrowserFigures renders the figure and tutorial pages in headless
// Chromium: axe-core finds no violation in light or dark mode; every
// label fits inside its box (the line breaks are computed at build time
// from an average glyph width, checked here with the wide fonts of a bare
// Linux machine); the drawings follow dark mode; and on a 360 px phone
// they fit the page with text still at a readable size.
func TestBrowserFigures(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Viewport(1280, 900, false)

	// Text that spills out of its box, in SVG user units.
	const overflow = `[...document.querySelectorAll('svg.fig g.fig-node')].flatMap(g => {
		const shapes = [...g.querySelectorAll(':scope > rect, :scope > polygon')].map(s => s.getBBox());
		if (!shapes.length) return [];
		const box = shapes.reduce((a, s) => ({x: Math.min(a.x, s.x), y: Math.min(a.y, s.y), r: Math.max(a.r, s.x + s.width), b: Math.max(a.b, s.y + s.height)}), {x: 1e9, y: 1e9, r: -1e9, b: -1e9});
		return [...g.querySelectorAll(':scope > text')].map(t => [t, t.getBBox()])
			.filter(([t, r]) => r.x < box.x + 1 || r.x + r.width > box.r - 1 || r.y < box.y || r.y + r.height > box.b + 1)
			.map(([t]) => t.closest('figure').id + ': ' + t.textContent);
	})`
	for _, p := range figurePages {
		tab.Go(p)
		tab.Axe(p)
		if over := browsertest.Eval[[]string](tab, overflow); len(over) > 0 {
			t.Errorf("%s: text wider than its box: %v", p, over)
		}
		tab.Media("", "dark")
		tab.Axe(p + ", dark")
		tab.Media("", "")
	}

	// Dark mode: the boxes take the page's background, the text its colour.
	tab.Go("/guide/collaborative-team/")
	const colours = `(() => { const r = document.querySelector('#figure-7 .fig-node rect'), x = document.querySelector('#figure-7 .fig-t');
		return [getComputedStyle(r).fill, getComputedStyle(x).fill, getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color] })()`
	light := browsertest.Eval[[]string](tab, colours)
	tab.Media("", "dark")
	dark := browsertest.Eval[[]string](tab, colours)
	tab.Media("", "")
	if light[1] == dark[1] || light[0] == dark[0] || dark[1] != dark[3] {
		t.Errorf("Figure 7 does not follow dark mode: box fill, text fill, page background, page text: light %v, dark %v", light, dark)
	}

	// A 360 px phone: the drawings fit, and their smallest text stays
	// readable (10.5 units in the drawing's viewBox, shown at 9.5 px or more).
	tab.Viewport(360, 740, true)
	for _, p := range figurePages[:5] {
		tab.Go(p)
		got := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('svg.fig')].flatMap(s => {
			const w = s.getBoundingClientRect().width, vb = s.viewBox.baseVal.width, fw = s.parentElement.clientWidth;
			const out = [];
			if (w > fw + 0.5 || s.getBoundingClientRect().right > 360) out.push(s.closest('figure').id + ' is ' + w + ' px wide in ' + fw);
			if (10.5 * w / vb < 9.5) out.push(s.closest('figure').id + ': small text at ' + (10.5 * w / vb).toFixed(1) + ' px');
			return out })`)
		for _, g := range got {
			t.Errorf("%s at 360 px: %s", p, g)
		}
	}
	tab.CheckClean()
}

// TestTimelineFiguresMatchEngine: Figures 5a and 5b show exactly the
// engine's dates for their canonical plans (sitebuild.Figure5a/5b): every
// step of the best case, with its dates, in the drawing's description, its
// text version, and the drawing's date labels.
func TestTimelineFiguresMatchEngine(t *testing.T) {
	doc := parsePage(t, "guide/planning-and-scheduling/index.html")
	for num, plan := range map[string]string{"5a": sitebuild.Figure5a, "5b": sitebuild.Figure5b} {
		s, err := sitebuild.Schedule("../../" + plan)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := s.Scenario(sitebuild.FigureScenario)
		fig := byID(doc, "figure-"+num)
		if fig == nil {
			t.Fatalf("no figure-%s", num)
		}
		descs := elements(fig, "desc")
		var lists []*html.Node
		for _, d := range elements(fig, "details") {
			lists = append(lists, elements(d, "ol")...)
		}
		if len(descs) != 1 || len(lists) != 1 {
			t.Fatalf("figure %s: %d <desc>, %d text lists", num, len(descs), len(lists))
		}
		desc, list := text(descs[0]), text(lists[0])
		var labels []string
		for _, n := range elements(fig, "text") {
			if c, _ := attr(n, "class"); c == "tl-date" {
				labels = append(labels, text(n))
			}
		}
		rows := 0
		for _, st := range sc.Steps {
			if st.Kind == "deadline" {
				continue
			}
			rows++
			dates := st.Start.String()
			if st.End != st.Start {
				dates += " to " + st.End.String()
			}
			if !strings.Contains(desc, st.Label+" "+dates) {
				t.Errorf("figure %s: description lacks %q %s", num, st.Label, dates)
			}
			if !strings.Contains(list, st.Label+": "+dates) {
				t.Errorf("figure %s: text version lacks %q: %s", num, st.Label, dates)
			}
		}
		if len(labels) != rows {
			t.Errorf("figure %s: %d date labels in the drawing for %d steps", num, len(labels), rows)
		}
		if details := elements(fig, "details"); len(details) != 1 || !strings.Contains(text(details[0]), "Publication: "+sc.Publication.String()) {
			t.Errorf("figure %s: text version lacks the publication date %s", num, sc.Publication)
		}
	}
}

// TestBrowserFigureLabels measures the drawings with the browser's own
// fonts: no arrow of a figure runs through a band's label (issue 13: in
// Figure 7 one crossed "Maintenance (8.11, 8.12)"), and in Figures 5a and
// 5b no text is cut at the drawing's edges and no synchronization line
// crosses a text. The timeline fits its column, and on a 360 px phone the
// agenda replaces it without any sideways scrolling.
func TestBrowserFigureLabels(t *testing.T) {
	b := browsertest.New(t)
	origin := serve(t)
	tab := b.NewTab(t, origin)
	tab.Viewport(1280, 900, false)

	// hits: does the path, as the browser draws it, pass through the
	// inside of the box r? (Sampled along the path: the site's minifier
	// rewrites path data, so it is not parsed here.)
	const lib = `const hits = (p, r) => { const L = p.getTotalLength();
			for (let s = 0; s <= L; s += 0.5) { const q = p.getPointAtLength(s);
				if (q.x > r.x + 1 && q.x < r.x + r.width - 1 && q.y > r.y + 1 && q.y < r.y + r.height - 1) return true; }
			return false; };`
	for _, p := range figurePages[:5] {
		tab.Go(p)
		got := browsertest.Eval[[]string](tab, `(() => { `+lib+`
			return [...document.querySelectorAll('svg.fig')].flatMap(s => {
				const labels = [...s.querySelectorAll('.fig-band-label')];
				return [...s.querySelectorAll('.fig-link path')].flatMap(p =>
					labels.filter(l => hits(p, l.getBBox())).map(l => s.closest('figure').id + ': an arrow crosses "' + l.textContent + '"'));
			}) })()`)
		for _, g := range got {
			t.Errorf("%s: %s", p, g)
		}
	}

	tab.Go("/guide/planning-and-scheduling/")
	got := browsertest.Eval[[]string](tab, `(() => { `+lib+`
		return [...document.querySelectorAll('svg.timeline')].flatMap(s => {
			const id = s.closest('figure').id, vb = s.viewBox.baseVal, out = [];
			const texts = [...s.querySelectorAll('text')].filter(t => !t.closest('.tl-legend'));
			for (const t of texts) {
				const r = t.getBBox();
				if (r.x < 0 || r.x + r.width > vb.width) out.push(id + ': "' + t.textContent + '" is cut at the edge');
			}
			for (const p of s.querySelectorAll('.tl-syncs .tl-sync')) for (const t of texts)
				if (hits(p, t.getBBox())) out.push(id + ': a synchronization line crosses "' + t.textContent + '"');
			const w = s.getBoundingClientRect().width, col = s.closest('figure').clientWidth;
			if (w > col + 0.5) out.push(id + ': ' + w + ' px wide in a column of ' + col);
			if (!s.querySelector('.tl-legend .tl-key')) out.push(id + ': no legend');
			return out;
		}) })()`)
	for _, g := range got {
		t.Errorf("Figures 5a, 5b: %s", g)
	}

	tab.Viewport(360, 740, true)
	tab.Go("/guide/planning-and-scheduling/")
	phone := browsertest.Eval[[]string](tab, `(() => { const out = [];
		for (const f of document.querySelectorAll('#figure-5a, #figure-5b')) {
			const svg = f.querySelector('svg.timeline'), ag = f.querySelector('.tl-agenda');
			if (!ag || ag.getBoundingClientRect().height < 100 || ag.querySelectorAll('li').length < 5) out.push(f.id + ': no agenda');
			if (svg && svg.getBoundingClientRect().height > 0) out.push(f.id + ': the drawing is shown at 360 px');
		}
		if (document.documentElement.scrollWidth > 360) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
		return out })()`)
	for _, g := range phone {
		t.Errorf("360 px: %s", g)
	}
	tab.CheckClean()
}
