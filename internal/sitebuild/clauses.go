package sitebuild

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/gohugoio/hugo/parser/pageparser"
)

// The clause index is the guide's structure, derived once from the
// Markdown (content/guide/*.md) and the glossary (data/glossary.yaml): every
// clause, definition, figure and table with the page and anchor it lives
// at. The build writes it to assets/gen/clauses.json; the permalink pages
// (content/c/_content.gotmpl), the generator's link map
// (layouts/_partials/linkmap.html) and the guide's page templates read it
// there, so no template parses Markdown or knows how an anchor is made.

// ClauseFile is the clause index's path under assets/, as templates get it
// (resources.Get).
const ClauseFile = "gen/clauses.json"

// ClauseIndex is what clauses.json holds.
type ClauseIndex struct {
	// Targets lists what a reference can point to, in the guide's order.
	Targets []Target `json:"targets"`
	// Anchors maps each top-level clause ("3", "I") to the anchor of its
	// page's title: the ID of the chapter in the print version.
	Anchors map[string]string `json:"anchors"`
	// Labels maps each top-level clause to how the guide names it: "3",
	// "Appendix I".
	Labels map[string]string `json:"labels"`
}

// A Target is a numbered clause, a definition, a figure or a table.
type Target struct {
	// Key is its short permalink under /c/ ("8.6.3", "figure-5a",
	// "appendix-i"); empty for a name that only the text uses (the text
	// says "Figure 5" for the pair 5a and 5b).
	Key string `json:"key,omitempty"`
	// Ref is the name the generator's link map finds in the text: "8.6.3",
	// "Figure 5a", "Table 3", "Appendix I".
	Ref string `json:"ref"`
	// Label names it in a sentence: "clause 8.6.3", "Figure 5a",
	// "definition 1.5.1.6, Approval".
	Label string `json:"label"`
	// Page is the path of the guide page that holds it, relative to the
	// site's root ("guide/collaborative-team/"), and Anchor its ID there.
	Page   string `json:"page"`
	Anchor string `json:"anchor"`
	// Caption is a figure's or a table's caption as the guide gives it,
	// without "Figure 5a – " ("Final stages of … when TAP is used"); the
	// search index makes a document of each, so that "Figure 5a" finds it.
	Caption string `json:"caption,omitempty"`
}

// topLevel says how the guide names a top-level clause and anchors its
// title: clause 8 is "8" (its permalink and its name in the text), "clause
// 8" in a sentence, #c8; the one lettered clause, I, is "Appendix I" and
// #appendix-i, its permalink /c/appendix-i/.
func topLevel(clause string) Target {
	if clause == "I" {
		return Target{Key: "appendix-i", Ref: "Appendix I", Label: "Appendix I", Anchor: "appendix-i"}
	}
	return Target{Key: clause, Ref: clause, Label: "clause " + clause, Anchor: "c" + clause}
}

// The anchors the Markdown gives: a numbered heading's {#c8.6.3}, a
// figure's shortcode ({{< guidefigure num="5a" >}}) and a table's {#table-3}
// or id="table-3".
var (
	headingAnchor = regexp.MustCompile(`\{#c([0-9][0-9A-Za-z.]*)\}`)
	figureNumber  = regexp.MustCompile(`guidefigure\s+num="([0-9]+)([a-z]?)"(?:\s+caption="([^"]*)")?`)
	tableAnchor   = regexp.MustCompile(`(?:\{#|id=")table-([0-9]+)`)
	tableCaption  = regexp.MustCompile(`(?:caption="|<caption>)Table ([0-9]+) – ([^"<]*)`)
)

// Clauses derives the clause index from the guide's Markdown in
// root/content/guide and its glossary in root/data/glossary.yaml.
func Clauses(root string) (*ClauseIndex, error) {
	dir := filepath.Join(root, "content", "guide")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	idx := &ClauseIndex{Targets: []Target{}, Anchors: map[string]string{}, Labels: map[string]string{}}
	intro := ""
	for _, f := range files {
		if filepath.Base(f) == "_index.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cf, err := pageparser.ParseFrontMatterAndContent(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("%s: front matter: %w", f, err)
		}
		clause := fmt.Sprint(cf.FrontMatter["clause"])
		slug, _ := cf.FrontMatter["slug"].(string)
		if cf.FrontMatter["clause"] == nil || slug == "" {
			return nil, fmt.Errorf("%s: a guide page needs clause and slug in its front matter", f)
		}
		page := "guide/" + slug + "/"
		if clause == "1" {
			intro = page
		}
		top := topLevel(clause)
		top.Page = page
		idx.Anchors[clause] = top.Anchor
		idx.Labels[clause] = top.Ref
		idx.add(top)
		body := cf.Content
		for _, m := range headingAnchor.FindAllSubmatch(body, -1) {
			n := string(m[1])
			idx.add(Target{Key: n, Ref: n, Label: "clause " + n, Page: page, Anchor: "c" + n})
		}
		for _, m := range figureNumber.FindAllSubmatch(body, -1) {
			n := string(m[1]) + string(m[2])
			idx.add(Target{Key: "figure-" + n, Ref: "Figure " + n, Label: "Figure " + n, Page: page, Anchor: "figure-" + n, Caption: string(m[3])})
			if string(m[2]) == "a" {
				// The text says "Figure 5" for the pair 5a and 5b.
				idx.add(Target{Ref: "Figure " + string(m[1]), Label: "Figure " + string(m[1]), Page: page, Anchor: "figure-" + n})
			}
		}
		captions := map[string]string{}
		for _, m := range tableCaption.FindAllSubmatch(body, -1) {
			captions[string(m[1])] = strings.TrimSpace(string(m[2]))
		}
		for _, m := range tableAnchor.FindAllSubmatch(body, -1) {
			n := string(m[1])
			idx.add(Target{Key: "table-" + n, Ref: "Table " + n, Label: "Table " + n, Page: page, Anchor: "table-" + n, Caption: captions[n]})
		}
	}
	if intro == "" {
		return nil, fmt.Errorf("%s: no page has clause 1, where the definitions are", dir)
	}
	defs, err := definitions(filepath.Join(root, "data", "glossary.yaml"))
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		idx.add(Target{Key: d.Num, Ref: d.Num, Label: fmt.Sprintf("definition %s, %s", d.Num, d.Term), Page: intro, Anchor: "c" + d.Num})
	}
	return idx, idx.check()
}

// add appends t unless the index already has it.
func (idx *ClauseIndex) add(t Target) {
	if !slices.Contains(idx.Targets, t) {
		idx.Targets = append(idx.Targets, t)
	}
}

// check reports a permalink or a reference that would lead to two places.
func (idx *ClauseIndex) check() error {
	keys := map[string]Target{}
	refs := map[string]Target{}
	for _, t := range idx.Targets {
		if o, ok := keys[t.Key]; ok && t.Key != "" {
			return fmt.Errorf("the guide has %s twice: %s#%s and %s#%s", t.Label, o.Page, o.Anchor, t.Page, t.Anchor)
		}
		keys[t.Key] = t
		if o, ok := refs[t.Ref]; ok && (o.Page != t.Page || o.Anchor != t.Anchor) {
			return fmt.Errorf("the guide has %s twice: %s#%s and %s#%s", t.Label, o.Page, o.Anchor, t.Page, t.Anchor)
		}
		refs[t.Ref] = t
	}
	return nil
}

type definition struct{ Num, Term string }

// definitions reads the numbered definitions of data/glossary.yaml.
func definitions(path string) ([]definition, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g, err := metadecoders.Default.UnmarshalToMap(b, metadecoders.YAML)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	list, _ := g["definitions"].([]any)
	var out []definition
	for i, x := range list {
		m, _ := x.(map[string]any)
		num, _ := m["num"].(string)
		term, _ := m["term"].(string)
		if num == "" || term == "" {
			return nil, fmt.Errorf("%s: definition %d needs num and term", path, i+1)
		}
		out = append(out, definition{strings.TrimSpace(num), term})
	}
	return out, nil
}

// writeClauses writes the clause index to gen/clauses.json.
func writeClauses(root, gen string) error {
	idx, err := Clauses(root)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(idx, "", "\t")
	if err != nil {
		return err
	}
	return writeIfChanged(filepath.Join(gen, filepath.Base(ClauseFile)), append(b, '\n'))
}
