package schedule

import "github.com/commontext/commontext/engine/caldate"

// At is the date of one edge of the step: its end for "end", otherwise its
// start (a Link's FromEdge and ToEdge). The checker and the drawings use
// this one definition, so they cannot disagree about where a link attaches.
func (s *Step) At(edge string) caldate.Date {
	if edge == "end" {
		return s.End
	}
	return s.Start
}
