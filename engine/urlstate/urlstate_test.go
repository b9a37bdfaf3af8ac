package urlstate

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/plan"
)

func examples(t testing.TB) map[string][]byte {
	files, _ := filepath.Glob("../../examples/*.json")
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	if len(out) == 0 {
		t.Fatal("no examples")
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	for name, b := range examples(t) {
		p, err := plan.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, Prefix) || strings.ContainsAny(s, "+/=#?& ") {
			t.Errorf("%s: not URL-safe: %.40s…", name, s)
		}
		t.Logf("%s: %d bytes of JSON → %d characters", name, len(b), len(s))
		p2, err := Decode("#" + s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a, _ := plan.Marshal(p)
		c, _ := plan.Marshal(p2)
		if !bytes.Equal(a, c) {
			t.Errorf("%s: round trip differs", name)
		}
	}
}

func deflate(b []byte) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(b)
	zw.Close()
	return Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func TestHostile(t *testing.T) {
	good, _ := Encode(mustParse(t))
	bomb := deflate(bytes.Repeat([]byte(" "), 8<<20)) // 8 MiB of spaces: a few KB compressed
	tests := []struct {
		name, in string
		want     string
		is       error
	}{
		{"empty", "", "not a plan link", ErrVersion},
		{"other version", "p9." + good[3:], "not a plan link", ErrVersion},
		{"too long", Prefix + strings.Repeat("A", MaxEncoded), "longer than", ErrTooLong},
		{"not base64", good[:20] + "!" + good[21:], "not base64url at character 20", nil},
		{"truncated", good[:len(good)/2], "truncated", nil},
		{"decompression bomb", bomb, "inflates to more than", ErrTooLarge},
		{"not deflate", Prefix + base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xff, 0xff, 0xff}), "damaged", nil},
		{"deflated junk", deflate([]byte("not json")), "invalid JSON", nil},
		{"deflated bad plan", deflate([]byte(`{"version": 1, "deliverable": "book"}`)), `"book" is not a deliverable`, nil},
	}
	if len(bomb) > MaxEncoded {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	for _, tt := range tests {
		_, err := Decode(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Decode = %v, want %q", tt.name, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: error is not %v", tt.name, tt.is)
		}
	}
}

func mustParse(t testing.TB) *plan.Plan {
	for _, b := range examples(t) {
		p, err := plan.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	return nil
}

func FuzzDecode(f *testing.F) {
	for _, b := range examples(f) {
		p, _ := plan.Parse(b)
		s, _ := Encode(p)
		f.Add(s)
		f.Add(s[:len(s)/3])
	}
	f.Add("p1.")
	f.Add("p1.AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Decode(s)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode again to the same plan.
		e, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := Decode(e)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := plan.Marshal(p)
		b, _ := plan.Marshal(p2)
		if !bytes.Equal(a, b) {
			t.Fatal("round trip differs")
		}
	})
}
