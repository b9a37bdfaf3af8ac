package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestWriterMatchesEncodingJSON(t *testing.T) {
	type inner struct {
		A string `json:"a"`
		B []int  `json:"b"`
	}
	v := struct {
		X string   `json:"x"`
		E []string `json:"e"`
		O inner    `json:"o"`
		M struct{} `json:"m"`
		T bool     `json:"t"`
		N *int     `json:"n"`
	}{X: "<a&b>\u2028\"\\\x01", E: []string{}, O: inner{A: "é", B: []int{1, -2}}}
	for _, indent := range []string{"", "  "} {
		w := New(indent)
		w.BeginObject()
		w.Key("x")
		w.Str(v.X)
		w.Key("e")
		w.BeginArray()
		w.EndArray()
		w.Key("o")
		w.BeginObject()
		w.Key("a")
		w.Str("é")
		w.Key("b")
		w.BeginArray()
		w.Int(1)
		w.Int(-2)
		w.EndArray()
		w.EndObject()
		w.Key("m")
		w.BeginObject()
		w.EndObject()
		w.Key("t")
		w.Bool(false)
		w.Key("n")
		w.Null()
		w.EndObject()
		want, _ := json.MarshalIndent(v, "", indent)
		if indent == "" {
			want, _ = json.Marshal(v)
		}
		if !bytes.Equal(w.Bytes(), want) {
			t.Errorf("indent %q:\n got %s\nwant %s", indent, w.Bytes(), want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\u2028\u2029", "\x00\x1f\x7f", "\xff\xfe", "é–😀", "\b\f\n\r\t\"\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
