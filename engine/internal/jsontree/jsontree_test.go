package jsontree

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScanner(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{`{"a": [1, -2.5e+3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800"]}`, ""},
		{`  {}  `, ""},
		{`[]`, ""},
		{`{"a": 1,}`, `line 1, column 9: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{`{"a" 1}`, `line 1, column 6: invalid JSON: invalid character '1' after object key`},
		{`{"a": 01}`, `line 1, column 8: invalid JSON: invalid character '1' after object key:value pair`},
		{`{"a": -}`, `line 1, column 8: invalid JSON: invalid character '}' in numeric literal`},
		{`{"a": 1.}`, `invalid character '}' after decimal point`},
		{`{"a": 1e}`, `invalid character '}' in exponent`},
		{`{"a": tru}`, `invalid character '}' in literal true`},
		{"{\"a\": \"x\ny\"}", `invalid character '\n' in string literal`},
		{`{"a": "\x"}`, `invalid character 'x' in string escape code`},
		{`{"a": "\u12"}`, `in \u hexadecimal character escape`},
		{`{"a": [1 2]}`, `invalid character '2' after array element`},
		{`{"a": 1`, `line 1, column 8: invalid JSON: unexpected end of input`},
		{`{"a": 1} x`, `line 1, column 10: unexpected data after the JSON value`},
		{"{\n  \"a\": 1, \"a\": 2}", `line 2, column 14: duplicate key "a"`},
		{strings.Repeat("[", 40) + strings.Repeat("]", 40), "nested more than 32 levels deep"},
	} {
		_, err := Parse([]byte(c.in))
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want %q", c.in, err, c.err)
		}
	}
}

// FuzzTreeMatchesEncodingJSON: the scanner accepts exactly the JSON that
// encoding/json accepts (up to the depth limit and duplicate keys, which
// the plan format forbids) and builds the same tree as the Token-based
// reference parser.
func FuzzTreeMatchesEncodingJSON(f *testing.F) {
	ex, _ := os.ReadFile("../../examples/is-ct-aap.json")
	f.Add(string(ex))
	f.Add(`{"a": [1, -2.5e+3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800\udc00x"]}`)
	f.Add(`{"a": "\ud800\u0041"}`)
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // Parse rejects it before the scanner runs
		}
		got, err := Parse([]byte(in))
		want, refErr := parseTreeRef([]byte(in))
		valid := json.Valid([]byte(in))
		if err == nil && !valid {
			t.Fatalf("scanner accepts invalid JSON %q", in)
		}
		if refErr == nil && err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: scanner tree differs from the reference", in)
		}
		if (err == nil) != (refErr == nil) {
			t.Fatalf("%q: scanner error %v, reference error %v", in, err, refErr)
		}
	})
}

func BenchmarkParseTree(b *testing.B) {
	ex, _ := os.ReadFile("../../examples/is-ct-aap.json")
	b.Run("scanner", func(b *testing.B) {
		for b.Loop() {
			Parse(ex)
		}
	})
	b.Run("tokens", func(b *testing.B) {
		for b.Loop() {
			parseTreeRef(ex)
		}
	})
}

// TestErrorKinds: valid JSON that a caller refuses (too deep, a key twice,
// too many values) is told apart from invalid JSON, with where it is in the
// tree, so that a decoder can say what is wrong (issue 23 point 10).
func TestErrorKinds(t *testing.T) {
	for _, c := range []struct {
		in        string
		max       int
		kind      ErrorKind
		path, key string
	}{
		{`{"a": 1,}`, 0, Syntax, "", ""},
		{`{"a": [1, {"b": 1, "b": 2}]}`, 0, DuplicateKey, "a[1]", "b"},
		{`{"a b": {"c": {"d": 1, "d": 1}}}`, 0, DuplicateKey, `["a b"].c`, "d"},
		{`{"x": ` + strings.Repeat("[", 33) + strings.Repeat("]", 33) + `}`, 0, TooDeep, "x" + strings.Repeat("[0]", 32), ""},
		{`[1, 2, 3]`, 3, TooManyValues, "[2]", ""},
		{`{"a": [1, 2], "b": 3}`, 4, TooManyValues, "b", ""},
	} {
		_, err := ParseMax([]byte(c.in), c.max)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%.40s: error %v, want an *Error", c.in, err)
			continue
		}
		if e.Kind != c.kind || e.Kind != Syntax && e.Path != c.path || e.Key != c.key {
			t.Errorf("%.40s: kind %d, path %q, key %q; want %d, %q, %q", c.in, e.Kind, e.Path, e.Key, c.kind, c.path, c.key)
		}
	}
	if _, err := ParseMax([]byte(`[1, 2]`), 3); err != nil {
		t.Errorf("3 values within a limit of 3: %v", err)
	}
}
