package sitebuild

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/planpage"
	"github.com/commontext/commontext/engine/planview"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/timeline"
)

// Generated inputs live in assets/gen/ (gitignored), where Hugo picks them
// up as resources: the planner's WebAssembly and the wasm_exec.js of the
// same Go toolchain, the worked example the planner page shows before the
// WebAssembly arrives, the engine-drawn Figures 5a and 5b, and the clause
// index (clauses.go).
const genDir = "assets/gen"

// cacheDir holds what a build keeps for the next one (gitignored, removed
// by make clean): the compressed copies of unchanged files.
const cacheDir = ".cache"

// Example plans the site draws at build time, relative to the root.
const (
	ExamplePlan = "examples/is-ct-aap.json"     // the planner page's worked example
	Figure5a    = "examples/figure-5a-tap.json" // the canonical plan of Figure 5a (TAP)
	Figure5b    = "examples/figure-5b-aap.json" // the canonical plan of Figure 5b (AAP)
	// FigureScenario is the scenario Figures 5a and 5b draw: the DIS ballot
	// has negative votes, so the FDIS ballot follows ITU-T approval — the
	// whole of the final stages that clauses 7.9 and 8.9 describe.
	FigureScenario = schedule.ScenarioFDIS
)

// engineFigures are the figures the planning engine draws, each from its
// canonical plan; the others are drawn from data/figures.
var engineFigures = []struct{ num, file string }{{"5a", Figure5a}, {"5b", Figure5b}}

// prepare writes everything in assets/gen/.
func prepare(ctx context.Context, root string) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	gen := filepath.Join(root, genDir)
	for _, d := range []string{"wasm", "js", "planner/presets", "figures"} {
		if err := os.MkdirAll(filepath.Join(gen, d), 0o755); err != nil {
			return err
		}
	}
	if err := buildWasm(ctx, root, gen); err != nil {
		return err
	}
	if err := drawFigures(root, gen); err != nil {
		return err
	}
	if err := writeVocabulary(root, gen); err != nil {
		return err
	}
	if err := writeClauses(root, gen); err != nil {
		return err
	}
	if err := writeParams(gen); err != nil {
		return err
	}
	return drawExamples(root, gen)
}

// buildWasm compiles wasm/ for the browser (the Go build cache makes this
// quick when nothing changed) and copies the matching wasm_exec.js.
func buildWasm(ctx context.Context, root, gen string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("building the planner needs the go command on PATH: %w", err)
	}
	stamp, err := wasmStamp(root, goBin)
	if err != nil {
		return err
	}
	if wasmUpToDate(gen, stamp) {
		return nil
	}
	out := filepath.Join(gen, "wasm", "planner.wasm")
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the planner's WebAssembly: %v\n%s", err, stderr.String())
	}
	goroot, err := exec.CommandContext(ctx, goBin, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	src := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("the Go toolchain's wasm_exec.js: %w", err)
	}
	if err := writeIfChanged(filepath.Join(gen, "js", "wasm_exec.js"), b); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(gen, "wasm", "planner.stamp"), []byte(stamp), 0o644)
}

// drawExamples renders the planner's worked example and Figures 5a and 5b
// with the engine.
func drawExamples(root, gen string) error {
	ex, err := os.ReadFile(filepath.Join(root, ExamplePlan))
	if err != nil {
		return err
	}
	r := planpage.Compute(ex, planpage.Options{Clauses: "{{CLAUSES}}", Plan: true})
	if len(r.Problems) > 0 {
		return fmt.Errorf("%s: %s", ExamplePlan, r.Problems[0].Message)
	}
	if err := writeIfChanged(filepath.Join(gen, "planner", "example.html"), []byte(r.HTML)); err != nil {
		return err
	}
	if err := writeIfChanged(filepath.Join(gen, "planner", "example.json"), r.Plan); err != nil {
		return err
	}
	// Every example is a preset the guide's pages link to (planner/#preset=NAME).
	examples, err := filepath.Glob(filepath.Join(root, "examples", "*.json"))
	if err != nil {
		return err
	}
	presets := make(map[string]bool)
	for _, f := range examples {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		presets[filepath.Base(f)] = true
		if err := writeIfChanged(filepath.Join(gen, "planner", "presets", filepath.Base(f)), b); err != nil {
			return err
		}
	}
	if err := prune(filepath.Join(gen, "planner", "presets"), ".json", presets); err != nil {
		return err
	}
	for _, fig := range engineFigures {
		s, err := Schedule(filepath.Join(root, fig.file))
		if err != nil {
			return err
		}
		drawing, err := timeline.HTML(s, timeline.Options{
			Scenario: FigureScenario,
			IDPrefix: "figure-" + fig.num + "-",
			Title:    s.Title,
		})
		if err != nil {
			return fmt.Errorf("%s: %w", fig.file, err)
		}
		html := drawing + planview.FigureText(s, FigureScenario, fig.file)
		if err := writeIfChanged(filepath.Join(gen, "figures", fig.num+".html"), []byte(html)); err != nil {
			return err
		}
	}
	return nil
}

// Schedule reads a plan file and plans it: the engine's output that the
// build draws, and that tests compare the drawings with.
func Schedule(path string) (*schedule.Schedule, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := plan.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// writeIfChanged writes b unless the file already holds it, so that Hugo's
// watcher sees no change (and reloads no page) when nothing changed.
func writeIfChanged(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	return os.WriteFile(path, b, 0o644)
}

// prune removes the files of dir ending in ext whose names are not in
// keep: what was generated from a source that is gone (a deleted example
// or figure) must not outlive it, under serve or in the next build.
func prune(dir, ext string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ext) && !keep[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish completes the output for static hosts after Hugo has written it:
// pre-compressed copies of the text assets and the wasm, taken from the
// cache in root/cacheDir when the content is unchanged.
func finish(root, dest string) error {
	if err := writeOffline(dest); err != nil {
		return err
	}
	return precompress(dest, filepath.Join(root, cacheDir, "precompress"))
}

// watchGenerated rebuilds assets/gen/ while serving, when a Go source or
// an example plan changes (Hugo then reloads the pages that use them). It
// polls once a second: simple, and enough for an editor's pace.
func watchGenerated(ctx context.Context, root string, logf func(string, ...any)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		last := sourceStamp(root)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now := sourceStamp(root)
			if now == last {
				continue
			}
			last = now
			start := time.Now()
			if err := prepare(ctx, root); err != nil {
				logf("commontext serve: rebuilding the planner: %v", err)
				continue
			}
			logf("commontext serve: rebuilt the planner in %s", time.Since(start).Round(time.Millisecond))
		}
	}()
	return cancel
}

// sourceStamp summarises the modification times of what assets/gen/ is
// made from: the Go sources, the example plans, the figures' data and the
// guide's Markdown (for the clause index).
func sourceStamp(root string) string {
	var latest time.Time
	var n int
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "public" || name == "assets" || name == "layouts" || name == "resources") {
				return filepath.SkipDir
			}
			return nil
		}
		// The guide's Markdown too: the clause index is made from it.
		guide := strings.HasSuffix(name, ".md") && filepath.Dir(p) == filepath.Join(root, "content", "guide")
		if guide || strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".yaml") {
			if info, err := d.Info(); err == nil {
				n++
				if info.ModTime().After(latest) {
					latest = info.ModTime()
				}
			}
		}
		return nil
	})
	return fmt.Sprintf("%d/%d", n, latest.UnixNano())
}
