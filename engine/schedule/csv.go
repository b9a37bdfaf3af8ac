package schedule

import (
	"encoding/csv"
	"fmt"
	"io"
)

// CSVHeader is the first row WriteCSV writes.
var CSVHeader = []string{"scenario", "step", "label", "kind", "side", "body", "start", "end", "clause", "meeting", "place", "pinned", "rule"}

// WriteCSV writes the steps of the scenarios (all when ids is empty) as CSV
// with a header row, one step per row, in RFC 4180 form (CRLF line ends).
func (s *Schedule) WriteCSV(w io.Writer, ids ...string) error {
	scs := s.Scenarios
	if len(ids) > 0 {
		scs = nil
		for _, id := range ids {
			sc, ok := s.Scenario(id)
			if !ok {
				return fmt.Errorf("schedule: no scenario %q", id)
			}
			scs = append(scs, *sc)
		}
	}
	places := make(map[string]string, len(s.Meetings))
	for _, m := range s.Meetings {
		places[m.ID] = m.Place
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, sc := range scs {
		for _, st := range sc.Steps {
			pinned := ""
			if st.Pinned {
				pinned = "yes"
			}
			if err := cw.Write([]string{sc.ID, st.ID, st.Label, st.Kind, st.Side, st.Body, st.Start.String(), st.End.String(),
				st.Clause, st.Meeting, places[st.Meeting], pinned, st.Rule}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
