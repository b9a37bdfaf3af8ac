package rules

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/commontext/commontext/engine/internal/jsontree"
)

// readSets reads rulesets.json strictly (an unknown key is an error, as a
// typo in the data would otherwise silently drop a rule's clause). It uses
// jsontree rather than encoding/json so that the planner's WebAssembly
// carries no JSON decoder.
func readSets(data []byte) ([]fileSet, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		return nil, err
	}
	r := &setReader{}
	r.object(root, "", "sets")
	var sets []fileSet
	list := root.Get("sets")
	if r.kind(list, "sets", jsontree.Array) {
		for i, n := range list.Arr {
			path := "sets[" + strconv.Itoa(i) + "]"
			if !r.object(n, path, "name", "title", "base", "rules", "overrides") {
				continue
			}
			fs := fileSet{Name: r.str(n.Get("name"), path+".name"), Title: r.str(n.Get("title"), path+".title")}
			if b := n.Get("base"); b != nil {
				fs.Base = r.str(b, path+".base")
			}
			if rs := n.Get("rules"); rs != nil && r.kind(rs, path+".rules", jsontree.Array) {
				for j, rn := range rs.Arr {
					fs.Rules = append(fs.Rules, r.rule(rn, fmt.Sprintf("%s.rules[%d]", path, j)))
				}
			}
			if ov := n.Get("overrides"); ov != nil && r.kind(ov, path+".overrides", jsontree.Object) {
				fs.Overrides = map[string]fileOverride{}
				for k, key := range ov.Keys {
					p := path + ".overrides." + key
					on := ov.Arr[k]
					if !r.object(on, p, "value", "min", "max", "text") {
						continue
					}
					fs.Overrides[key] = fileOverride{
						Value: r.dur(on.Get("value"), p+".value"), Min: r.optDur(on.Get("min"), p+".min"),
						Max: r.optDur(on.Get("max"), p+".max"), Text: r.optStr(on.Get("text"), p+".text"),
					}
				}
			}
			sets = append(sets, fs)
		}
	}
	return sets, r.err
}

type setReader struct{ err error }

func (r *setReader) fail(path, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

func (r *setReader) kind(n *jsontree.Node, path string, k jsontree.Kind) bool {
	if n == nil {
		r.fail(path, "missing")
		return false
	}
	if n.Kind != k {
		r.fail(path, "want %s, got %s", k, n.Kind)
		return false
	}
	return true
}

func (r *setReader) object(n *jsontree.Node, path string, allowed ...string) bool {
	if !r.kind(n, path, jsontree.Object) {
		return false
	}
	for _, k := range n.Keys {
		if !slices.Contains(allowed, k) {
			r.fail(path, "unknown key %q", k)
			return false
		}
	}
	return true
}

func (r *setReader) str(n *jsontree.Node, path string) string {
	if !r.kind(n, path, jsontree.String) {
		return ""
	}
	return n.Str
}

func (r *setReader) optStr(n *jsontree.Node, path string) string {
	if n == nil {
		return ""
	}
	return r.str(n, path)
}

func (r *setReader) dur(n *jsontree.Node, path string) Duration {
	d, err := ParseDuration(r.str(n, path))
	if err != nil {
		r.fail(path, "%v", err)
	}
	return d
}

func (r *setReader) optDur(n *jsontree.Node, path string) Duration {
	if n == nil {
		return Duration{}
	}
	return r.dur(n, path)
}

func (r *setReader) rule(n *jsontree.Node, path string) Rule {
	if !r.object(n, path, "id", "label", "value", "min", "max", "clause", "clause_ci", "clause_aap", "strength", "assumption", "text") {
		return Rule{}
	}
	ru := Rule{
		ID: r.str(n.Get("id"), path+".id"), Label: r.optStr(n.Get("label"), path+".label"),
		Value: r.dur(n.Get("value"), path+".value"), Min: r.dur(n.Get("min"), path+".min"), Max: r.dur(n.Get("max"), path+".max"),
		Clause: r.str(n.Get("clause"), path+".clause"), ClauseCI: r.optStr(n.Get("clause_ci"), path+".clause_ci"),
		ClauseAAP: r.optStr(n.Get("clause_aap"), path+".clause_aap"), Strength: Strength(r.str(n.Get("strength"), path+".strength")),
		Text: r.str(n.Get("text"), path+".text"),
	}
	if a := n.Get("assumption"); a != nil && r.kind(a, path+".assumption", jsontree.Bool) {
		ru.Assumption = a.Bool
	}
	return ru
}
