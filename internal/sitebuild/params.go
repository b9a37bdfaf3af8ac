package sitebuild

import (
	"fmt"
	"path/filepath"
)

// ParamsFile is a Hugo configuration file the build writes under
// assets/gen/ and passes to Hugo after hugo.toml: it hands the templates
// the paths of the files the build generates (site.Params.gen.clauses,
// site.Params.gen.vocabulary), so that a path is written once, here in Go,
// and no template spells it out.
const ParamsFile = "params.toml"

// writeParams writes ParamsFile.
func writeParams(gen string) error {
	b := fmt.Appendf(nil, "# Written by the build (internal/sitebuild/params.go): do not edit.\n[params.gen]\nclauses = %q\nvocabulary = %q\n",
		ClauseFile, "gen/"+VocabularyFile)
	return writeIfChanged(filepath.Join(gen, ParamsFile), b)
}

// configArg is Hugo's --config value: the site's own hugo.toml, then the
// generated parameters.
func configArg(root string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	return filepath.Join(abs, "hugo.toml") + "," + filepath.Join(abs, genDir, ParamsFile), nil
}
