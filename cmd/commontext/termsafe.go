package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termSafe returns s with every character that a terminal would act on
// rather than show written as an escape: control characters (NUL, BEL, ESC
// and its sequences, CR, LF, tab, DEL, C1) as \xHH, and the invisible
// formatting characters, among them the bidirectional overrides such as
// U+202E that reorder what follows, as \uHHHH. A plan's title, places and
// bodies come from a file that may come from anyone; printed raw, they
// could rewrite the terminal's screen or disguise the text around them.
func termSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x100 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports whether a terminal would act on r: a control
// character (Cc) or an invisible format character (Cf: bidi controls,
// zero-width joiners, the byte order mark…), or an invalid byte.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// safePrintf is fmt.Fprintf with every string argument, and every value
// printed through its Error or String method, passed through termSafe: the
// format supplies the layout (tabs, newlines), the arguments only text.
func safePrintf(w io.Writer, format string, args ...any) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			args[i] = termSafe(v)
		case error:
			args[i] = termSafe(v.Error())
		case fmt.Stringer:
			args[i] = termSafe(v.String())
		}
	}
	fmt.Fprintf(w, format, args...)
}
