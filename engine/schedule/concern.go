package schedule

// Concerns says which steps of a scenario the rule checks concern, so that
// every view marks them where they are shown (the steps table, the
// timeline, the agenda, the page's pinned fields): broken holds, for each
// step whose own date breaks a rule, the violations (must rules and should
// rules alike); follows holds, for each other step whose date the engine
// derived from a date that breaks a must rule, the label of that step.
// A Last Call pinned before consent breaks lc-after-consent, and the ITU-T
// approval and the publication counted from it follow it: they are no more
// valid than it is, though no rule names them.
func (sc *Scenario) Concerns() (broken map[string][]Violation, follows map[string]string) {
	broken = make(map[string][]Violation)
	follows = make(map[string]string)
	label := make(map[string]string, len(sc.Steps))
	for _, st := range sc.Steps {
		label[st.ID] = st.Label
	}
	var queue []string
	origin := make(map[string]string) // step → the broken step it follows
	for _, v := range sc.Violations {
		// What happened breaks rules too, but nothing planned from it is
		// the less valid: history is no origin.
		if _, seen := broken[v.Step]; !seen && v.Severity == "error" && !v.History {
			queue = append(queue, v.Step)
			origin[v.Step] = v.Step
		}
		broken[v.Step] = append(broken[v.Step], v)
	}
	next := make(map[string][]string)
	for _, ln := range sc.Links {
		next[ln.From] = append(next[ln.From], ln.To)
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, to := range next[id] {
			if _, done := origin[to]; done {
				continue
			}
			origin[to] = origin[id]
			queue = append(queue, to)
			if _, own := broken[to]; !own {
				follows[to] = label[origin[id]]
			}
		}
	}
	return broken, follows
}

// Broken is the number of must rules the scenario's dates break: a
// scenario with any has no valid publication date.
func (sc *Scenario) Broken() int {
	n := 0
	for _, v := range sc.Violations {
		if v.Severity == "error" && !v.History { // history cannot be fixed
			n++
		}
	}
	return n
}
