package export

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// writeText writes the schedule as a table for a terminal: every
// scenario's publication, then the steps of the selected scenarios. Every
// text from the plan passes through Printable.
func writeText(w io.Writer, s *schedule.Schedule, c Context) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	title := s.Title
	if title == "" {
		title = "(untitled plan)"
	}
	Printf(tw, "%s\n", title)
	stages := s.Names.CD + " → " + s.Names.DIS
	if s.Names.FDIS != "" {
		stages += " → " + s.Names.FDIS
	}
	if s.Deliverable == plan.Corrigendum {
		stages = "Technical Corrigendum (DCOR)"
	}
	Printf(tw, "%s by %s, ITU-T %s; plan %s\n", stages, modeName(s.Mode), strings.ToUpper(string(s.Process)), s.PlanID)
	if s.Direction == "backward" {
		Printf(tw, "Planned backward from publication by %s, starting at %s\n", s.Target, s.Names.Stage(s.Start.Stage))
	} else {
		Printf(tw, "Planned forward from %s on %s\n", s.Names.Stage(s.Start.Stage), s.Start.Date)
	}
	Printf(tw, "Rules: %s — %s\n", s.Rules.Set, s.Rules.Title)
	for _, o := range s.Rules.Overrides {
		Printf(tw, "  override %s = %s (guide: %s; from %s)\n", o.Rule, o.Value, o.Guide, o.Source)
	}
	fmt.Fprintln(tw)
	if s.Direction == "backward" {
		fmt.Fprintln(tw, "SCENARIO\tPUBLICATION\tLATEST START\tREACHABLE\tDESCRIPTION")
	} else {
		fmt.Fprintln(tw, "SCENARIO\tPUBLICATION\tDESCRIPTION")
	}
	for _, sc := range s.Scenarios {
		pub := sc.Publication.String()
		if sc.Error != "" && pub == "" {
			pub = "—"
		}
		if s.Direction == "backward" {
			reach := "no"
			if sc.Reachable != nil && *sc.Reachable {
				reach = "yes"
			}
			latest := sc.LatestStart.String()
			if latest == "" {
				latest = "—"
			}
			Printf(tw, "%s\t%s\t%s\t%s\t%s\n", sc.ID, pub, latest, reach, sc.Label)
		} else {
			Printf(tw, "%s\t%s\t%s\n", sc.ID, pub, sc.Label)
		}
	}
	for _, sc := range s.Scenarios {
		if len(c.Scenarios) > 0 && !slices.Contains(c.Scenarios, sc.ID) {
			continue
		}
		Printf(tw, "\n%s: %s\n%s\n", sc.ID, sc.Label, sc.Description)
		if sc.Error != "" {
			Printf(tw, "  ! %s\n", sc.Error)
		}
		if sc.Slip != nil {
			Printf(tw, "Since the baseline: %s\n", sc.Slip.Reason)
		}
		if len(sc.Steps) == 0 {
			continue
		}
		fmt.Fprintln(tw, "\nSTART\tEND\tSIDE\tBODY\tSTEP\tCLAUSE")
		for _, st := range sc.Steps {
			end := st.End.String()
			if st.End == st.Start {
				end = ""
			}
			label := st.Label
			if st.Pinned {
				label += " [pinned]"
			}
			if st.Status != "" {
				label += " [" + st.Status + "]"
			}
			if !st.Baseline.IsZero() && st.Slip != 0 {
				label += " (" + schedule.Days(st.Slip) + " on the baseline)"
			}
			if st.Kind == schedule.KindDeadline {
				label = "deadline: " + label
			}
			Printf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", st.Start, end, schedule.SideName(st.Side), st.Body, label, st.Clause)
		}
		for _, f := range sc.Flags {
			Printf(tw, "  flag (%s): %s\n", f.Clause, f.Message)
		}
		for _, v := range sc.Violations {
			sev := v.Severity
			if v.History {
				sev += " in what happened"
			}
			Printf(tw, "  %s [%s, %s]: %s\n", sev, v.Rule, v.Clause, v.Message)
		}
	}
	return tw.Flush()
}

func modeName(m plan.Mode) string {
	if m == plan.CollaborativeInterchange {
		return "Collaborative Interchange"
	}
	return "Collaborative Team"
}

// Printable returns s with every character that a terminal would act on
// rather than show written as an escape: control characters (NUL, BEL, ESC
// and its sequences, CR, LF, tab, DEL, C1) as \xHH; the invisible
// formatting characters, among them the bidirectional overrides such as
// U+202E that reorder what follows, and the line and paragraph separators
// U+2028 and U+2029, which some terminals break lines at, as \uHHHH. A
// backslash is doubled, so that an escape in the output always stands for
// the character and the text "\x1b" prints as "\\x1b". A plan's title,
// places and bodies come from a file that may come from anyone; printed
// raw, they could rewrite the terminal's screen or disguise the text
// around them.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || unprintable(r) }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x100 && unprintable(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unprintable(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unprintable reports whether a terminal would act on r: a control
// character (Cc), an invisible format character (Cf: bidi controls,
// zero-width joiners, the byte order mark…), a line or paragraph separator
// (Zl, Zp), or an invalid byte.
func unprintable(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError
}

// Printf is fmt.Fprintf with every string argument, and every value
// printed through its Error or String method, passed through Printable:
// the format supplies the layout (tabs, newlines), the arguments only text.
func Printf(w io.Writer, format string, args ...any) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			args[i] = Printable(v)
		case error:
			args[i] = Printable(v.Error())
		case fmt.Stringer:
			args[i] = Printable(v.String())
		}
	}
	fmt.Fprintf(w, format, args...)
}
