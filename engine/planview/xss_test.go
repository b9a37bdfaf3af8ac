package planview

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/testkit/exampletest"
)

// xssPayloads are texts a plan may carry (each under plan.MaxTextLen) that
// would add elements or attributes to the page if written unescaped, in
// element content or in an attribute value quoted either way.
var xssPayloads = []string{
	`<b data-xss="1">bold</b><script data-xss>window.__xss=1</script>`,
	`"><img data-xss src=x onerror="window.__xss=1">`,
	`' data-xss='1' onmouseover='window.__xss=1`,
	`</title></textarea></svg><svg onload="window.__xss=1" data-xss>`,
	`<![CDATA[<i data-xss>]]><!-- <i data-xss> -->`,
	`&lt;i data-xss&gt; &amp; &#60;i data-xss&#62;`,
}

// injected returns what in the document no plan text may create: an
// element or attribute marked data-xss (every element in xssPayloads is),
// an event handler attribute, a script element.
func injected(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" {
				out = append(out, "<script>")
			}
			for _, a := range n.Attr {
				if a.Key == "data-xss" || strings.HasPrefix(a.Key, "on") {
					out = append(out, "<"+n.Data+" "+a.Key+">")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// allText returns the text of a document, attribute values included.
func allText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for _, a := range n.Attr {
			b.WriteString(a.Val)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestRenderEscapesPlanText: a plan whose title, meeting bodies and places
// hold markup renders, parsed as HTML, with no element or attribute of the
// markup, which shows as text instead (issue 12 item 11: the path plan strings → planview → innerHTML had
// no hostile test).
func TestRenderEscapesPlanText(t *testing.T) {
	withText := func(s string) func(m map[string]any) {
		return func(m map[string]any) {
			m["title"] = s
			for _, cal := range m["meetings"].(map[string]any) {
				for _, mt := range cal.([]any) {
					mt.(map[string]any)["body"] = s
					mt.(map[string]any)["place"] = s
				}
			}
		}
	}
	for _, payload := range xssPayloads {
		doc := parse(t, Render(exampletest.Schedule(t, "is-ct-aap.json", withText(payload)), Options{Clauses: "/c/"}))
		if got := injected(doc); len(got) > 0 {
			t.Errorf("%q injected %v", payload, got)
		}
		if !strings.Contains(allText(doc), payload) {
			t.Errorf("%q does not appear as text in the results", payload)
		}
	}
}
