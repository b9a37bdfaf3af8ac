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

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/export/exportjson"
	"github.com/commontext/commontext/engine/plan"
)

// servePlan serves POST /api/v1/plan: a plan file in the body, its schedule
// out, as `commontext plan --format json` writes it (or, with format=csv or
// format=ics, as the CLI writes those). The query may carry the command's
// options: scenario, target, ruleset and format.
func (h *handler) servePlan(w http.ResponseWriter, r *http.Request) {
	if !jsonContentType(w, r) {
		return
	}
	q, ok := query(w, r, "scenario", "target", "ruleset", "format")
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
	o := h.options(r, q, exportjson.Name)
	res, err := h.formats.Run(body, o)
	if err != nil {
		writeRunError(w, err, "")
		return
	}
	writeBody(w, r, res.ContentType, "no-store", res.Output)
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

// options are the front door's options from the query: scenario, target,
// ruleset and format (format when the query has none). A plan without an
// id gets one derived from its content, so that the same plan always gives
// the same output and the same event UIDs (the CLI makes a random one and
// asks for it to be saved; a request has nowhere to save it). Calendar
// events link to the plan on the planner of the request's origin.
func (h *handler) options(r *http.Request, q url.Values, format string) export.Options {
	if v := q.Get("format"); v != "" {
		format = v
	}
	return export.Options{
		Format:    format,
		RuleSet:   q.Get("ruleset"),
		Target:    q.Get("target"),
		Scenarios: q.Get("scenario"),
		IDs:       export.ContentID,
		Planner:   planner(r),
		Now:       h.now(),
		Engine:    h.planFn,
	}
}

// planner is the planner page's address at the request's origin, or "" if
// the request does not say a usable one.
func planner(r *http.Request) string {
	scheme, host := r.URL.Scheme, r.URL.Host
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	if host == "" {
		host = r.Host
	}
	if host == "" {
		return ""
	}
	a, ok := export.Address(export.PlannerAt(scheme + "://" + host))
	if !ok {
		return ""
	}
	return a
}

// writeRunError writes an error of the front door: 400 for a bad option,
// naming the parameter; 422 for a plan that is wrong or cannot be
// scheduled. param names the query parameter the plan came from ("" for
// the body). Any other error is a bug, logged as a panic.
func writeRunError(w http.ResponseWriter, err error, param string) {
	var e *export.Error
	if !errors.As(err, &e) {
		panic(fmt.Errorf("planning: %w", err))
	}
	switch e.Fault {
	case export.BadOption:
		p := e.Problems[0]
		writeError(w, http.StatusBadRequest, &Error{Code: "bad_parameter", Message: clip(p.Message, 300), Field: p.Field})
	case export.Unschedulable:
		writeError(w, http.StatusUnprocessableEntity, &Error{
			Code:    "unschedulable",
			Message: "the plan cannot be scheduled with its calendars: " + e.Problems[0].Message,
			Field:   param,
		})
	default:
		writePlanError(w, plan.Errors(e.Problems), param)
	}
}

// writePlanError writes the problems of a plan that is well-formed but
// wrong (422), each with its field. param names the query parameter the
// plan came from ("" for the body).
func writePlanError(w http.ResponseWriter, err error, param string) {
	var probs plan.Errors
	if !errors.As(err, &probs) {
		panic(fmt.Errorf("planning: %w", err)) // not a fault of the plan: logged as a bug
	}
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
}
