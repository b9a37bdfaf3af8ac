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
