package rules

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestReadSetsMatchesEncodingJSON: the hand-mapped reader gives the same
// sets as encoding/json's struct decoding of the same file.
func TestReadSetsMatchesEncodingJSON(t *testing.T) {
	got, err := readSets(rulesetsJSON)
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Sets []fileSet `json:"sets"`
	}
	if err := json.Unmarshal(rulesetsJSON, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want.Sets) {
		t.Errorf("readSets differs from encoding/json:\n got %+v\nwant %+v", got, want.Sets)
	}
}

func TestReadSetsErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"sets": [{"name": "x", "title": "t", "rules": [{"id": "a", "value": "3m", "min": "1m", "max": "4m", "clause": "8.9", "strength": "must", "text": "t", "colour": 1}]}]}`, `sets[0].rules[0]: unknown key "colour"`},
		{`{"sets": [{"name": "x", "title": "t", "rules": [{"id": "a", "value": "3q", "min": "1m", "max": "4m", "clause": "8.9", "strength": "must", "text": "t"}]}]}`, `sets[0].rules[0].value`},
		{`{"sets": {}}`, `sets: want array, got object`},
		{`{"sets": [{"title": "t"}]}`, `sets[0].name: missing`},
		{`{"other": 1}`, `unknown key "other"`},
	} {
		_, err := readSets([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
		}
	}
}
