package sitebuild

import (
	"path/filepath"

	"github.com/commontext/commontext/internal/figure"
)

// drawFigures draws every figure of data/figures into
// assets/gen/figures/<num>.html, where the guidefigure shortcode finds it
// (as it finds Figures 5a and 5b, which the planning engine draws).
func drawFigures(root, gen string) error {
	all, err := figure.All(filepath.Join(root, "data", "figures"))
	if err != nil {
		return err
	}
	keep := make(map[string]bool)
	for _, f := range engineFigures {
		keep[f.num+".html"] = true
	}
	for num, html := range all {
		keep[num+".html"] = true
		if err := writeIfChanged(filepath.Join(gen, "figures", num+".html"), []byte(html)); err != nil {
			return err
		}
	}
	return prune(filepath.Join(gen, "figures"), ".html", keep)
}
