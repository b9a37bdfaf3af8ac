package plan

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/jsontree"
	"github.com/commontext/commontext/engine/internal/uid"
	"github.com/commontext/commontext/engine/rules"
)

// maxProblems bounds the problems reported for one plan; past it the list
// ends with a count of the rest.
const maxProblems = 50

// BOM is the UTF-8 byte order mark that some editors put at the start of a
// file. Parse skips it; so does every reader of plans (the API judges the
// JSON syntax of a body before Parse sees it).
const BOM = "\xef\xbb\xbf"

// Decode reads a plan from r, at most MaxSize bytes, and validates it. On
// failure the error is an Errors listing every problem found with the path
// of its field, or a single Problem for input that is not JSON at all.
func Decode(r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, Errors{{Message: "Reading the plan failed: " + err.Error()}}
	}
	return Parse(data)
}

// Parse is Decode for a plan already in memory.
func Parse(data []byte) (*Plan, error) {
	p, _, err := parse(data, false)
	return p, err
}

// ParseTyped is Parse for the plan the page's form builds: a duration
// override may be written as a person types it ("6 weeks", "3 fortnights";
// see rules.ParseWords). It reports whether any override was not in the
// compact form, so that the page stores the plan as the engine gives it
// back (in the compact form the plan format, its schema and --set keep).
func ParseTyped(data []byte) (p *Plan, normalised bool, err error) {
	return parse(data, true)
}

func parse(data []byte, typed bool) (*Plan, bool, error) {
	if len(data) > MaxSize {
		return nil, false, Errors{{Message: fmt.Sprintf("The plan is larger than the %d KiB limit", MaxSize>>10)}}
	}
	data = bytes.TrimPrefix(data, []byte(BOM))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, false, Errors{{Message: fmt.Sprintf("The plan is not UTF-8 text (invalid byte 0x%02x at offset %d)", data[off], off)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, false, Errors{{Message: "The plan is empty"}}
	}
	root, err := jsontree.ParseMax(data, MaxValues)
	if err != nil {
		return nil, false, treeError(err)
	}
	d := decoder{typed: typed}
	p := d.plan(root)
	if root.Kind != jsontree.Object {
		return nil, false, d.errors() // nothing else to say about it
	}
	var v validator
	v.plan(p)
	// A field that could not be decoded has already been reported;
	// validation would only repeat it as "required".
	for _, vp := range v.probs {
		if !covered(d.probs, vp.Field) {
			d.probs = append(d.probs, vp)
		}
	}
	c := collector{probs: d.probs, more: d.more + v.more}
	if n := len(c.probs) - maxProblems; n > 0 {
		c.probs, c.more = c.probs[:maxProblems], c.more+n
	}
	if err := c.errors(); err != nil {
		return nil, false, err
	}
	return p, d.normalised, nil
}

// treeError says what is wrong with a plan the JSON reader refused, in
// words: only a plan that is not JSON at all is called "not valid JSON"
// (issue 23: a plan nested 33 deep, or with a key twice, was).
func treeError(err error) error {
	e, ok := err.(*jsontree.Error)
	if !ok {
		return Errors{{Message: "The plan could not be read: " + err.Error()}}
	}
	switch e.Kind {
	case jsontree.TooDeep:
		return Errors{{Field: topField(e.Path), Message: fmt.Sprintf(
			"The plan nests arrays and objects more than %d levels deep (at %s); a plan needs 5 at most",
			jsontree.MaxDepth, clipWhere(e))}}
	case jsontree.DuplicateKey:
		field := join(e.Path, e.Key)
		in := "The plan"
		if e.Path != "" {
			in = Words(e.Path)
			if strings.HasPrefix(in, `"`) {
				in = "The object at " + in
			} else {
				in = strings.ToUpper(in[:1]) + in[1:]
			}
		}
		return Errors{{Field: field, Message: fmt.Sprintf(
			"%s has the field %q twice (the second at line %d, column %d); keep one", in, clip(e.Key, 40), e.Line, e.Col)}}
	case jsontree.TooManyValues:
		return Errors{{Message: fmt.Sprintf(
			"The plan holds more than %d values (at %s); a plan with %d meetings in each calendar holds fewer, so this is not a plan",
			MaxValues, clipWhere(e), MaxMeetings)}}
	}
	return Errors{{Message: "The plan is not valid JSON: " + e.Error()}}
}

// clipWhere is e.Where() with a long path clipped (a path 33 levels deep
// is 33 segments long).
func clipWhere(e *jsontree.Error) string {
	w := e.Where()
	if len(w) > 120 {
		return clip(w, 120)
	}
	return w
}

// topField is the plan's field at the top of a path ("title" of
// "title[0][3]").
func topField(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// isOne reports whether a JSON number's text is equal to 1 in value
// (1, 1.0, 1e0, 10e-1, 0.1e1): JSON Schema's "const": 1 compares numbers by
// value, and the decoder accepts what the schema accepts. It compares the
// digits exactly; a float would call 1.0000000000000000001 one.
func isOne(num string) bool {
	if strings.HasPrefix(num, "-") {
		return false
	}
	mant, exp, _ := strings.Cut(strings.ToLower(num), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(ip+fp, "0")
	// value = digits × 10^(e - len(fp)); trailing zeros of digits raise e.
	trimmed := strings.TrimRight(digits, "0")
	shift := len(digits) - len(trimmed) - len(fp)
	if trimmed != "1" {
		return false
	}
	if exp == "" {
		return shift == 0
	}
	e, err := strconv.Atoi(exp)
	return err == nil && e+shift == 0
}

// wholeNumber reads a JSON number's text as a whole number up to 10
// digits when its value is one (7, 7.0, 7e0, 70e-1), as JSON Schema's
// "integer" does, comparing the digits exactly.
func wholeNumber(num string) (int, bool) {
	neg := strings.HasPrefix(num, "-")
	mant, exp, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(num, "-")), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(ip+fp, "0")
	trimmed := strings.TrimRight(digits, "0")
	shift := len(digits) - len(trimmed) - len(fp)
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > 20 || e < -20 {
			return 0, trimmed == ""
		}
		shift += e
	}
	if trimmed == "" {
		return 0, true
	}
	if shift < 0 || len(trimmed)+shift > 10 {
		return 0, false
	}
	n, err := strconv.Atoi(trimmed + strings.Repeat("0", shift))
	if neg {
		n = -n
	}
	return n, err == nil
}

// covered reports whether a problem at path, or at a field inside or
// around it, is already in probs.
func covered(probs Errors, path string) bool {
	for _, p := range probs {
		if p.Field == path || strings.HasPrefix(path, p.Field+".") || strings.HasPrefix(path, p.Field+"[") ||
			strings.HasPrefix(p.Field, path+".") || strings.HasPrefix(p.Field, path+"[") {
			return true
		}
	}
	return false
}

type decoder struct {
	collector
	typed      bool // durations as typed on the page (ParseTyped)
	normalised bool // a typed duration was not in the compact form
}

// join appends a key to a path, quoting keys that are not plain names.
func join(path, key string) string {
	plain := key != ""
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			plain = false
			break
		}
	}
	if !plain {
		return path + "[" + strconv.Quote(clip(key, 40)) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// object checks that n is an object with no keys but the allowed ones.
// The allowed keys are few (at most a dozen), so checking each key against
// them is linear in the object's size.
func (d *decoder) object(n *jsontree.Node, path string, allowed ...string) bool {
	if n.Kind != jsontree.Object {
		d.add(path, "%s must be an object, not %s", Words(path), describe(n))
		return false
	}
	for _, k := range n.Keys {
		if !slices.Contains(allowed, k) && !d.skip() {
			d.add(join(path, k), "%s has no field %q (use %s)", Words(path), clip(k, 40), strings.Join(allowed, ", "))
		}
	}
	return true
}

// isObject checks that n is an object whose keys are free (pins, overrides).
func (d *decoder) isObject(n *jsontree.Node, path string) bool {
	if n.Kind != jsontree.Object {
		d.add(path, "%s must be an object, not %s", Words(path), describe(n))
		return false
	}
	return true
}

func describe(n *jsontree.Node) string {
	switch n.Kind {
	case jsontree.String:
		return "string " + strconv.Quote(clip(n.Str, 40))
	case jsontree.Number:
		return "number " + clip(n.Str, 40)
	case jsontree.Bool:
		return "boolean " + strconv.FormatBool(n.Bool)
	}
	return n.Kind.String()
}

func (d *decoder) str(n *jsontree.Node, path string) string {
	if n.Kind != jsontree.String {
		d.add(path, "%s must be a string, not %s", Words(path), describe(n))
		return ""
	}
	return n.Str
}

func (d *decoder) date(n *jsontree.Node, path string) caldate.Date {
	if n.Kind != jsontree.String {
		d.add(path, `%s must be a date string "YYYY-MM-DD", not %s`, Words(path), describe(n))
		return caldate.Date{}
	}
	v, err := caldate.Parse(n.Str)
	if err != nil {
		d.add(path, "%s, %q, is not a date: %s", Words(path), clip(n.Str, 40), err.(*caldate.ParseError).Msg)
		return caldate.Date{}
	}
	return v
}

func (d *decoder) plan(n *jsontree.Node) *Plan {
	p := &Plan{}
	if !d.object(n, "", "version", "id", "title", "short_name", "deliverable", "itu_process", "mode", "start", "target", "as_of", "rules", "pins", "actuals", "baseline", "revision", "meetings") {
		return p
	}
	if v := n.Get("version"); v == nil {
		d.add("version", "the version is missing (this program reads version %d)", Version)
	} else if v.Kind != jsontree.Number {
		d.add("version", "the version must be the number %d, not %s", Version, describe(v))
	} else if !isOne(v.Str) {
		d.add("version", "version %s is not supported (this program reads version %d)", clip(v.Str, 20), Version)
	} else {
		p.Version = Version
	}
	if v := n.Get("id"); v != nil {
		s := d.str(v, "id")
		if s != "" {
			id, err := uid.Parse(s)
			if err != nil || len(s) != 36 {
				d.add("id", "the plan's id %q is not a UUID like 7d444840-9dc0-11d1-b245-5ffdce74fad2", clip(s, 40))
			} else {
				p.ID = id
			}
		}
	}
	if v := n.Get("title"); v != nil {
		p.Title = d.str(v, "title")
	}
	if v := n.Get("short_name"); v != nil {
		p.ShortName = d.str(v, "short_name")
	}
	if v := n.Get("deliverable"); v != nil {
		p.Deliverable = Deliverable(d.str(v, "deliverable"))
	}
	if v := n.Get("itu_process"); v != nil {
		p.Process = Process(d.str(v, "itu_process"))
	}
	if v := n.Get("mode"); v != nil {
		p.Mode = Mode(d.str(v, "mode"))
	}
	if v := n.Get("start"); v != nil && d.object(v, "start", "stage", "date") {
		if s := v.Get("stage"); s != nil {
			p.Start.Stage = Stage(d.str(s, "start.stage"))
		}
		if s := v.Get("date"); s != nil {
			p.Start.Date = d.date(s, "start.date")
		}
	}
	if v := n.Get("target"); v != nil {
		p.Target = d.date(v, "target")
	}
	if v := n.Get("as_of"); v != nil {
		p.AsOf = d.date(v, "as_of")
	}
	if v := n.Get("rules"); v != nil && d.object(v, "rules", "set", "overrides") {
		if s := v.Get("set"); s != nil {
			p.Rules.Set = d.str(s, "rules.set")
		}
		if o := v.Get("overrides"); o != nil && d.isObject(o, "rules.overrides") {
			if len(o.Keys) > MaxOverrides {
				d.add("rules.overrides", "the plan overrides %d rules; at most %d are allowed", len(o.Keys), MaxOverrides)
			} else {
				p.Rules.Overrides = make(map[string]rules.Duration, len(o.Keys))
				for i, k := range o.Keys {
					path := join("rules.overrides", k)
					s := d.str(o.Arr[i], path)
					if o.Arr[i].Kind != jsontree.String {
						continue
					}
					if strings.TrimSpace(s) == "" {
						d.add(path, "%s: the override is empty (give a duration such as 12w, or remove it)", StepName(k))
						continue
					}
					parse := rules.ParseDuration
					if d.typed {
						parse = rules.ParseWords
					}
					dur, err := parse(s)
					if err != nil {
						d.add(path, "%s: %v", StepName(k), err)
						continue
					}
					d.normalised = d.normalised || dur.String() != s
					p.Rules.Overrides[k] = dur
				}
			}
		}
	}
	if v := n.Get("pins"); v != nil && d.object(v, "pins", "meetings", "dates") {
		if m := v.Get("meetings"); m != nil && d.isObject(m, "pins.meetings") {
			p.Pins.Meetings = make(map[string]string, len(m.Keys))
			for i, k := range m.Keys {
				p.Pins.Meetings[k] = d.str(m.Arr[i], join("pins.meetings", k))
			}
		}
		if m := v.Get("dates"); m != nil && d.isObject(m, "pins.dates") {
			p.Pins.Dates = make(map[string]caldate.Date, len(m.Keys))
			for i, k := range m.Keys {
				p.Pins.Dates[k] = d.date(m.Arr[i], join("pins.dates", k))
			}
		}
	}
	if v := n.Get("actuals"); v != nil && d.object(v, "actuals", "meetings", "dates") {
		if m := v.Get("meetings"); m != nil && d.isObject(m, "actuals.meetings") {
			p.Actuals.Meetings = make(map[string]string, len(m.Keys))
			for i, k := range m.Keys {
				p.Actuals.Meetings[k] = d.str(m.Arr[i], join("actuals.meetings", k))
			}
		}
		if m := v.Get("dates"); m != nil && d.isObject(m, "actuals.dates") {
			p.Actuals.Dates = make(map[string]Actual, len(m.Keys))
			for i, k := range m.Keys {
				path := join("actuals.dates", k)
				var a Actual
				if an := m.Arr[i]; d.object(an, path, "start", "end") {
					if s := an.Get("start"); s != nil {
						a.Start = d.date(s, path+".start")
					}
					if s := an.Get("end"); s != nil {
						a.End = d.date(s, path+".end")
					}
				}
				p.Actuals.Dates[k] = a
			}
		}
	}
	if v := n.Get("baseline"); v != nil && d.object(v, "baseline", "set", "scenario", "milestones") {
		b := &Baseline{}
		if s := v.Get("set"); s != nil {
			b.Set = d.date(s, "baseline.set")
		}
		if s := v.Get("scenario"); s != nil {
			b.Scenario = d.str(s, "baseline.scenario")
		}
		if m := v.Get("milestones"); m != nil && d.isObject(m, "baseline.milestones") {
			if len(m.Keys) > MaxMilestones {
				d.add("baseline.milestones", "the baseline has %d milestones; at most %d are allowed", len(m.Keys), MaxMilestones)
			} else {
				b.Milestones = make(map[string]caldate.Date, len(m.Keys))
				for i, k := range m.Keys {
					b.Milestones[k] = d.date(m.Arr[i], join("baseline.milestones", k))
				}
			}
		}
		p.Baseline = b
	}
	if v := n.Get("revision"); v != nil {
		if v.Kind != jsontree.Number {
			d.add("revision", "the revision must be a whole number, not %s", describe(v))
		} else if r, ok := wholeNumber(v.Str); !ok || r < 0 || r > MaxRevision {
			d.add("revision", "the revision %s is not a whole number from 0 to %d", clip(v.Str, 20), MaxRevision)
		} else {
			p.Revision = r
		}
	}
	if v := n.Get("meetings"); v != nil && d.object(v, "meetings", string(CalendarITU), string(CalendarJTC1), string(CalendarCT)) {
		p.Meetings.ITU = d.meetings(v, CalendarITU)
		p.Meetings.JTC1 = d.meetings(v, CalendarJTC1)
		p.Meetings.CT = d.meetings(v, CalendarCT)
	}
	return p
}

// meetings decodes the calendar group of the plan's "meetings" object.
func (d *decoder) meetings(calendars *jsontree.Node, group Calendar) []Meeting {
	n, path := calendars.Get(string(group)), "meetings."+string(group)
	if n == nil {
		return nil
	}
	if n.Kind != jsontree.Array {
		d.add(path, "%s must be an array of meetings, not %s", Words(path), describe(n))
		return nil
	}
	if len(n.Arr) > MaxMeetings {
		d.add(path, "%s has %d meetings; at most %d are allowed", Words(path), len(n.Arr), MaxMeetings)
		return nil
	}
	ms := make([]Meeting, 0, len(n.Arr))
	for i, mn := range n.Arr {
		mp := index(path, i)
		var m Meeting
		if !d.object(mn, mp, "id", "body", "kind", "start", "end", "place") {
			ms = append(ms, m) // keep the indices of later meetings right
			continue
		}
		if v := mn.Get("id"); v != nil {
			m.ID = d.str(v, mp+".id")
		}
		if v := mn.Get("body"); v != nil {
			m.Body = d.str(v, mp+".body")
		}
		if v := mn.Get("kind"); v != nil {
			m.Kind = d.str(v, mp+".kind")
		} else if group == CalendarCT {
			m.Kind = KindCT
		}
		if v := mn.Get("start"); v != nil {
			m.Start = d.date(v, mp+".start")
		}
		if v := mn.Get("end"); v != nil {
			m.End = d.date(v, mp+".end")
		}
		if v := mn.Get("place"); v != nil {
			m.Place = d.str(v, mp+".place")
		}
		if m.ID == "" && mn.Get("id") == nil && !m.Start.IsZero() {
			// A meeting without an id is named by its calendar and first
			// day, which stays put when other meetings are added.
			m.ID = string(group) + "-" + m.Start.String()
		}
		ms = append(ms, m)
	}
	return ms
}
