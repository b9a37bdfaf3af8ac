package markup

import (
	"html"
	"testing"
)

func TestEscapeMatchesHTML(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "JTC 1/SC 27 & ITU-T SG17 <q>", "é – ü"} {
		if got, want := Escape(s), html.EscapeString(s); got != want {
			t.Errorf("Escape(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzEscape(f *testing.F) {
	f.Add(`<&>"'`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Escape(s), html.EscapeString(s); got != want {
			t.Errorf("Escape(%q) = %q, want %q", s, got, want)
		}
	})
}
