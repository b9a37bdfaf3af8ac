package sitebuild

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplatesNameNoGeneratedPath: the paths of the generated files are
// written once, in Go (ClauseFile, VocabularyFile), and reach the
// templates as site.Params.gen (ParamsFile); a template or content adapter
// that spells one out would break silently when it moves.
func TestTemplatesNameNoGeneratedPath(t *testing.T) {
	paths := []string{ClauseFile, "gen/" + VocabularyFile}
	checked := 0
	for _, dir := range []string{"../../layouts", "../../content"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(p); ext != ".html" && ext != ".gotmpl" && ext != ".json" && ext != ".xml" {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			checked++
			for _, path := range paths {
				if strings.Contains(string(b), path) {
					t.Errorf("%s spells out %q: use site.Params.gen (written by writeParams)", p, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d templates: the walk missed layouts/ or content/", checked)
	}
}

// TestParamsFile: the generated configuration names the generated files
// where writeClauses and writeVocabulary put them.
func TestParamsFile(t *testing.T) {
	gen := t.TempDir()
	if err := writeParams(gen); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(gen, ParamsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[params.gen]\n", `clauses = "gen/clauses.json"`, `vocabulary = "gen/planner/vocabulary.json"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", ParamsFile, want, b)
		}
	}
}
