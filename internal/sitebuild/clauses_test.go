package sitebuild

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// guideFiles writes a guide of the given files (name → Markdown) and a
// glossary into a temporary root.
func guideFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, p, body)
	}
	return root
}

const testGlossary = `definitions:
  - num: "1.5.1.1"
    term: "Additional Review"
    text: "..."
`

// TestClauses: the index lists each top-level clause, numbered heading,
// figure, table and definition with its page and anchor; Appendix I is
// the one clause whose anchor and permalink are not "c" + number.
func TestClauses(t *testing.T) {
	root := guideFiles(t, map[string]string{
		"content/guide/_index.md": "---\ntitle: Guide\n---\n",
		"content/guide/01-introduction.md": "---\ntitle: Introduction\nclause: \"1\"\nslug: introduction\n---\n" +
			"## 1.5 Definitions {#c1.5}\n",
		"content/guide/05-planning.md": "---\ntitle: Planning\nclause: 5\nslug: planning\n---\n" +
			"## 5.2 Steps {#c5.2}\n\n{{< guidefigure num=\"5a\" >}}\n{{< guidefigure num=\"5b\" >}}\n\nTable: x {#table-3}\n",
		"content/guide/appendix-i.md": "---\ntitle: Appendix\nclause: I\nslug: appendix-i\n---\n<table id=\"table-4\"></table>\n",
		"data/glossary.yaml":          testGlossary,
	})
	idx, err := Clauses(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range idx.Targets {
		got = append(got, strings.Join([]string{tg.Key, tg.Ref, tg.Label, tg.Page + "#" + tg.Anchor}, " | "))
	}
	want := []string{
		"1 | 1 | clause 1 | guide/introduction/#c1",
		"1.5 | 1.5 | clause 1.5 | guide/introduction/#c1.5",
		"5 | 5 | clause 5 | guide/planning/#c5",
		"5.2 | 5.2 | clause 5.2 | guide/planning/#c5.2",
		"figure-5a | Figure 5a | Figure 5a | guide/planning/#figure-5a",
		" | Figure 5 | Figure 5 | guide/planning/#figure-5a",
		"figure-5b | Figure 5b | Figure 5b | guide/planning/#figure-5b",
		"table-3 | Table 3 | Table 3 | guide/planning/#table-3",
		"appendix-i | Appendix I | Appendix I | guide/appendix-i/#appendix-i",
		"table-4 | Table 4 | Table 4 | guide/appendix-i/#table-4",
		"1.5.1.1 | 1.5.1.1 | definition 1.5.1.1, Additional Review | guide/introduction/#c1.5.1.1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("targets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for clause, want := range map[string][2]string{"1": {"c1", "1"}, "5": {"c5", "5"}, "I": {"appendix-i", "Appendix I"}} {
		if a, l := idx.Anchors[clause], idx.Labels[clause]; a != want[0] || l != want[1] {
			t.Errorf("clause %s: anchor %q, label %q; want %q", clause, a, l, want)
		}
	}
}

// TestClausesErrors: content that would make a permalink or a reference
// lead to two places, or a page the index cannot place, is an error that
// names the problem.
func TestClausesErrors(t *testing.T) {
	intro := "---\nclause: 1\nslug: introduction\n---\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an anchor on two pages", map[string]string{
			"content/guide/01.md": intro + "## 1.1 A {#c1.1}\n",
			"content/guide/02.md": "---\nclause: 2\nslug: two\n---\n## 1.1 B {#c1.1}\n",
		}, "clause 1.1 twice"},
		{"no slug", map[string]string{
			"content/guide/01.md": "---\nclause: 1\n---\n",
		}, "needs clause and slug"},
		{"no clause 1", map[string]string{
			"content/guide/02.md": "---\nclause: 2\nslug: two\n---\n",
		}, "no page has clause 1"},
		{"a definition without a term", map[string]string{
			"content/guide/01.md": intro,
			"data/glossary.yaml":  "definitions:\n  - num: \"1.5.1.1\"\n",
		}, "definition 1 needs num and term"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.files["data/glossary.yaml"]; !ok {
				tc.files["data/glossary.yaml"] = testGlossary
			}
			_, err := Clauses(guideFiles(t, tc.files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestClausesOfTheGuide: the real guide's index has the permalinks the
// README promises.
func TestClausesOfTheGuide(t *testing.T) {
	idx, err := Clauses(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, tg := range idx.Targets {
		keys[tg.Key] = tg.Page + "#" + tg.Anchor
	}
	for key, want := range map[string]string{
		"8.6.3":      "guide/collaborative-team/#c8.6.3",
		"1.5.1.6":    "guide/introduction/#c1.5.1.6",
		"table-3":    "",
		"figure-5a":  "guide/planning-and-scheduling/#figure-5a",
		"appendix-i": "",
	} {
		got, ok := keys[key]
		if !ok || want != "" && got != want {
			t.Errorf("permalink %s → %q (listed: %v), want %q", key, got, ok, want)
		}
	}
}

// TestStructureWrittenOnce: the templates neither parse the Markdown's
// anchors nor know how a clause's anchor is made (the clause index does
// both), and the planner's CSP exception is written in one template.
func TestStructureWrittenOnce(t *testing.T) {
	root := filepath.Join("..", "..")
	count := map[string][]string{}
	rules := map[string]int{ // what → how many templates may say it
		`"appendix-i"`:        0,
		`\{#c`:                0,
		`guidefigure\s+num`:   0,
		`table-([0-9]+)`:      0,
		`'wasm-unsafe-eval'`:  1,
		`(printf "c%s"`:       0,
		`eq .Params.clause`:   0,
		`.Params.clause "I"`:  0,
		`(.Params.clause | s`: 0,
	}
	for _, dir := range []string{"layouts", "content"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for s := range rules {
				if strings.Contains(string(b), s) {
					count[s] = append(count[s], p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for s, max := range rules {
		if len(count[s]) > max {
			t.Errorf("%q is written in %d templates (at most %d): %s", s, len(count[s]), max, strings.Join(count[s], ", "))
		}
	}
}
