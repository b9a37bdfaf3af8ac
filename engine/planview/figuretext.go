package planview

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/internal/markup"
	"github.com/commontext/commontext/engine/schedule"
)

// FigureText lists a scenario's steps with their dates: the figure's
// text for readers who cannot see the drawing, open to everyone.
func FigureText(s *schedule.Schedule, scenario schedule.ScenarioID, source string) string {
	sc, _ := s.Scenario(scenario)
	var b strings.Builder
	b.WriteString(`<details class="figure-text"><summary>The steps of this figure as text</summary><p>`)
	b.WriteString(markup.Escape(sc.Description))
	fmt.Fprintf(&b, ` Dates from the example plan <code>%s</code>.</p><ol>`, markup.Escape(source))
	for _, st := range sc.Steps {
		if st.Kind == schedule.KindDeadline {
			continue
		}
		dates := st.Start.String()
		if st.End != st.Start {
			dates += " to " + st.End.String()
		}
		fmt.Fprintf(&b, `<li><span class="step">%s</span>: <span class="dates">%s</span> (%s, %s; clause %s)</li>`,
			markup.Escape(st.Label), dates, markup.Escape(schedule.SideName(st.Side)), markup.Escape(st.Body), markup.Escape(st.Clause))
	}
	fmt.Fprintf(&b, `</ol><p>Publication: %s.</p></details>`, sc.Publication)
	return b.String()
}
