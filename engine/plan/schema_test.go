package plan

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/rules"
)

// validateSchema is a small JSON Schema validator for the keywords
// plan.schema.json uses, enough to check that the examples and the Go
// decoder agree with the published schema.
func validateSchema(root, s map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		def := root["$defs"].(map[string]any)[name].(map[string]any)
		errs = append(errs, validateSchema(root, def, v, path)...)
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, v) {
		fail("want %v, got %v", c, v)
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || reflect.DeepEqual(e, v)
		}
		if !found {
			fail("%v not in %v", v, enum)
		}
	}
	switch t := s["type"]; t {
	case "object":
		if _, ok := v.(map[string]any); !ok {
			fail("want object")
			return errs
		}
	case "array":
		if _, ok := v.([]any); !ok {
			fail("want array")
			return errs
		}
	case "string":
		if _, ok := v.(string); !ok {
			fail("want string")
			return errs
		}
	}
	if str, ok := v.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if n, ok := s["maxLength"].(float64); ok && float64(len([]rune(str))) > n {
			fail("longer than %v", n)
		}
	}
	if arr, ok := v.([]any); ok {
		if n, ok := s["maxItems"].(float64); ok && float64(len(arr)) > n {
			fail("more than %v items", n)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range arr {
				errs = append(errs, validateSchema(root, items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := obj[r]; !ok {
				fail("missing %s", r)
			}
		}
		for k, x := range obj {
			if names, ok := s["propertyNames"].(map[string]any); ok {
				errs = append(errs, validateSchema(root, names, k, path+".(name)")...)
			}
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validateSchema(root, ps, x, path+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap && props != nil {
					fail("unknown property %s", k)
				}
			case map[string]any:
				errs = append(errs, validateSchema(root, ap, x, path+"."+k)...)
			}
		}
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			out = append(out, x.(string))
		}
	}
	return out
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(Schema, &s); err != nil {
		t.Fatalf("plan.schema.json: %v", err)
	}
	return s
}

func TestExamplesMatchSchema(t *testing.T) {
	schema := loadSchema(t)
	files, _ := filepath.Glob("../../examples/*.json")
	inputs := map[string][]byte{"goodPlan": []byte(goodPlan)}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = b
	}
	for name, b := range inputs {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if errs := validateSchema(schema, schema, v, "$"); len(errs) > 0 {
			t.Errorf("%s does not match the schema:\n%s", name, strings.Join(errs, "\n"))
		}
		// What the decoder writes back matches the schema too.
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, _ := Marshal(p)
		var w any
		json.Unmarshal(out, &w)
		if errs := validateSchema(schema, schema, w, "$"); len(errs) > 0 {
			t.Errorf("%s re-encoded does not match the schema:\n%s", name, strings.Join(errs, "\n"))
		}
	}
	// And the schema rejects what the decoder rejects structurally.
	for _, bad := range []string{
		strings.Replace(goodPlan, `"title": "Example",`, `"title": "Example", "titel": 1,`, 1),
		strings.Replace(goodPlan, `"deliverable": "is"`, `"deliverable": "book"`, 1),
		strings.Replace(goodPlan, `"place": "Geneva, CH"`, `"place": "Geneva, CH", "colour": "red"`, 1),
		strings.Replace(goodPlan, `"cd-ballot": "4m"`, `"cd-ballot": "4 months"`, 1),
	} {
		var v any
		json.Unmarshal([]byte(bad), &v)
		if errs := validateSchema(schema, schema, v, "$"); len(errs) == 0 {
			t.Errorf("schema accepts a bad plan:\n%s", bad)
		}
	}
}

// jsonFields returns the JSON names of a struct type's fields.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func schemaProps(s map[string]any) []string {
	var out []string
	for k := range s["properties"].(map[string]any) {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSchemaMatchesStructs checks that the schema and the Go types name the
// same fields, and the enums the same values.
func TestSchemaMatchesStructs(t *testing.T) {
	schema := loadSchema(t)
	props := schema["properties"].(map[string]any)
	defs := schema["$defs"].(map[string]any)
	pairs := []struct {
		name   string
		typ    reflect.Type
		schema map[string]any
	}{
		{"plan", reflect.TypeOf(Plan{}), schema},
		{"start", reflect.TypeOf(Start{}), props["start"].(map[string]any)},
		{"rules", reflect.TypeOf(RuleChoice{}), props["rules"].(map[string]any)},
		{"pins", reflect.TypeOf(Pins{}), props["pins"].(map[string]any)},
		{"meetings", reflect.TypeOf(Calendars{}), props["meetings"].(map[string]any)},
		{"meeting", reflect.TypeOf(Meeting{}), defs["meeting"].(map[string]any)},
	}
	for _, p := range pairs {
		if got, want := schemaProps(p.schema), jsonFields(p.typ); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: schema properties %v, Go fields %v", p.name, got, want)
		}
	}
	enum := func(s any) []string {
		var out []string
		for _, e := range s.(map[string]any)["enum"].([]any) {
			out = append(out, e.(string))
		}
		sort.Strings(out)
		return out
	}
	var dels []string
	for _, d := range Deliverables {
		dels = append(dels, string(d))
	}
	sort.Strings(dels)
	if got := enum(props["deliverable"]); !reflect.DeepEqual(got, dels) {
		t.Errorf("deliverable enum %v, Go %v", got, dels)
	}
	var stages []string
	for _, d := range Deliverables {
		for _, s := range StagesFor(d) {
			if !slices.Contains(stages, string(s)) {
				stages = append(stages, string(s))
			}
		}
	}
	sort.Strings(stages)
	startProps := props["start"].(map[string]any)["properties"].(map[string]any)
	if got := enum(startProps["stage"]); !reflect.DeepEqual(got, stages) {
		t.Errorf("stage enum %v, Go %v", got, stages)
	}
	rulesProps := props["rules"].(map[string]any)["properties"].(map[string]any)
	sets := rules.Names()
	sort.Strings(sets)
	if got := enum(rulesProps["set"]); !reflect.DeepEqual(got, sets) {
		t.Errorf("rule set enum %v, package rules %v", got, sets)
	}
	pinProps := props["pins"].(map[string]any)["properties"].(map[string]any)
	var pm, pd []string
	for _, s := range PinnableMeetings {
		pm = append(pm, s.ID)
	}
	for _, s := range PinnableDates {
		pd = append(pd, s.ID)
	}
	sort.Strings(pm)
	sort.Strings(pd)
	if got := enum(pinProps["meetings"].(map[string]any)["propertyNames"]); !reflect.DeepEqual(got, pm) {
		t.Errorf("pinnable meetings %v, Go %v", got, pm)
	}
	if got := enum(pinProps["dates"].(map[string]any)["propertyNames"]); !reflect.DeepEqual(got, pd) {
		t.Errorf("pinnable dates %v, Go %v", got, pd)
	}
}
