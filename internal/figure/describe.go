package figure

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/svgdraw"
)

// describe writes the figure in words: one list item per box, in the order
// of the source, each saying where its arrows lead; the boxes of a band are
// grouped under its label.
func describe(b *bytes.Buffer, f *Figure) error {
	list := f.List
	if list == "" {
		list = "ol"
	}
	if list != "ol" && list != "ul" {
		return fmt.Errorf("list is %q, want ol or ul", list)
	}
	verb := f.Verb
	if verb == "" {
		verb = "Next"
	}
	laneName := map[string]string{}
	for _, l := range f.Lanes {
		laneName[l.Key] = l.Label
	}
	if f.JointName != "" {
		laneName["joint"] = f.JointName
	}
	ids := map[string]bool{}
	for _, n := range f.Nodes {
		ids[n.ID] = true
	}
	for _, s := range f.Spans {
		if !ids[s.From] || !ids[s.To] {
			return fmt.Errorf("the span %q names a box that does not exist (%s, %s)", s.Label, s.From, s.To)
		}
	}
	// How each box is named as an arrow's target.
	ref := map[string]string{}
	for _, n := range f.Nodes {
		r := strings.ReplaceAll(n.Text, "\n", " ")
		if n.Ref != "" {
			r = n.Ref
		}
		if n.Num != "" {
			r = fmt.Sprintf("step %s (%s)", n.Num, r)
		}
		if name := laneName[n.Lane]; n.Lane != "" && n.Lane != "joint" && name != "" && !strings.Contains(r, name) {
			r = fmt.Sprintf("%s (%s)", r, name)
		}
		ref[n.ID] = r
	}
	say := func(n *Node) string {
		t := strings.ReplaceAll(n.Text, "\n", " ")
		if n.Num != "" {
			t = n.Num + ") " + t
		}
		if name := laneName[n.Lane]; name != "" {
			t = name + ": " + t
		}
		if n.Sub != "" {
			t += " – " + strings.ReplaceAll(strings.ReplaceAll(n.Sub, ":\n", ": "), "\n", "; ")
		}
		if n.Say != "" {
			t = sentence(t) + " " + n.Say
		}
		var next []string
		for _, e := range f.Edges {
			if e.From != n.ID || e.Quiet {
				continue
			}
			p := ref[e.To]
			if e.Say != "" {
				p = e.Say
			} else if e.Label != "" {
				p = e.Label + " " + p
			}
			next = append(next, p)
		}
		if len(next) > 0 {
			t = sentence(t) + " " + verb + ": " + strings.Join(next, "; ")
		}
		return sentence(t)
	}

	b.WriteString("\n<details class=\"figure-text\">\n<summary>This figure as text</summary>")
	if f.Intro != "" {
		fmt.Fprintf(b, "\n<p>%s</p>", svgdraw.Esc(f.Intro))
	}
	open, end := "<"+list+">", "</"+list+">"
	b.WriteString("\n" + open)
	cur := -1
	for i := range f.Nodes {
		n := &f.Nodes[i]
		gi := -1
		for j, g := range f.Groups {
			if n.Row >= g.From && n.Row <= g.To {
				gi = j
				break
			}
		}
		if gi != cur {
			if cur >= 0 {
				b.WriteString(end + "</li>")
			}
			if gi >= 0 {
				fmt.Fprintf(b, "\n<li><strong>%s</strong>%s", svgdraw.Esc(f.Groups[gi].Label), open)
			}
			cur = gi
		}
		fmt.Fprintf(b, "\n<li>%s</li>", svgdraw.Esc(say(n)))
	}
	if cur >= 0 {
		b.WriteString(end + "</li>")
	}
	b.WriteString("\n" + end)
	if f.Outro != "" {
		fmt.Fprintf(b, "\n<p>%s</p>", svgdraw.Esc(f.Outro))
	}
	b.WriteString("\n</details>")
	return nil
}

// sentence ends t with a full stop unless it already ends a sentence.
func sentence(t string) string {
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") {
		return t
	}
	return t + "."
}
