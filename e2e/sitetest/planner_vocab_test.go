package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/planpage"
	"github.com/commontext/commontext/internal/sitebuild"
)

// TestPlannerVocabularyOneSource: the planner page carries the engine's
// vocabulary exactly as Go makes it, renders its choices from it, and
// neither its template nor its script repeats what the engine knows.
func TestPlannerVocabularyOneSource(t *testing.T) {
	sample, err := os.ReadFile("../../" + sitebuild.ExamplePlan)
	if err != nil {
		t.Fatal(err)
	}
	v, err := planpage.NewVocabulary(sample)
	if err != nil {
		t.Fatal(err)
	}
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
			if p, _ := attr(in, "pattern"); p != v.Duration.Pattern {
				t.Errorf("override %s: pattern %q, want %q", r, p, v.Duration.Pattern)
			}
		}
	}
	if len(overrides) != len(v.RuleSets[0].Rules) {
		t.Errorf("%d duration overrides, want the %d rules of %s", len(overrides), len(v.RuleSets[0].Rules), v.RuleSets[0].Name)
	}

	// What the engine knows is not written again in the page's sources.
	files, _ := filepath.Glob("../../layouts/_partials/planner/*.html")
	files = append(files, "../../layouts/planner.html", "../../assets/js/planner.js")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, lit := range []string{
			"STAGE_NAMES", "startsWith('dcor')", `"sg wp"`, `"sc wg"`, "1 << 20", "rulesets.json",
			"(d|wd|w|m)", "International Standard", "PDAM", "dis-ballot", "cd-ballot-opens",
			"Collaborative Team (clause", "AAP (Last Call)",
		} {
			if strings.Contains(string(b), lit) {
				t.Errorf("%s repeats %q, which the engine's vocabulary holds", filepath.Base(f), lit)
			}
		}
	}
}
