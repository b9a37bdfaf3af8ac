package schedule

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// citedClauses returns every clause the rules and the engine cite: the rule
// sets, the structural rules, and the steps, links and flags of schedules
// for every deliverable, process and mode.
func citedClauses(t *testing.T) map[string]string {
	t.Helper()
	cited := map[string]string{}
	for _, name := range rules.Names() {
		set, err := rules.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range set.Rules() {
			for _, c := range []string{r.Clause, r.ClauseCI, r.ClauseAAP} {
				if c != "" {
					cited[c] = "rule " + r.ID
				}
			}
		}
	}
	for id, st := range structural {
		cited[st.ct], cited[st.ci] = "rule "+id, "rule "+id
	}
	for _, del := range plan.Deliverables {
		for _, proc := range []plan.Process{plan.AAP, plan.TAP} {
			for _, mode := range []plan.Mode{plan.CollaborativeTeam, plan.CollaborativeInterchange} {
				p := testPlan(del, proc, mode, plan.StagesFor(del)[0], "2026-01-31")
				p.Meetings.JTC1 = append(p.Meetings.JTC1, p.Meetings.CT...)
				for i := range p.Meetings.JTC1 {
					if p.Meetings.JTC1[i].Kind == "ct" {
						p.Meetings.JTC1[i].Kind, p.Meetings.JTC1[i].ID = "wg", "wg-"+p.Meetings.JTC1[i].ID
					}
				}
				s, err := New(p, Options{})
				if err != nil {
					t.Fatalf("%s/%s/%s: %v", del, proc, mode, err)
				}
				for _, sc := range s.Scenarios {
					for _, st := range sc.Steps {
						cited[st.Clause] = "step " + st.ID
					}
					for _, l := range sc.Links {
						cited[l.Clause] = "link " + l.Rule
					}
					for _, f := range sc.Flags {
						cited[f.Clause] = "flag " + f.Rule
					}
				}
			}
		}
	}
	return cited
}

// TestClausesExist checks that every clause the planner cites is a heading
// of the site's guide (an anchor {#c<clause>} in content/guide/*.md) or a
// definition in data/glossary.yaml, so that citations link somewhere.
func TestClausesExist(t *testing.T) {
	cited := citedClauses(t)
	known := map[string]bool{}
	anchor := regexp.MustCompile(`\{#c([0-9][0-9A-Za-z.]*)\}`)
	files, _ := filepath.Glob("../../content/guide/*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range anchor.FindAllSubmatch(b, -1) {
			known[string(m[1])] = true
		}
	}
	if b, err := os.ReadFile("../../data/glossary.yaml"); err == nil {
		num := regexp.MustCompile(`num:\s*"?([0-9][0-9A-Za-z.]*)"?`)
		for _, m := range num.FindAllSubmatch(b, -1) {
			known[string(m[1])] = true
		}
	}
	var clauses []string
	for c := range cited {
		clauses = append(clauses, c)
	}
	sort.Strings(clauses)
	t.Logf("cited clauses: %v", clauses)
	for _, c := range clauses {
		if c == "" {
			t.Errorf("an empty clause is cited by %s", cited[c])
			continue
		}
		if !known[c] {
			t.Errorf("clause %s (cited by %s) has no {#c%s} heading in content/guide/*.md nor a num in data/glossary.yaml", c, cited[c], c)
		}
	}
}
