package export

import (
	"io"

	"github.com/commontext/commontext/engine/ics"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// writeICS writes the selected scenarios as a calendar whose events name
// the plan (its short name first in each summary) and link back to it.
func writeICS(w io.Writer, s *schedule.Schedule, c Context) error {
	name := s.Title
	if name == "" {
		name = c.ShortName
	}
	return ics.Write(w, s, ics.Options{Scenarios: c.Scenarios, Now: c.Now, ShortName: c.ShortName, Plan: name, Link: c.Link, Sequence: revision(c.Plan)})
}

// revision is the plan's revision, the events' SEQUENCE.
func revision(p *plan.Plan) int {
	if p == nil {
		return 0
	}
	return p.Revision
}
