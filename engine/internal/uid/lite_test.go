package uid

import (
	"crypto/sha1"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestLiteParsesAsGoogleUUID: every form google/uuid reads, and the ways
// each can be wrong, read the same (value, or the same error) by Lite.
func TestLiteParsesAsGoogleUUID(t *testing.T) {
	for _, s := range []string{
		"7d444840-9dc0-11d1-b245-5ffdce74fad2",
		"7D444840-9DC0-11D1-B245-5FFDCE74FAD2",
		"urn:uuid:7d444840-9dc0-11d1-b245-5ffdce74fad2",
		"URN:UUID:7d444840-9dc0-11d1-b245-5ffdce74fad2",
		"urn:uuix:7d444840-9dc0-11d1-b245-5ffdce74fad2",
		"{7d444840-9dc0-11d1-b245-5ffdce74fad2}",
		"x7d444840-9dc0-11d1-b245-5ffdce74fad2y",
		"7d4448409dc011d1b2455ffdce74fad2",
		"7d4448409dc011d1b2455ffdce74fadg",
		"7d444840-9dc0-11d1-b245-5ffdce74fadz",
		"7d444840-9dc0x11d1-b245-5ffdce74fad2",
		"7d444840-9dc0-11d1-b245-5ffdce74fad",
		"",
		"not a uuid",
		"00000000-0000-0000-0000-000000000000",
	} {
		t.Run(s, func(t *testing.T) { sameParse(t, s) })
	}
}

func sameParse(t *testing.T, s string) {
	t.Helper()
	want, werr := uuid.Parse(s)
	got, gerr := ParseLite(s)
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("ParseLite(%q) error %v, google/uuid %v", s, gerr, werr)
	}
	if werr == nil && (got != Lite(want) || got.String() != want.String()) {
		t.Fatalf("ParseLite(%q) = %s, google/uuid %s", s, got, want)
	}
}

func FuzzLiteParse(f *testing.F) {
	f.Add("7d444840-9dc0-11d1-b245-5ffdce74fad2")
	f.Add("urn:uuid:7d444840-9dc0-11d1-b245-5ffdce74fad2")
	f.Add("{7d444840-9dc0-11d1-b245-5ffdce74fad2}")
	f.Add("7d4448409dc011d1b2455ffdce74fad2")
	f.Fuzz(sameParse)
}

// TestSHA1: the SHA-1 written out is crypto/sha1's at every length across
// the block and padding boundaries.
func TestSHA1(t *testing.T) {
	data := []byte(strings.Repeat("commontext, the guide in plain words. ", 10))
	for n := 0; n <= len(data); n++ {
		if got, want := sha1Sum(data[:n]), sha1.Sum(data[:n]); got != want {
			t.Fatalf("sha1Sum of %d bytes = %x, crypto/sha1 %x", n, got, want)
		}
	}
}

// TestNewSHA1Lite: version 5 UUIDs (the calendar's UIDs, the content ids
// of exported plans) are google/uuid's, so a calendar downloaded from the
// page and one written by the CLI or the API agree.
func TestNewSHA1Lite(t *testing.T) {
	ns := uuid.MustParse("7d444840-9dc0-11d1-b245-5ffdce74fad2")
	for _, name := range []string{"", "is-ct-aap/cd-ballot", "urn:commontext:plan-content", strings.Repeat("x", 200)} {
		want := uuid.NewSHA1(ns, []byte(name))
		if got := NewSHA1Lite(Lite(ns), []byte(name)); got != Lite(want) {
			t.Errorf("NewSHA1Lite(%q) = %s, google/uuid %s", name, got, want)
		}
	}
	if NameSpaceURL.String() != uuid.NameSpaceURL.String() {
		t.Errorf("NameSpaceURL = %s, google/uuid %s", NameSpaceURL, uuid.NameSpaceURL)
	}
	if mustParseLite(uuid.NameSpaceURL.String()) != Lite(uuid.NameSpaceURL) {
		t.Error("Lite's namespace of URLs is not google/uuid's")
	}
}

// TestNewRandomLite: random UUIDs are version 4, of RFC 9562's variant,
// as google/uuid reads them, and not repeated.
func TestNewRandomLite(t *testing.T) {
	seen := map[Lite]bool{}
	for range 1000 {
		u := newRandomLite()
		g, err := uuid.Parse(u.String())
		if err != nil || g.Version() != 4 || g.Variant() != uuid.RFC4122 {
			t.Fatalf("%s: version %d, variant %v, %v", u, g.Version(), g.Variant(), err)
		}
		if seen[u] {
			t.Fatalf("%s made twice", u)
		}
		seen[u] = true
	}
}

// TestLiteText: a Lite reads and writes itself as text, as google/uuid's
// UUID does.
func TestLiteText(t *testing.T) {
	const s = "7d444840-9dc0-11d1-b245-5ffdce74fad2"
	var u Lite
	if err := u.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	b, _ := u.MarshalText()
	if string(b) != s {
		t.Errorf("text %q, want %q", b, s)
	}
	if err := u.UnmarshalText([]byte("x")); err == nil {
		t.Error("UnmarshalText read x")
	}
}
