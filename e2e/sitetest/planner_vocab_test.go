package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/commontext/commontext/engine/planpage"
	"github.com/commontext/commontext/internal/sitebuild"
)

// TestPlannerVocabularyOneSource: the planner page carries the engine's
// vocabulary exactly as Go makes it and renders its choices from it.
func TestPlannerVocabularyOneSource(t *testing.T) {
	v := vocabulary(t)
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc := parsePage(t, "planner/index.html")
	script := byID(doc, "planner-vocabulary")
	if script == nil {
		t.Fatal("the planner page has no #planner-vocabulary")
	}
	var got, wantAny any
	if err := json.Unmarshal([]byte(text(script)), &got); err != nil {
		t.Fatalf("#planner-vocabulary: %v", err)
	}
	json.Unmarshal(want, &wantAny)
	if !reflect.DeepEqual(got, wantAny) {
		t.Errorf("the page's vocabulary differs from planpage.NewVocabulary:\npage %.300s\ngo   %.300s", text(script), want)
	}

	// The rendered choices are the vocabulary's.
	var options []string
	for _, o := range elements(byID(doc, "pf-deliverable"), "option") {
		options = append(options, text(o))
	}
	var labels []string
	for _, d := range v.Deliverables {
		labels = append(labels, d.Label)
	}
	if !reflect.DeepEqual(options, labels) {
		t.Errorf("deliverable options %q, want %q", options, labels)
	}
	var overrides []string
	for _, in := range elements(doc, "input") {
		if r, ok := attr(in, "data-rule"); ok {
			overrides = append(overrides, r)
			// The fields take durations as people write them ("6 weeks"),
			// so no pattern of the compact form marks them invalid.
			if p, ok := attr(in, "pattern"); ok {
				t.Errorf("override %s: pattern %q; the field accepts %s", r, p, v.Duration.Accepted)
			}
		}
		if p, ok := attr(in, "placeholder"); ok && p == v.Date.Placeholder {
			if pat, _ := attr(in, "pattern"); pat != v.Date.Pattern {
				t.Errorf("date input %v: pattern %q, want %q", in.Attr, pat, v.Date.Pattern)
			}
		}
	}
	if len(overrides) != len(v.RuleSets[0].Rules) {
		t.Errorf("%d duration overrides, want the %d rules of %s", len(overrides), len(v.RuleSets[0].Rules), v.RuleSets[0].Name)
	}
}

// TestPlannerSourcesHoldNoVocabulary: no id or label of the engine's
// vocabulary is written as a literal in the planner's templates or script
// (they read the vocabulary). A literal is a JavaScript string, a Go
// template string, an HTML attribute value or the text between two tags;
// it is caught when it is a vocabulary word, or holds one that cannot be
// mistaken for English (a label of several words, or a word with a
// capital, a digit or a hyphen, e.g. "Best case", "PDAM", "dis-ballot").
// The allowlist names the few literals that are the vocabulary's on
// purpose, each with its reason.
func TestPlannerSourcesHoldNoVocabulary(t *testing.T) {
	allow := map[string]string{
		"planner.js: tr": "the table row element, not the deliverable tr",
		"form.js: tr":    "the table row element, not the deliverable tr",
		"library.js: tr": "the table row element, not the deliverable tr",
		"form.js: m":     "the prefix of a new meeting's id, not the unit m",
	}
	words := vocabularyWords(t, vocabulary(t))
	files, _ := filepath.Glob("../../layouts/_partials/planner/*.html")
	js, _ := filepath.Glob("../../assets/js/planner*.js")
	mods, _ := filepath.Glob("../../assets/js/planner/*.js")
	files = append(append(append(files, "../../layouts/planner.html"), js...), mods...)
	if len(mods) == 0 {
		t.Fatal("no planner modules under assets/js/planner/")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, lit := range sourceLiterals(string(b), strings.HasSuffix(f, ".js")) {
			for _, w := range words {
				if !holds(lit, w) {
					continue
				}
				if _, ok := allow[filepath.Base(f)+": "+lit]; ok {
					continue
				}
				t.Errorf("%s: the literal %q writes the vocabulary's %q: read it from the vocabulary", filepath.Base(f), lit, w)
			}
		}
	}
}

func vocabulary(t *testing.T) planpage.Vocabulary {
	t.Helper()
	sample, err := os.ReadFile("../../" + sitebuild.ExamplePlan)
	if err != nil {
		t.Fatal(err)
	}
	v, err := planpage.NewVocabulary(sample)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// vocabularyWords returns every string value of the vocabulary: its ids,
// labels, patterns and durations.
func vocabularyWords(t *testing.T, v planpage.Vocabulary) []string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	json.Unmarshal(b, &tree)
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			out = append(out, x)
		}
	}
	walk(tree)
	slices.Sort(out)
	return slices.Compact(out)
}

// holds tells whether the literal lit writes the vocabulary word w.
func holds(lit, w string) bool {
	if lit == w {
		return true
	}
	distinctive := strings.Contains(w, " ") || strings.ContainsFunc(w, func(r rune) bool {
		return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '-'
	})
	if !distinctive || len(w) < 3 {
		return false
	}
	for i := strings.Index(lit, w); i >= 0; {
		end := i + len(w)
		before := i == 0 || !isWordByte(lit[i-1])
		after := end == len(lit) || !isWordByte(lit[end])
		if before && after {
			return true
		}
		j := strings.Index(lit[i+1:], w)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

var (
	jsLiteral    = regexp.MustCompile("'(?:[^'\\\\\\n]|\\\\.)*'|\"(?:[^\"\\\\\\n]|\\\\.)*\"|`(?:[^`\\\\]|\\\\.)*`")
	jsComment    = regexp.MustCompile(`(?m)^\s*//.*$|/\*[\s\S]*?\*/`)
	tmplAction   = regexp.MustCompile(`\{\{[\s\S]*?\}\}`)
	tmplString   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	htmlAttr     = regexp.MustCompile(`=\s*"([^"]*)"`)
	htmlText     = regexp.MustCompile(`>([^<>]+)<`)
	templateExpr = regexp.MustCompile(`\$\{[^}]*\}`)
)

// sourceLiterals returns the literals of a script (js) or a template.
func sourceLiterals(src string, js bool) []string {
	var out []string
	if js {
		src = jsComment.ReplaceAllString(src, "")
		for _, m := range jsLiteral.FindAllString(src, -1) {
			// The parts of a template string around its ${…} are literals.
			out = append(out, strings.Split(templateExpr.ReplaceAllString(m[1:len(m)-1], "\x00"), "\x00")...)
		}
		return out
	}
	for _, a := range tmplAction.FindAllString(src, -1) {
		if strings.HasPrefix(a, "{{/*") || strings.HasPrefix(a, "{{- /*") {
			continue
		}
		for _, s := range tmplString.FindAllString(a, -1) {
			out = append(out, s[1:len(s)-1])
		}
	}
	// What is left around the actions is HTML: attribute values and text.
	html := tmplAction.ReplaceAllString(src, "\x00")
	for _, m := range htmlAttr.FindAllStringSubmatch(html, -1) {
		out = append(out, strings.Split(m[1], "\x00")...)
	}
	for _, m := range htmlText.FindAllStringSubmatch(html, -1) {
		for _, s := range strings.Split(m[1], "\x00") {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}
