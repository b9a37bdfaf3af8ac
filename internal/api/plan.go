package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/engine/schedule"
)

// servePlan serves POST /api/v1/plan: a plan file in the body, its schedule
// out, as `commontext plan --format json` writes it. The query may carry
// the command's options: scenario, target and ruleset.
func (h *handler) servePlan(w http.ResponseWriter, r *http.Request) {
	if !jsonContentType(w, r) {
		return
	}
	q, ok := query(w, r, "scenario", "target", "ruleset")
	if !ok {
		return
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	body = bytes.TrimPrefix(body, []byte(plan.BOM)) // as the CLI and the page accept
	if e := syntaxError(body); e != nil {
		writeError(w, http.StatusBadRequest, e)
		return
	}
	p, err := plan.Parse(body)
	if err != nil {
		writePlanError(w, err, "")
		return
	}
	s, ok := h.runEngine(w, p, q, false)
	if !ok {
		return
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(fmt.Errorf("encoding the schedule: %w", err)) // a bug: recoverPanic logs it
	}
	writeBody(w, r, "application/json", "no-store", append(out, '\n'))
}

// jsonContentType rejects a body declared as something that cannot be a
// plan, such as a multipart form, with 415. No Content-Type, JSON, and the
// types that curl and fetch send by default for a plain body (text/plain,
// application/x-www-form-urlencoded) are let through: the body itself is
// then judged.
func jsonContentType(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		switch {
		case mt == "application/json", strings.HasSuffix(mt, "+json"),
			mt == "text/plain", mt == "application/x-www-form-urlencoded":
			return true
		}
	}
	writeError(w, http.StatusUnsupportedMediaType, &Error{
		Code:    "unsupported_media_type",
		Message: fmt.Sprintf("Content-Type %q is not JSON; send the plan as application/json", clip(ct, 60)),
		Field:   "Content-Type",
	})
	return false
}

// readBody reads the whole body, at most h.maxBody bytes; on failure it has
// written the error response.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	tooLarge := &Error{
		Code:    "body_too_large",
		Message: fmt.Sprintf("the request body is larger than the %d KiB limit", h.maxBody>>10),
	}
	if r.ContentLength > h.maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, tooLarge)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, tooLarge)
		} else {
			writeError(w, http.StatusBadRequest, &Error{
				Code:    "bad_body",
				Message: "reading the request body: " + err.Error(),
			})
		}
		return nil, false
	}
	return body, true
}

// syntaxError returns a 400 error body when body is not one well-formed
// JSON value in UTF-8, nil when it is. Anything that parses is the plan
// decoder's to judge, and its faults are 422s with their field.
func syntaxError(body []byte) *Error {
	e := &Error{Code: "malformed_json"}
	switch {
	case len(strings.TrimSpace(string(body))) == 0:
		e.Message = "the request body is empty; send a plan as JSON"
	case !utf8.Valid(body):
		e.Message = "the request body is not UTF-8 text"
	case !json.Valid(body):
		var v any
		err := json.Unmarshal(body, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			e.Message = fmt.Sprintf("the request body is not valid JSON: %v (at byte %d)", se, se.Offset)
		} else {
			e.Message = "the request body is not valid JSON"
		}
	default:
		return nil
	}
	return e
}

// query checks the query string: each parameter at most once and none but
// the known ones, so that a typo is an error rather than silently ignored.
func query(w http.ResponseWriter, r *http.Request, known ...string) (url.Values, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, &Error{
			Code:    "bad_query",
			Message: "the query string is not valid: " + err.Error(),
		})
		return nil, false
	}
	for name, vs := range q {
		isKnown := false
		for _, k := range known {
			isKnown = isKnown || name == k
		}
		switch {
		case !isKnown:
			writeError(w, http.StatusBadRequest, &Error{
				Code:    "unknown_parameter",
				Message: fmt.Sprintf("unknown query parameter %q (known: %s)", clip(name, 40), strings.Join(known, ", ")),
				Field:   clip(name, 40),
			})
			return nil, false
		case len(vs) > 1:
			writeError(w, http.StatusBadRequest, &Error{
				Code:    "repeated_parameter",
				Message: fmt.Sprintf("query parameter %q is given %d times; give it once", name, len(vs)),
				Field:   name,
			})
			return nil, false
		}
	}
	return q, true
}

// runEngine plans p as `commontext plan` does, with the options of the
// query (scenario, target, ruleset). Without a scenario in the query the
// schedule keeps every scenario, or only the first (the best case) if
// firstOnly. On failure it has written the
// error response: 400 for a bad option, 422 for a plan that is wrong or
// cannot be scheduled.
func (h *handler) runEngine(w http.ResponseWriter, p *plan.Plan, q url.Values, firstOnly bool) (*schedule.Schedule, bool) {
	var opt schedule.Options
	if v := q.Get("ruleset"); v != "" {
		if _, err := rules.Load(v); err != nil {
			writeError(w, http.StatusBadRequest, &Error{
				Code:    "bad_parameter",
				Message: fmt.Sprintf("unknown rule set %q (want one of %s)", clip(v, 40), strings.Join(rules.Names(), ", ")),
				Field:   "ruleset",
			})
			return nil, false
		}
		opt.RuleSet = v
	}
	if v := q.Get("target"); v != "" {
		t, err := caldate.Parse(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, &Error{
				Code:    "bad_parameter",
				Message: fmt.Sprintf("target %q is not a date YYYY-MM-DD: %v", clip(v, 40), err),
				Field:   "target",
			})
			return nil, false
		}
		opt.Target = t
	}
	if p.ID == uuid.Nil {
		// A plan saved without an id gets one derived from its content,
		// so that the same plan always gives the same output and the same
		// event UIDs (the CLI makes a random one and asks for it to be
		// saved; a request has nowhere to save it).
		b, err := plan.MarshalCompact(p)
		if err != nil {
			panic(fmt.Errorf("encoding the plan: %w", err))
		}
		p.ID = uuid.NewSHA1(contentNamespace, b)
	}
	list := schedule.AllScenarios
	if v, ok := q["scenario"]; ok {
		list = v[0]
	} else if firstOnly {
		list = string(schedule.ScenarioBest)
	}
	ids, err := schedule.ParseScenarios(list)
	if err == nil {
		opt.Scenarios = ids
		var s *schedule.Schedule
		if s, err = h.planFn(p, opt); err == nil {
			return s, true
		}
	}
	var ue *schedule.UnknownScenarioError
	if errors.As(err, &ue) {
		writeError(w, http.StatusBadRequest, &Error{Code: "bad_parameter", Message: err.Error(), Field: "scenario"})
		return nil, false
	}
	writePlanError(w, err, "")
	return nil, false
}

// contentNamespace is the UUID namespace of plan IDs derived from a plan's
// content. Changing it changes the event UIDs of every such plan.
var contentNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:commontext:plan-content"))

// writePlanError writes an error from the plan decoder or the engine: the
// plan is well-formed but wrong (422), with each problem and its field.
// param names the query parameter the plan came from ("" for the body).
func writePlanError(w http.ResponseWriter, err error, param string) {
	var probs plan.Errors
	var pe *schedule.PlanningError
	switch {
	case errors.As(err, &probs):
		e := &Error{Code: "invalid_plan", Field: param, Problems: probs}
		if len(probs) == 1 {
			e.Message = "the plan is not valid: " + probs[0].Message
			if param == "" {
				e.Field = probs[0].Field
			}
		} else {
			e.Message = fmt.Sprintf("the plan is not valid: %d problems", len(probs))
		}
		writeError(w, http.StatusUnprocessableEntity, e)
	case errors.As(err, &pe):
		writeError(w, http.StatusUnprocessableEntity, &Error{
			Code:    "unschedulable",
			Message: "the plan cannot be scheduled with its calendars: " + pe.Msg,
			Field:   param,
		})
	default:
		panic(fmt.Errorf("planning: %w", err)) // not a fault of the plan: logged as a bug
	}
}
