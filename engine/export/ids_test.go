package export_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/export"
)

// TestNoGeneratedIDs: a meeting is named by its body, dates and place
// everywhere, never by its id, which appears only in the plan file's id
// fields and in calendar UIDs (issue 17, point 4: meetings typed on the
// page got ids like "mmxbq08gkrax9", which reached the rule checks and the
// CSV). Every example plan, its meetings given random ids as the page
// gives them, is written as text, CSV and iCalendar, every scenario; no id
// may appear in any of them but in UID lines, nor in any sentence the
// engine made (labels, notes, flags, violations, scenario errors).
func TestNoGeneratedIDs(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples: %v", err)
	}
	rng := rand.New(rand.NewSource(17))
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			if _, err := os.Stat(file); err != nil {
				t.Fatal(err)
			}
			var ids []string
			p := editExample(t, name, func(m map[string]any) {
				renamed := map[string]string{}
				for _, ms := range m["meetings"].(map[string]any) {
					for _, x := range ms.([]any) {
						mt := x.(map[string]any)
						id := fmt.Sprintf("m%012s", strings.ToLower(fmt.Sprintf("%x", rng.Int63())))[:13]
						if old, ok := mt["id"].(string); ok {
							renamed[old] = id
						}
						mt["id"] = id
						ids = append(ids, id)
					}
				}
				for _, key := range []string{"pins", "actuals"} { // both name meetings by id
					if pins, ok := m[key].(map[string]any); ok {
						if pm, ok := pins["meetings"].(map[string]any); ok {
							for step, old := range pm {
								pm[step] = renamed[old.(string)]
							}
						}
					}
				}
			})
			for _, format := range []string{"text", "csv", "ics"} {
				r, err := export.Builtin().Run(p, export.Options{Format: format, Scenarios: "all", IDs: export.ContentID, Now: now})
				if err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				texts := strings.Split(strings.ReplaceAll(string(r.Output), "\r\n ", ""), "\n")
				if format == "text" {
					texts = append(texts, everyText(r.Schedule)...)
				}
				for _, line := range texts {
					if strings.HasPrefix(line, "UID:") {
						continue
					}
					for _, id := range ids {
						if strings.Contains(line, id) {
							t.Errorf("%s: the meeting id %s in %q", format, id, line)
						}
					}
				}
			}
		})
	}
}
