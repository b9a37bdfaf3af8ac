// Package markup escapes text for HTML and SVG. It exists because the
// standard library's html package carries a table of 2,000 character
// entities (for unescaping) that adds 24 KB to the planner's gzipped
// WebAssembly, which only ever escapes.
package markup

import "strings"

var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// Escape escapes the five characters that are special in HTML and XML
// text and attribute values, exactly as html.EscapeString does. Text with
// none of them, most of it, is returned after one pass: the replacer
// counts each of its five bytes in a pass of its own (strings.Count, a
// byte at a time under js/wasm), which was a twentieth of the browser's
// recompute (the timeline's titles).
func Escape(s string) string {
	if !strings.ContainsAny(s, `&'<>"`) {
		return s
	}
	return escaper.Replace(s)
}
