package urlstate

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
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

// deflate returns a version 1 link of b (no checksum).
func deflate(b []byte) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(b)
	zw.Close()
	return PrefixV1 + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// deflate2 returns a version 2 link of b, followed by extra bytes.
func deflate2(b []byte, extra ...byte) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(b)
	zw.Close()
	buf.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(b)))
	buf.Write(extra)
	return Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func TestHostile(t *testing.T) {
	good, _ := Encode(mustParse(t))
	js, _ := plan.MarshalCompact(mustParse(t))
	bomb := deflate2(bytes.Repeat([]byte(" "), 8<<20)) // 8 MiB of spaces: a few KB compressed
	raw, _ := base64.RawURLEncoding.DecodeString(good[len(Prefix):])
	flip := append([]byte(nil), raw...)
	flip[len(flip)-1] ^= 1 // the checksum's last bit
	tests := []struct {
		name, in string
		want     string
		is       error
	}{
		{"empty", "", "This is not a plan link", ErrVersion},
		{"other version", "p9." + good[3:], "This is not a plan link", ErrVersion},
		{"too long", Prefix + strings.Repeat("A", MaxEncoded), "This link is longer than the 64 KiB", ErrTooLong},
		{"not base64", good[:20] + "!" + good[21:], "This link is damaged: character 21 is not one a link holds; nothing was opened", ErrDamaged},
		{"truncated", good[:len(good)/2], "This link is damaged: it is cut short", ErrDamaged},
		{"checksum cut off", Prefix + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-2]), "This link is damaged: it is cut short (its checksum is missing)", ErrDamaged},
		{"checksum wrong", Prefix + base64.RawURLEncoding.EncodeToString(flip), "This link is damaged: its checksum does not match", ErrDamaged},
		// issue 23 point 3: bytes after the stream were ignored.
		{"bytes after the checksum", deflate2(js, 'x', 'y', 'z'), "This link is damaged: 5 characters follow the plan", ErrDamaged},
		{"bytes after a version 1 stream", deflate(js) + "AAAA", "This link is damaged: 5 characters follow the plan", ErrDamaged},
		{"decompression bomb", bomb, "holds a plan larger than the 1024 KiB", ErrTooLarge},
		{"not deflate", Prefix + base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xff, 0xff, 0xff}), "This link is damaged", ErrDamaged},
		{"deflated junk", deflate2([]byte("not json")), "invalid JSON", nil},
		{"deflated bad plan", deflate2([]byte(`{"version": 1, "deliverable": "book"}`)), `"book" is not a deliverable`, nil},
		{"version 1, deflated bad plan", deflate([]byte(`{"version": 1, "deliverable": "book"}`)), `"book" is not a deliverable`, nil},
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

// TestVersion1Golden: a link written by version 1 (testdata, made before
// the checksum) still opens, to the plan it was made of.
func TestVersion1Golden(t *testing.T) {
	b, err := os.ReadFile("testdata/p1-is-ct-aap.txt")
	if err != nil {
		t.Fatal(err)
	}
	link := strings.TrimSpace(string(b))
	if !strings.HasPrefix(link, PrefixV1) {
		t.Fatalf("golden link %.10s… is not version 1", link)
	}
	got, err := Decode("#" + link)
	if err != nil {
		t.Fatal(err)
	}
	want := mustParseFile(t, "../../examples/is-ct-aap.json")
	a, _ := plan.Marshal(got)
	c, _ := plan.Marshal(want)
	if !bytes.Equal(a, c) {
		t.Errorf("the version 1 link opens a different plan:\n%s\nwant\n%s", a, c)
	}
}

func mustParseFile(t testing.TB, name string) *plan.Plan {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
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
	f.Add("p2.")
	if b, err := os.ReadFile("testdata/p1-is-ct-aap.txt"); err == nil {
		f.Add(strings.TrimSpace(string(b)))
	}
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
