package sitetest

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// guidePageClause matches the file of each guide page (one top-level clause).
var guidePageClause = regexp.MustCompile(`^guide/[a-z-]+/index\.html$`)

// TestFootnoteNumbers: every footnote mark of the source ([footnoteRef:N])
// is shown as "N)" with the guide's number, on the page of its clause and
// on /print/, linked to its note, whose number is N and which links back.
// (Markdown footnotes would number 1, 2 afresh on each page.)
func TestFootnoteNumbers(t *testing.T) {
	b, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	var want []string
	for _, m := range footnoteRef.FindAllStringSubmatch(src, -1) {
		want = append(want, m[1])
	}
	if strings.Join(want, " ") != "2 3 4 5 6 7 8" {
		t.Fatalf("source footnotes %v, want 2 to 8", want)
	}
	// Which page holds each footnote: the page of the clause that the
	// source's last heading before the mark belongs to.
	wantPage := map[string]string{}
	var top string
	for _, line := range strings.Split(src, "\n") {
		clean := strings.TrimSpace(bookmark.ReplaceAllString(line, ""))
		if m := headingLine.FindStringSubmatch(clean); m != nil {
			top, _, _ = strings.Cut(m[1], ".")
		}
		for _, m := range footnoteRef.FindAllStringSubmatch(line, -1) {
			wantPage[m[1]] = top
		}
	}

	check := func(where string, doc *html.Node, nums []string) {
		t.Helper()
		var marks, notes []string
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			id, _ := attr(n, "id")
			switch {
			case n.Data == "sup" && strings.HasPrefix(id, "fnref-"):
				marks = append(marks, strings.TrimPrefix(id, "fnref-"))
				num := strings.TrimPrefix(id, "fnref-")
				as := elements(n, "a")
				if len(as) != 1 || text(as[0]) != num+")" {
					t.Errorf("%s: footnote mark %s reads %s, want %q", where, num, describe(n), num+")")
				} else if h, _ := attr(as[0], "href"); h != "#fn-"+num {
					t.Errorf("%s: footnote mark %s links to %q", where, num, h)
				}
			case n.Data == "li" && strings.HasPrefix(id, "fn-"):
				num := strings.TrimPrefix(id, "fn-")
				notes = append(notes, num)
				if v, _ := attr(n, "value"); v != num {
					t.Errorf("%s: footnote %s is numbered %q", where, num, v)
				}
				if !strings.Contains(text(n), footnoteBody(t, src, num)) {
					t.Errorf("%s: footnote %s reads %q, not the source's", where, num, text(n))
				}
				back := false
				for _, a := range elements(n, "a") {
					h, _ := attr(a, "href")
					back = back || h == "#fnref-"+num
				}
				if !back {
					t.Errorf("%s: footnote %s has no link back to its mark", where, num)
				}
			case strings.Contains(id, "fn:"):
				t.Errorf("%s: a Markdown footnote (numbered per page): %s", where, describe(n))
			}
		})
		if strings.Join(marks, " ") != strings.Join(nums, " ") || strings.Join(notes, " ") != strings.Join(nums, " ") {
			t.Errorf("%s: footnote marks %v and notes %v, want %v", where, marks, notes, nums)
		}
	}

	check("/print/", parsePage(t, "print/index.html"), want)
	for _, f := range htmlFiles(t) {
		if !guidePageClause.MatchString(f) {
			continue
		}
		doc := parsePage(t, f)
		h1 := elements(doc, "h1")
		if len(h1) == 0 {
			continue
		}
		clause, _ := attr(h1[0], "id")
		var nums []string
		for _, n := range want {
			if "c"+wantPage[n] == clause {
				nums = append(nums, n)
			}
		}
		check(f, doc, nums)
	}
}

// editorsNotes are the inconsistencies of the current text that issue 13
// lists: where each is, the guide's words that must stay as they are, and
// the anchor of its entry in the editorial decisions.
var editorsNotes = []struct {
	page, words, anchor string
}{
	{"guide/collaborative-interchange/", "This ballot (and comment) period is five months (three months for DTRs).", "note-footnote-6"},
	{"guide/organization-procedures/", "The ballot period is normally three months but can be extended up to six months.", "note-3.2"},
	{"guide/collaborative-team/", "This initiates the two-month ballot of the FDIS or DAM to National Bodies", "note-8.9"},
	{"guide/collaborative-interchange/", "the text must be at the DIS, DAM or DTR level", "note-7.9"},
	{"guide/introduction/", "according to the presentation style specified in Appendix II", "note-appendix-ii"},
}

// TestEditorsNotes: each inconsistency has an editor's note on its page,
// set apart from the guide's text (class editors-note, labelled), linking
// to its entry in the editorial decisions; the guide's words are still
// there, outside any note; the notes are not indexed as the guide's text.
func TestEditorsNotes(t *testing.T) {
	decisions := parsePage(t, "about/editorial-decisions/index.html")
	index := string(readFile(t, "search-index.json"))
	for _, c := range editorsNotes {
		doc := parsePage(t, c.page+"index.html")
		var notes []*html.Node
		var guideText strings.Builder
		var walkText func(n *html.Node, inNote bool)
		walkText = func(n *html.Node, inNote bool) {
			if n.Type == html.ElementNode {
				if cl, _ := attr(n, "class"); strings.Contains(cl, "editors-note") {
					notes = append(notes, n)
					inNote = true
				}
			}
			if n.Type == html.TextNode && !inNote {
				guideText.WriteString(n.Data)
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walkText(ch, inNote)
			}
		}
		walkText(doc, false)
		if !strings.Contains(squash(guideText.String()), c.words) {
			t.Errorf("%s: the guide's words %q are gone", c.page, c.words)
		}
		href := "/about/editorial-decisions/#" + c.anchor
		var found *html.Node
		for _, n := range notes {
			for _, a := range elements(n, "a") {
				if h, _ := attr(a, "href"); h == href {
					found = n
				}
			}
		}
		if found == nil {
			t.Errorf("%s: no editor's note linking to %s", c.page, href)
			continue
		}
		if !strings.HasPrefix(text(found), "Editor's note (not part of the guide)") {
			t.Errorf("%s: note %s does not say it is an editor's note", c.page, describe(found))
		}
		if byID(decisions, c.anchor) == nil {
			t.Errorf("editorial decisions: no #%s for the note on %s", c.anchor, c.page)
		}
		if note := text(found); strings.Contains(index, note[len(note)/2:len(note)/2+30]) {
			t.Errorf("search index holds the editor's note on %s as if it were the guide's text", c.page)
		}
	}
}

// TestAbbreviationsFirstUse: every abbreviation of the text keeps its
// <abbr title>, and only its first use on a page (on /print/, in a
// clause) is marked "first", the one that is underlined.
func TestAbbreviationsFirstUse(t *testing.T) {
	check := func(where string, n *html.Node) {
		t.Helper()
		first := map[string]int{}
		for _, a := range elements(n, "abbr") {
			key := text(a)
			if title, _ := attr(a, "title"); title == "" {
				t.Errorf("%s: <abbr>%s</abbr> has no title", where, key)
			}
			if cl, _ := attr(a, "class"); cl == "first" {
				first[key]++
			}
		}
		for key, n := range first {
			if n != 1 {
				t.Errorf("%s: %q marked as first use %d times", where, key, n)
			}
		}
		if len(first) == 0 {
			t.Errorf("%s: no abbreviation marked as first use", where)
		}
	}
	for _, f := range htmlFiles(t) {
		if guidePageClause.MatchString(f) {
			check(f, parsePage(t, f))
		}
	}
	for _, s := range elements(parsePage(t, "print/index.html"), "section") {
		id, _ := attr(s, "aria-labelledby")
		check("/print/#"+id, s)
	}
}
