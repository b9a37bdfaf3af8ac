package api

import (
	"fmt"
	"net/http"
	"strings"
)

// serveFeed serves GET /api/v1/plan.ics?p=STATE: the plan in p, the planner's
// URL state, as a calendar feed that a calendar app can subscribe to. Like
// `commontext plan --format ics`, it holds the best-case scenario unless
// the query names others (scenario=ID,ID or scenario=all; an empty
// scenario= is the default). Event UIDs come
// from the plan's id, the scenario and the step, so they stay the same
// from one fetch to the next and the app updates events in place.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request) {
	q, ok := query(w, r, "p", "scenario", "target", "ruleset")
	if !ok {
		return
	}
	state, ok := q["p"]
	if !ok || state[0] == "" {
		writeError(w, http.StatusBadRequest, &Error{
			Code:    "missing_parameter",
			Message: "the plan is missing: give it, as the planner's URL state, in the query parameter p",
			Field:   "p",
		})
		return
	}
	if len(state[0]) > MaxState {
		writeError(w, http.StatusBadRequest, &Error{
			Code:    "invalid_state",
			Message: fmt.Sprintf("the plan state in p is longer than the %d KiB limit", MaxState>>10),
			Field:   "p",
		})
		return
	}
	p, err := decodeState(state[0])
	if err != nil {
		if isPlanError(err) {
			writePlanError(w, err, "p")
			return
		}
		writeError(w, http.StatusBadRequest, &Error{
			Code:    "invalid_state",
			Message: "the plan state in p cannot be read: " + clip(strings.TrimPrefix(err.Error(), "urlstate: "), 200),
			Field:   "p",
		})
		return
	}
	res, err := h.formats.RunPlan(p, h.options(r, q, "ics"))
	if err != nil {
		writeRunError(w, err, "")
		return
	}
	// The feed depends only on p (and this program), so a calendar app or
	// a cache may keep it an hour.
	w.Header().Set("Content-Disposition", `inline; filename="commontext-plan.ics"`)
	writeBody(w, r, "text/calendar; charset=utf-8", "public, max-age=3600", res.Output)
}
