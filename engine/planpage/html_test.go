package planpage

import (
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// checkHTML checks that s, the results the page puts into innerHTML, is
// markup the engine wrote and nothing else: every element closed in order
// (text that escaped its escaping would break the nesting), and no script,
// no event handler, no inline style (the CSP forbids them, and nothing of
// ours writes them).
func checkHTML(t *testing.T, s string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	var open []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); !errors.Is(err, io.EOF) {
				t.Fatalf("results HTML: %v", err)
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if tok.Data == "script" || tok.Data == "style" || tok.Data == "iframe" || tok.Data == "object" {
				t.Fatalf("results HTML has a <%s> element: %.300s", tok.Data, s)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Fatalf("results HTML has a %s attribute on <%s>", a.Key, tok.Data)
				}
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				t.Fatalf("results HTML closes <%s> where %v are open", tok.Data, open)
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Fatalf("results HTML leaves %v open", open)
	}
}

// TestComputeHTMLWellFormed: the results of a plan whose texts hold markup
// are well-formed markup of the engine's own (the oracle FuzzCompute uses).
func TestComputeHTMLWellFormed(t *testing.T) {
	ex := string(example(t))
	for _, payload := range []string{`</td></tr></table><script>alert(1)</script>`, `"><b onclick=x>`, `plain`} {
		in := strings.ReplaceAll(ex, `"place": "Geneva, CH"`, `"place": `+jsonString(payload))
		in = strings.ReplaceAll(in, `"body": "ITU-T SG17"`, `"body": `+jsonString(payload))
		r := Compute([]byte(in), Options{Clauses: "/c/"})
		if len(r.Problems) > 0 {
			t.Fatalf("%q: %v", payload, r.Problems)
		}
		checkHTML(t, r.HTML)
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
