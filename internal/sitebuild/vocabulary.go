package sitebuild

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/commontext/commontext/engine/planpage"
)

// VocabularyFile is where the planner's vocabulary is written, under
// assets/gen/: the words and limits of the engine (planpage.Vocabulary)
// that layouts/planner.html renders and assets/js/planner.js reads from
// the page, so that neither repeats them.
const VocabularyFile = "planner/vocabulary.json"

// writeVocabulary writes the planner's vocabulary, naming the pinnable
// steps from the worked example.
func writeVocabulary(root, gen string) error {
	sample, err := os.ReadFile(filepath.Join(root, ExamplePlan))
	if err != nil {
		return err
	}
	v, err := planpage.NewVocabulary(sample)
	if err != nil {
		return fmt.Errorf("the planner's vocabulary: %w", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeIfChanged(filepath.Join(gen, filepath.FromSlash(VocabularyFile)), b)
}
