package sitetest

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The source export of the guide, kept in the repository: the tests derive
// what the site must contain from it, not from a list kept by hand.
const sourcePath = "../../source/guide-2013-tracked-export.txt"

type clause struct{ num, title string }

var (
	bookmark    = regexp.MustCompile(`\[bookmark: [^\]]*\]`)
	headingLine = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)*)\t+([^:\t]+)$`)
	definition  = regexp.MustCompile(`^(1\.5\.[0-9]\.[0-9]+(?:bis|ter)?)[\t ]+([^:]+):`)
	tableLine   = regexp.MustCompile(`^(Table [0-9]+) – (.+)$`)
	footnoteRef = regexp.MustCompile(`\[footnoteRef:([0-9]+)\]`)
)

// sourceClauses returns the numbered headings and the numbered definitions
// of the source, in order. Heading titles carry no tracked change in the
// source (checked when the content was made), so they compare as they are.
func sourceClauses(t *testing.T) (heads, defs []clause) {
	t.Helper()
	b, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(bookmark.ReplaceAllString(line, ""))
		if m := definition.FindStringSubmatch(line); m != nil {
			defs = append(defs, clause{m[1], squash(m[2])})
			continue
		}
		if m := headingLine.FindStringSubmatch(line); m != nil {
			heads = append(heads, clause{m[1], squash(m[2])})
		}
	}
	if len(heads) < 70 || len(defs) < 30 {
		t.Fatalf("parsed only %d headings and %d definitions from the source", len(heads), len(defs))
	}
	return heads, defs
}

// TestClausesInOrder: every clause number and title of the source appears,
// in order, as a heading with its anchor, on the print page (the whole
// guide in order) and on the clause's own page (reached via its permalink).
func TestClausesInOrder(t *testing.T) {
	heads, defs := sourceClauses(t)
	doc := parsePage(t, "print/index.html")

	// Headings of the print page, in document order.
	var got []clause
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
			return
		}
		id, _ := attr(n, "id")
		if !strings.HasPrefix(id, "c") {
			return
		}
		txt := strings.TrimSuffix(text(n), "#")
		num := strings.TrimPrefix(id, "c")
		got = append(got, clause{num, strings.TrimSpace(strings.TrimPrefix(txt, num))})
	})
	i := 0
	for _, want := range heads {
		for i < len(got) && got[i].num != want.num {
			i++
		}
		if i == len(got) {
			t.Errorf("clause %s %q: no heading with id c%s after the previous clause on the print page", want.num, want.title, want.num)
			continue
		}
		if got[i].title != want.title {
			t.Errorf("clause %s: heading says %q, source says %q", want.num, got[i].title, want.title)
		}
	}

	// Each clause and definition is on its own page, found via its permalink.
	for _, c := range append(heads, defs...) {
		target := permalinkTarget(t, "c/"+c.num+"/index.html")
		page, frag, _ := strings.Cut(target, "#")
		pdoc := parsePage(t, strings.TrimPrefix(page, "/")+"index.html")
		el := byID(pdoc, frag)
		if el == nil {
			t.Errorf("clause %s: permalink goes to %s, which has no #%s", c.num, target, frag)
			continue
		}
		if txt := text(el); !strings.Contains(txt, c.title) || !strings.Contains(txt, c.num) {
			t.Errorf("clause %s: #%s on %s reads %q, want number and %q", c.num, frag, page, txt, c.title)
		}
	}
}

var refresh = regexp.MustCompile(`url=([^"'>\s]+)`)

// permalinkTarget returns where a /c/… permalink page sends the reader.
func permalinkTarget(t *testing.T, rel string) string {
	t.Helper()
	doc := parsePage(t, rel)
	for _, m := range elements(doc, "meta") {
		if v, _ := attr(m, "http-equiv"); v == "refresh" {
			c, _ := attr(m, "content")
			if s := refresh.FindStringSubmatch(c); s != nil {
				return s[1]
			}
		}
	}
	t.Fatalf("%s: no refresh target", rel)
	return ""
}

// TestTablesFiguresFootnotes: every table (with its caption), every figure
// caption and every footnote of the source is on the site.
func TestTablesFiguresFootnotes(t *testing.T) {
	b, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	doc := parsePage(t, "print/index.html")

	var tables int
	for _, line := range strings.Split(src, "\n") {
		m := tableLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		tables++
		id := "table-" + strings.TrimPrefix(m[1], "Table ")
		el := byID(doc, id)
		if el == nil || el.Data != "table" {
			t.Errorf("%s: no <table id=%q>", m[1], id)
			continue
		}
		caps := elements(el, "caption")
		if len(caps) != 1 || text(caps[0]) != m[1]+" – "+m[2] {
			t.Errorf("%s: caption is %v, want %q", m[1], describe(firstOrNil(caps)), m[1]+" – "+m[2])
		}
		if rows := elements(el, "tr"); len(rows) < 3 {
			t.Errorf("%s: only %d rows", m[1], len(rows))
		}
	}
	if tables != 3 {
		t.Errorf("found %d table captions in the source, want 3", tables)
	}

	for _, num := range []string{"1", "2", "3a", "3b", "3c", "4", "5a", "5b", "6", "7"} {
		el := byID(doc, "figure-"+num)
		if el == nil || el.Data != "figure" {
			t.Errorf("Figure %s: no <figure id=figure-%s>", num, num)
			continue
		}
		if caps := elements(el, "figcaption"); len(caps) != 1 || !strings.HasPrefix(text(caps[0]), "Figure "+num+" ") {
			t.Errorf("Figure %s: caption %v", num, describe(firstOrNil(caps)))
		}
	}

	// Footnotes: each of the source's is on the print page, with the
	// guide's own number (TestFootnoteNumbers checks the marks and pages).
	refs := footnoteRef.FindAllStringSubmatch(src, -1)
	var notes []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "li" {
			if id, _ := attr(n, "id"); strings.HasPrefix(id, "fn-") {
				notes = append(notes, n)
			}
		}
	})
	if len(notes) != len(refs) {
		t.Errorf("print page has %d footnotes, the source %d", len(notes), len(refs))
	}
	for _, r := range refs {
		body := footnoteBody(t, src, r[1])
		el := byID(doc, "fn-"+r[1])
		if el == nil || !strings.Contains(text(el), body) {
			t.Errorf("footnote %s (%q…): print page has %s", r[1], body, describe(el))
		}
	}
}

// footnoteBody returns the first words of footnote n in the source.
func footnoteBody(t *testing.T, src, n string) string {
	t.Helper()
	body := regexp.MustCompile(`\[` + n + `: \)\s*([^\]]{20})`).FindStringSubmatch(src)
	if body == nil {
		t.Fatalf("footnote %s: no text in the source", n)
	}
	return strings.TrimSpace(body[1])
}

func firstOrNil(ns []*html.Node) *html.Node {
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

// leftovers are what a tracked-change export leaves when a change is not
// resolved: field codes, and deleted words glued to inserted ones.
var leftovers = regexp.MustCompile(`\[bookmark|HYPERLINK|footnoteRef|\[image:|\[[0-9]+: \)|` +
	`fivethree|fivetwo|normallytwo|QoSquality|PDTRPDTS|PDTRSpecification|\bITUT\b|\bWTSA12\b|` +
	`\b(?:19|20)[0-9]{2}(?:19|20)[0-9]{2}\b|\b[0-9]{4}latest\b|inthttp|orghttp`)

// TestNoSourceLeftovers: no page of the site carries a field code or an
// unresolved tracked change.
func TestNoSourceLeftovers(t *testing.T) {
	for _, f := range htmlFiles(t) {
		if f == "about/editorial-decisions/index.html" {
			continue // the record of how the export was resolved quotes it on purpose
		}
		b := readFile(t, f)
		for _, loc := range leftovers.FindAllIndex(b, 5) {
			lo, hi := max(0, loc[0]-40), min(len(b), loc[1]+40)
			t.Errorf("%s: leftover %q in …%s…", f, b[loc[0]:loc[1]], b[lo:hi])
		}
	}
}

// TestCrossLinking: the generator turns the guide's references into links
// and its abbreviations into <abbr>, without any link written by hand.
func TestCrossLinking(t *testing.T) {
	doc := parsePage(t, "guide/collaborative-team/index.html")
	hrefs := map[string]bool{}
	var abbrs = map[string]string{}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "a":
			h, _ := attr(n, "href")
			hrefs[h+" "+text(n)] = true
		case "abbr":
			abbrs[text(n)], _ = attr(n, "title")
		}
	})
	for _, want := range []string{
		"/guide/organization-procedures/#c3 Clause 3", // "Clause 3 presents…" in 8.9
		"/guide/collaborative-team/#c8.7 8.7",         // "As outlined in 8.7 above"
		"/glossary/#term-last-call Last Call",         // first use of a defined term
	} {
		if !hrefs[want] {
			t.Errorf("collaborative-team: no link %q", want)
		}
	}
	for abbr, title := range map[string]string{
		"DIS": "Draft International Standard", "AAP": "Alternative Approval Process",
		"TSB": "Telecommunication Standardization Bureau", "JTC 1": "Joint Technical Committee 1",
	} {
		if abbrs[abbr] != title {
			t.Errorf("collaborative-team: <abbr>%s</abbr> has title %q, want %q", abbr, abbrs[abbr], title)
		}
	}
	// A reference to another document's annex is not a link to this guide's appendix.
	b := string(readFile(t, "guide/common-patent-policy/index.html"))
	if strings.Contains(b, `appendix-i>Appendix I</a>)`) || !strings.Contains(b, "Annex I (Appendix I)") {
		t.Errorf("clause 10: \"Annex I (Appendix I)\" of the ISO/IEC Directives must stay plain text")
	}
}

// squash collapses white space, the no-break spaces of the source included.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestOtherDocumentsClausesNotLinked: "Rec. ITU-T A.8, clause 3.1" and
// "Resolution 1, clause 9.3.1" name clauses of other documents; they must
// not link to this guide's clauses of the same numbers.
func TestOtherDocumentsClausesNotLinked(t *testing.T) {
	// "ITU-R" is not the abbreviation ITU.
	if b := string(readFile(t, "guide/common-patent-policy/index.html")); strings.Contains(b, "</abbr>-R") {
		t.Error(`"ITU-R" is marked up as the abbreviation ITU`)
	}
	doc := parsePage(t, "guide/organization-procedures/index.html")
	for _, a := range elements(doc, "a") {
		h, _ := attr(a, "href")
		prev := ""
		if a.PrevSibling != nil && a.PrevSibling.Type == html.TextNode {
			prev = a.PrevSibling.Data
		}
		if strings.Contains(h, "#c") && (strings.HasSuffix(prev, "A.8, clause ") || strings.HasSuffix(prev, "Resolution 1, clause ") || strings.HasSuffix(prev, " or ") && strings.Contains(prev, "A.8")) {
			t.Errorf("%q + link %s: a clause of another document links into the guide", prev, h)
		}
	}
	txt := text(doc)
	for _, want := range []string{"Rec. ITU-T A.8, clause 3.1)", "Resolution 1, clause 9.3.1", "A.8, clause 5.3 or 5.4)", "A.8, clause 6.1 or 6.2)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("page lacks the plain text %q", want)
		}
	}
}
