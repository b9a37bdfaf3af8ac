package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/internal/testkit/hostile"
)

// compileSchema compiles plan.schema.json with a maintained JSON Schema
// validator (draft 2020-12, every keyword: a validator of our own once
// skipped maxProperties without a word).
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatalf("plan.schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("plan.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("plan.schema.json")
	if err != nil {
		t.Fatalf("compiling plan.schema.json: %v", err)
	}
	return sch
}

// schemaVerdict validates a plan file against the schema; nil means valid.
func schemaVerdict(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(bytes.TrimPrefix(data, []byte(BOM))))
	if err != nil {
		return err
	}
	return sch.Validate(v)
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
	sch := compileSchema(t)
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
		if err := schemaVerdict(t, sch, b); err != nil {
			t.Errorf("%s does not match the schema: %v", name, err)
		}
		// What the decoder writes back matches the schema too.
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, _ := Marshal(p)
		if err := schemaVerdict(t, sch, out); err != nil {
			t.Errorf("%s re-encoded does not match the schema: %v", name, err)
		}
	}
}

// TestSchemaAgreesWithDecoder: the schema and the decoder give the same
// verdict on hostile plans, each a good plan with one fault that a schema
// can express (a limit, a pattern, an enum, an unknown field), and on the
// worst-case inputs of package hostile. Faults a schema cannot express
// (dates that do not exist, a meeting that ends before it starts, a pin to
// a meeting that is not there, duplicate keys) are the decoder's alone, as
// the schema's description says.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	sch := compileSchema(t)
	edit := func(old, new string) string {
		if !strings.Contains(goodPlan, old) {
			t.Fatalf("test edit %q does not apply", old)
		}
		return strings.Replace(goodPlan, old, new, 1)
	}
	meetings := func(n int) string {
		var b strings.Builder
		d := caldate.MustParse("2026-01-05")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"kind": "wp", "start": "%s", "end": "%s"}`, d.AddDays(i), d.AddDays(i))
		}
		return b.String()
	}
	overrides := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `, "r%d": "1w"`, i)
		}
		return b.String()
	}
	tests := []struct {
		name  string
		in    string
		valid bool
	}{
		{"good", goodPlan, true},
		{"with a byte order mark", BOM + goodPlan, true},
		{"title of 200 characters", edit(`"title": "Example"`, `"title": "`+strings.Repeat("é", MaxTextLen)+`"`), true},
		{"title of 201 characters", edit(`"title": "Example"`, `"title": "`+strings.Repeat("é", MaxTextLen+1)+`"`), false},
		{"title of 200 astral characters", edit(`"title": "Example"`, `"title": "`+strings.Repeat("😀", MaxTextLen)+`"`), true},
		{"a short name", edit(`"title": "Example"`, `"title": "Example", "short_name": "X.1299 | 27599"`), true},
		{"short name of 40 characters", edit(`"title": "Example"`, `"title": "Example", "short_name": "`+strings.Repeat("é", MaxShortNameLen)+`"`), true},
		{"short name of 41 characters", edit(`"title": "Example"`, `"title": "Example", "short_name": "`+strings.Repeat("é", MaxShortNameLen+1)+`"`), false},
		{"short name that is a number", edit(`"title": "Example"`, `"title": "Example", "short_name": 5`), false},
		{"place of 201 characters", edit(`"place": "Geneva, CH"`, `"place": "`+strings.Repeat("x", MaxTextLen+1)+`"`), false},
		{"500 meetings", edit(`{"kind": "wp", "start": "2026-05-18", "end": "2026-05-20"}`, meetings(MaxMeetings-1)), true},
		{"501 meetings", edit(`{"kind": "wp", "start": "2026-05-18", "end": "2026-05-20"}`, meetings(MaxMeetings)), false},
		{"65 overrides", edit(`"cd-ballot": "4m"`, `"cd-ballot": "4m"`+overrides(MaxOverrides)), false},
		{"an empty override", edit(`"cd-ballot": "4m"`, `"cd-ballot": ""`), false},
		{"a duration in words", edit(`"cd-ballot": "4m"`, `"cd-ballot": "4 months"`), false},
		{"a count of five digits", edit(`"cd-ballot": "4m"`, `"cd-ballot": "10000d"`), false},
		{"a kind that is a number", edit(`"kind": "sg"`, `"kind": 5`), false},
		{"an unknown deliverable", edit(`"deliverable": "is"`, `"deliverable": "book"`), false},
		{"an unknown field", edit(`"title": "Example",`, `"title": "Example", "titel": 1,`), false},
		{"an unknown meeting field", edit(`"place": "Geneva, CH"`, `"place": "Geneva, CH", "colour": "red"`), false},
		{"an unknown start field", edit(`"stage": "cd-ballot-opens"`, `"stage": "cd-ballot-opens", "when": 1`), false},
		{"a meeting id with a space", edit(`"id": "sc27-2026-04"`, `"id": "sc27 2026"`), false},
		{"a meeting id of 65 characters", edit(`"id": "sc27-2026-04"`, `"id": "`+strings.Repeat("a", MaxIDLen+1)+`"`), false},
		{"a plan id that is not a UUID", edit(`"id": "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57"`, `"id": "3f6c2a8e"`), false},
		{"version 2", edit(`"version": 1`, `"version": 2`), false},
		{"version as a string", edit(`"version": 1`, `"version": "1"`), false},
		{"version 1.0", edit(`"version": 1`, `"version": 1.0`), true},
		{"version 1e0", edit(`"version": 1`, `"version": 1e0`), true},
		{"version 10e-1", edit(`"version": 1`, `"version": 10e-1`), true},
		{"version 1.5", edit(`"version": 1`, `"version": 1.5`), false},
		{"a date pin to an unknown step", edit(`"dis-ballot": "2026-10-05"`, `"dis-balot": "2026-10-05"`), false},
		{"a date with a time", edit(`"date": "2026-03-02"`, `"date": "2026-03-02T10:00"`), false},
		{"no meetings", edit(`"meetings": {`, `"meetingz": {`), false},
	}
	for _, sh := range hostile.PlanShapes {
		tests = append(tests, struct {
			name  string
			in    string
			valid bool
		}{"hostile: " + sh.Name, string(sh.Make(64 << 10)), false})
	}
	for _, tt := range tests {
		_, derr := Parse([]byte(tt.in))
		serr := schemaVerdict(t, sch, []byte(tt.in))
		if (derr == nil) != tt.valid {
			t.Errorf("%s: the decoder says %v, want valid=%v", tt.name, derr, tt.valid)
		}
		if (serr == nil) != tt.valid {
			t.Errorf("%s: the schema says %v, want valid=%v", tt.name, serr, tt.valid)
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
