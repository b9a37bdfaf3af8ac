package sitetest

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// exportParagraph finds phrase in the source export, once, and returns
// whether its paragraph (field codes and footnote texts removed) ends with
// a colon, so that a list follows. The phrase must stand in the export as
// the site prints it: a tracked change would glue old and new words
// together inside it, so this also shows the words carry no change mark.
func exportParagraph(t *testing.T, export, phrase string) (introducesList bool) {
	t.Helper()
	var found []string
	for _, line := range strings.Split(strings.ReplaceAll(export, "\u00a0", " "), "\n") {
		if strings.Contains(bookmark.ReplaceAllString(line, ""), phrase) {
			line = exportFootnote.ReplaceAllString(line, "")
			found = append(found, strings.TrimSpace(line))
		}
	}
	if len(found) != 1 {
		t.Fatalf("the export holds %q in %d paragraphs, want one", phrase, len(found))
	}
	return strings.HasSuffix(found[0], ":")
}

var exportFootnote = regexp.MustCompile(`\[[0-9]+: \)\t[^\]]*\]`)

// noteOn is an editor's note and the guide's sentences it comments on,
// each named by a phrase of the source export (issue 21): the note stands
// after the paragraph of the first sentence, after the list that
// paragraph introduces if it ends with a colon, and quotes what it says of.
type noteOn struct {
	page, anchor string
	phrases      []string // of the export; the first places the note
	quotes       []string // words the note must quote
	never        []string // what the note must not claim
}

var notesOnSource = []noteOn{
	{"guide/organization-procedures/", "note-3.2",
		[]string{"The ballot period is normally three months but can be extended up to six months."},
		[]string{"normally three months but can be extended up to six months", "two, three or four months"},
		[]string{"is the text before"}},
	{"guide/organization-procedures/", "note-3.2-pdts",
		[]string{"a second CD, PDAM, or PDTR ballot is required"},
		[]string{"a second CD, PDAM, or PDTR ballot", "PDTS"}, nil},
	{"guide/organization-procedures/", "note-fdis-dtr",
		[]string{"register the standard as FDIS (respectively as FDAM or DTR)"},
		[]string{"FDIS (respectively as FDAM or DTR)", "FDIS (or FDAM or DTR) ballot", "Table 3"}, nil},
	{"guide/planning-and-scheduling/", "note-fdis-dtr",
		[]string{"FDIS (or FDAM or DTR) ballot, and publication", "FDIS (or FDAM or DTR) ballots need"},
		[]string{"FDIS (or FDAM or DTR) ballot", "Table 3"}, nil},
	{"guide/collaborative-interchange/", "note-7.9",
		[]string{"the text must be at the DIS, DAM or DTR level", "The DIS, DAM, or DTR ballot resolution meeting"},
		[]string{"DIS, DAM or DTR level", "The DIS, DAM, or DTR ballot resolution meeting", "DTS"},
		[]string{"the rest of 7.9"}},
	{"guide/collaborative-interchange/", "note-figure-5",
		[]string{"to jointly plan the specific steps, taking into account scheduled dates of the ITU-T SG and JTC 1 SC meetings. Figure 5 shows"},
		[]string{"Figure 5", "5a", "5b"}, nil},
	{"guide/collaborative-team/", "note-figure-5",
		[]string{"it is important for the CT to plan the specific steps, taking into account scheduled dates of the ITU-T SG and the JTC 1 SC meetings. Figure 5 shows"},
		[]string{"Figure 5", "5a", "5b"}, nil},
	{"guide/collaborative-interchange/", "note-footnote-6",
		[]string{"This ballot (and comment) period is five months (three months for DTRs)."},
		[]string{"five months (three months for DTRs)"}, nil},
	{"guide/collaborative-team/", "note-8.9",
		[]string{"This initiates the two-month ballot of the FDIS or DAM"},
		[]string{"FDIS or DAM", "FDIS or FDAM"}, nil},
}

// TestEditorsNotesAgainstSource: each editor's note stands right after
// what it comments on, found from the export's sentences, never between a
// sentence and its list; it quotes the words it is about and links to its
// section of the editorial decisions; the glossary's definitions carry the
// note their clause carries.
func TestEditorsNotesAgainstSource(t *testing.T) {
	raw, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	export := string(raw)
	decisions := parsePage(t, "about/editorial-decisions/index.html")
	for _, c := range notesOnSource {
		doc := parsePage(t, c.page+"index.html")
		href := "/about/editorial-decisions/#" + c.anchor
		if byID(decisions, c.anchor) == nil {
			t.Errorf("editorial decisions: no section #%s", c.anchor)
		}
		list := exportParagraph(t, export, c.phrases[0])
		block := blockWith(doc, c.phrases[0])
		if block == nil {
			t.Errorf("%s: no paragraph holds the export's words %q", c.page, c.phrases[0])
			continue
		}
		// What follows the block, out of the footnotes' section if it ends one.
		next := nextElement(block)
		for up := block.Parent; next == nil && up != nil && isFootnotes(up); up = up.Parent {
			next = nextElement(up)
		}
		if list {
			// The paragraph's last sentence ends with a colon: its list
			// comes next, whatever comments on it comes after the list.
			if next == nil || (next.Data != "ul" && next.Data != "ol") {
				t.Errorf("%s: %q ends with a colon but %s comes between it and its list",
					c.page, c.phrases[0], describeOrNil(next))
			}
			for next != nil && (next.Data == "ul" || next.Data == "ol") {
				next = nextElement(next)
			}
		}
		if next == nil || !linksTo(next, href) {
			t.Errorf("%s: after %q (%s) comes %s, want the editor's note linking to %s",
				c.page, c.phrases[0], describe(block), describeOrNil(next), href)
			continue
		}
		note := squash(text(next))
		if !strings.HasPrefix(note, "Editor's note (not part of the guide)") {
			t.Errorf("%s: %s does not say it is an editor's note", c.page, describe(next))
		}
		for _, p := range c.phrases[1:] {
			exportParagraph(t, export, p)
			if blockWith(doc, p) == nil {
				t.Errorf("%s: the export's words %q are not on the page", c.page, p)
			}
		}
		for _, q := range c.quotes {
			if !strings.Contains(note, q) {
				t.Errorf("%s: note #%s does not name %q: %s", c.page, c.anchor, q, note)
			}
		}
		for _, q := range c.never {
			if strings.Contains(note, q) {
				t.Errorf("%s: note #%s says %q, which the export does not show: %s", c.page, c.anchor, q, note)
			}
		}
	}

	// 1.6.2 lists neither DTS nor PDTS (from the export's list), and says so.
	start := strings.Index(export, "1.6.2\tISO/IEC abbreviations")
	end := strings.Index(export, "1.6.3\tITU-T and JTC 1")
	if start < 0 || end < start {
		t.Fatal("no 1.6.2 in the export")
	}
	for _, a := range []string{"DTS", "PDTS"} {
		if regexp.MustCompile(`(?m)^` + a + `\t`).MatchString(export[start:end]) {
			t.Errorf("the export's 1.6.2 lists %s: the note on 1.6.2 is wrong", a)
		}
	}
	intro := parsePage(t, "guide/introduction/index.html")
	if h := byID(intro, "c1.6.2"); h == nil {
		t.Error("no 1.6.2")
	} else {
		var note *html.Node
		for n := nextElement(h); n != nil && n.Data != "h3" && n.Data != "h2"; n = nextElement(n) {
			if linksTo(n, "/about/editorial-decisions/#note-1.6.2") {
				note = n
			}
		}
		if note == nil || !strings.Contains(text(note), "DTS") || !strings.Contains(text(note), "PDTS") {
			t.Errorf("1.6.2: no editor's note on DTS and PDTS (%s)", describeOrNil(note))
		}
	}

	// The glossary's 1.5.3.3 and 1.5.3.4 carry the note on "Appendix II",
	// as clause 1.5.3 does.
	glossary := parsePage(t, "glossary/index.html")
	for _, num := range []string{"1.5.3.3", "1.5.3.4"} {
		def := byID(intro, "c"+num)
		if def == nil || !linksTo(def, "/about/editorial-decisions/#note-appendix-ii") {
			t.Errorf("clause %s: no editor's note on Appendix II", num)
		}
		var dd *html.Node
		walk(glossary, func(n *html.Node) {
			if n.Data == "dd" && linksTo(n, "/guide/introduction/#c"+num) {
				dd = n
			}
		})
		if dd == nil || !linksTo(dd, "/about/editorial-decisions/#note-appendix-ii") {
			t.Errorf("glossary, %s: no editor's note on Appendix II", num)
		}
	}
}

// blockWith returns the innermost p or li of the guide's text (not of an
// editor's note) whose text holds words; for an item, its list.
func blockWith(doc *html.Node, words string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "li") && !inNote(n) && strings.Contains(squash(text(n)), words) {
			found = n
		}
	})
	if found != nil && found.Data == "p" && found.Parent != nil && found.Parent.Data == "li" {
		found = found.Parent
	}
	if found != nil && found.Data == "li" && found.Parent != nil {
		found = found.Parent
	}
	return found
}

func nextElement(n *html.Node) *html.Node {
	for n = n.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			return n
		}
	}
	return nil
}

func linksTo(n *html.Node, href string) bool {
	for _, a := range elements(n, "a") {
		if h, _ := attr(a, "href"); h == href {
			return true
		}
	}
	return false
}

func describeOrNil(n *html.Node) string {
	if n == nil {
		return "nothing"
	}
	return describe(n)
}

func inNote(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if cl, _ := attr(n, "class"); strings.Contains(cl, "editors-note") {
			return true
		}
	}
	return false
}

func isFootnotes(n *html.Node) bool {
	cl, _ := attr(n, "class")
	return strings.Contains(cl, "footnotes")
}
