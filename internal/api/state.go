package api

import (
	"errors"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/urlstate"
)

// decodeState reads the planner's URL state (the p parameter), as the
// planner page writes it into its links. urlstate bounds the work a hostile
// state can cause (length, inflated size, strict JSON).
func decodeState(s string) (*plan.Plan, error) { return urlstate.Decode(s) }

// isPlanError reports whether a decodeState error is about the plan that
// the state holds (a 422 with each problem) rather than the state itself
// being cut short, damaged or foreign (a 400).
func isPlanError(err error) bool {
	var probs plan.Errors
	return errors.As(err, &probs)
}
