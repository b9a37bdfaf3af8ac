package schedule

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSVHeader is the first row WriteCSV writes.
var CSVHeader = []string{"scenario", "step", "label", "kind", "side", "body", "start", "end", "clause", "meeting", "place", "pinned", "rule"}

// inert keeps a spreadsheet from reading a cell as a formula: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text and do not evaluate (the
// OWASP advice on CSV injection). A meeting's place or body comes from a
// plan file, which may come from anyone.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteCSV writes the steps of the scenarios (all when ids is empty) as CSV
// with a header row, one step per row, in RFC 4180 form (CRLF line ends).
// No cell can start a spreadsheet formula (see inert).
func (s *Schedule) WriteCSV(w io.Writer, ids ...ScenarioID) error {
	scs, err := s.Select(ids)
	if err != nil {
		return err
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
			row := []string{string(sc.ID), st.ID, st.Label, st.Kind, st.Side, st.Body, st.Start.String(), st.End.String(),
				st.Clause, st.Meeting, places[st.Meeting], pinned, st.Rule}
			for i, cell := range row {
				row[i] = inert(cell)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
