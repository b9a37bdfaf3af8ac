package plan_test

import (
	"errors"
	"fmt"

	"github.com/commontext/commontext/engine/plan"
)

// Parse reads and validates a plan file. A meeting without an id is named
// by its calendar and first day; a CT meeting without a kind is a CT
// meeting.
func ExampleParse() {
	p, err := plan.Parse([]byte(`{
	  "version": 1,
	  "id": "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57",
	  "deliverable": "is", "itu_process": "aap", "mode": "ct",
	  "start": {"stage": "cd-ballot-opens", "date": "2026-03-02"},
	  "meetings": {
	    "itu": [{"kind": "sg", "start": "2027-01-19", "end": "2027-01-28", "place": "Geneva, CH"}],
	    "jtc1": [],
	    "ct": [{"start": "2026-07-07", "end": "2026-07-08"}]
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Deliverable, p.Process, p.Mode, p.Start.Stage, p.Start.Date)
	for _, m := range p.Meetings.All() {
		fmt.Println(m.ID, m.Kind, m.Start, m.End)
	}
	// Output:
	// is aap ct cd-ballot-opens 2026-03-02
	// itu-2027-01-19 sg 2027-01-19 2027-01-28
	// ct-2026-07-07 ct 2026-07-07 2026-07-08
}

// A plan with problems gives every problem at once, each with the path of
// its field (which Words says in words) and a message in the user's terms,
// such as "Meeting 1 of the CT calendar ends before it starts".
func ExampleParse_problems() {
	_, err := plan.Parse([]byte(`{
	  "version": 1,
	  "deliverable": "is", "itu_process": "aap", "mode": "ct",
	  "start": {"stage": "cd-ballot-opens", "date": "2026-02-30"},
	  "meetings": {"itu": [], "jtc1": [],
	    "ct": [{"start": "2026-07-08", "end": "2026-07-07"}]}
	}`))
	var probs plan.Errors
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Printf("%s: %s\n", p.Field, plan.Words(p.Field))
		}
	}
	// Output:
	// start.date: the starting date
	// meetings.ct[0].end: the end date of meeting 1 of the CT calendar
	// meetings.itu: the ITU-T calendar
}
