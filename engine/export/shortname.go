package export

import (
	"strings"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/plan"
)

// Untitled is the short name of a plan with neither a short name nor a
// title.
const Untitled = "Untitled plan"

// ShortName is how calendar events and spreadsheet rows name the plan, so
// that two plans in one calendar or sheet can be told apart: the plan's
// short_name, else its title up to the first ": ", ", " or dash, without
// parenthesised asides, clipped at a word to plan.MaxShortNameLen
// characters. "Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity
// authentication framework" is "Rec. ITU-T X.1299 | ISO/IEC 27599".
func ShortName(p *plan.Plan) string {
	if s := strings.TrimSpace(p.ShortName); s != "" {
		return s
	}
	t := p.Title
	for _, sep := range []string{": ", ", ", " — ", " – ", " - "} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	for {
		i := strings.Index(t, " (")
		j := strings.Index(t[max(i, 0):], ")")
		if i < 0 || j < 0 {
			break
		}
		t = t[:i] + t[i+j+1:]
	}
	t = strings.Join(strings.Fields(t), " ")
	if t == "" {
		return Untitled
	}
	if utf8.RuneCountInString(t) <= plan.MaxShortNameLen {
		return t
	}
	cut, n := 0, 0
	for i := range t {
		if n == plan.MaxShortNameLen-1 {
			break
		}
		if t[i] == ' ' {
			cut = i
		}
		n++
	}
	if cut == 0 {
		cut = len(string([]rune(t)[:plan.MaxShortNameLen-1]))
	}
	return t[:cut] + "…"
}
