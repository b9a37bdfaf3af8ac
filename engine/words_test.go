package engine_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// typedWords are the engine's words that have typed constants (issue 19,
// point 2): plan.Process, plan.Mode, plan.Calendar and schedule.ScenarioID,
// and schedule.AllScenarios.
var typedWords = map[string]string{
	"aap": "plan.AAP", "tap": "plan.TAP",
	"ct": "plan.CollaborativeTeam, plan.CalendarCT or plan.KindCT", "ci": "plan.CollaborativeInterchange",
	"itu": "plan.CalendarITU", "jtc1": "plan.CalendarJTC1",
	"best": "schedule.ScenarioBest", "fdis": "schedule.ScenarioFDIS", "second-cd": "schedule.ScenarioSecondCD",
	"second-dis": "schedule.ScenarioSecondDIS", "lc-ar": "schedule.ScenarioLCAR", "lc-sg": "schedule.ScenarioLCSG",
	"more-time": "schedule.ScenarioMoreTime", "slowest": "schedule.ScenarioSlowest", "all": "schedule.AllScenarios",
}

// sameWordElsewhere are the places where one of those words is another
// thing's name, which the type tells apart.
var sameWordElsewhere = map[string]string{
	"plan/plan.go jtc1":           "Meeting.Side: the JTC 1 side of a step (schedule.SideJTC1), not the calendar",
	"schedule/run.go more-time":   "the ID of the step \"More time for a Member State\" (rules.MoreTime), not the scenario",
	"schedule/check.go more-time": "the step more-time, as in run.go",
}

// TestWordsAreTyped: outside the constants that define them, no Go file of
// the engine spells a process, mode, calendar or scenario ID as a string
// literal, so that every comparison goes through the typed constant (as
// time.Month and http.MethodGet do). Struct tags (the JSON names) are the
// wire format and are not compared.
func TestWordsAreTyped(t *testing.T) {
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		skip := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				if n.Tok == token.CONST || n.Tok == token.IMPORT {
					return false // a constant's definition, or a path
				}
			case *ast.Field:
				if n.Tag != nil {
					skip[n.Tag] = true
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING || skip[n] {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					return true
				}
				if want, ok := typedWords[s]; ok {
					if _, ok := sameWordElsewhere[filepath.ToSlash(path)+" "+s]; !ok {
						found = append(found, fmt.Sprintf("%s: %q (use %s)", fset.Position(n.Pos()), s, want))
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("%d typed words spelled as strings:\n%s", len(found), strings.Join(found, "\n"))
	}
}
