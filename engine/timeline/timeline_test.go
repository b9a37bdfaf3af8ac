package timeline

import (
	"encoding/xml"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

func example(t *testing.T, name string) *schedule.Schedule {
	t.Helper()
	b, err := os.ReadFile("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSVG: every example's every scenario draws as well-formed SVG with a
// title and a description that gives each step's real dates, and a row
// per step.
func TestSVG(t *testing.T) {
	for _, name := range []string{"is-ct-aap.json", "amendment-tap.json", "tr-ci.json", "corrigendum.json"} {
		s := example(t, name)
		for _, sc := range s.Scenarios {
			if sc.Error != "" {
				continue
			}
			svg, err := SVG(s, Options{Scenario: sc.ID, IDPrefix: "x-", Today: sc.Steps[0].Start.AddDays(10), Deadlines: true})
			if err != nil {
				t.Fatalf("%s/%s: %v", name, sc.ID, err)
			}
			var doc struct {
				XMLName xml.Name `xml:"svg"`
				Role    string   `xml:"role,attr"`
				Title   struct {
					ID   string `xml:"id,attr"`
					Text string `xml:",chardata"`
				} `xml:"title"`
				Desc struct {
					ID   string `xml:"id,attr"`
					Text string `xml:",chardata"`
				} `xml:"desc"`
			}
			if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
				t.Fatalf("%s/%s: SVG does not parse: %v", name, sc.ID, err)
			}
			if doc.Role != "img" || doc.Title.ID != "x-tl-title" || doc.Desc.ID != "x-tl-desc" || doc.Title.Text == "" {
				t.Errorf("%s/%s: role %q title %q/%q desc id %q", name, sc.ID, doc.Role, doc.Title.ID, doc.Title.Text, doc.Desc.ID)
			}
			rows := 0
			for _, st := range sc.Steps {
				if st.Kind == schedule.KindDeadline {
					continue
				}
				rows++
				want := st.Label + " " + st.Start.String()
				if st.End != st.Start {
					want = st.Label + " " + st.Start.String() + " to " + st.End.String()
				}
				if !strings.Contains(doc.Desc.Text, want) {
					t.Errorf("%s/%s: description lacks %q", name, sc.ID, want)
				}
			}
			if got := strings.Count(svg, `class="tl-label" x="14"`); got != rows {
				t.Errorf("%s/%s: %d step rows, want %d", name, sc.ID, got, rows)
			}
			// No date label runs off the drawing (13 px text is about 7.5
			// units a character).
			for _, m := range dateLabel.FindAllStringSubmatch(svg, -1) {
				x, _ := strconv.ParseFloat(m[1], 64)
				w := 7.5 * float64(len([]rune(m[3])))
				if m[2] == "start" && x+w > width || m[2] == "end" && x-w < labelW {
					t.Errorf("%s/%s: date label %q at x=%s (%s) is cut off", name, sc.ID, m[3], m[1], m[2])
				}
			}
			if !strings.Contains(svg, `class="tl-today"`) {
				t.Errorf("%s/%s: today not marked", name, sc.ID)
			}
			if strings.Contains(svg, "style=") || strings.Contains(svg, "<style") {
				t.Errorf("%s/%s: inline style in a drawing meant for the site", name, sc.ID)
			}
		}
	}
}

func TestSVGErrors(t *testing.T) {
	s := example(t, "is-ct-aap.json")
	if _, err := SVG(s, Options{Scenario: "nope"}); err == nil {
		t.Error("unknown scenario: no error")
	}
	if _, err := SVG(&schedule.Schedule{}, Options{}); err == nil {
		t.Error("empty schedule: no error")
	}
	// Today outside the drawn period is not drawn.
	svg, err := SVG(s, Options{Today: caldate.MustParse("1999-01-01")})
	if err != nil || strings.Contains(svg, "tl-today") {
		t.Errorf("today 1999: err %v, marked %v", err, strings.Contains(svg, "tl-today"))
	}
}

func BenchmarkSVG(b *testing.B) {
	t := &testing.T{}
	s := example(t, "is-ct-aap.json")
	for i := 0; i < b.N; i++ {
		if _, err := SVG(s, Options{Deadlines: true}); err != nil {
			b.Fatal(err)
		}
	}
}

var dateLabel = regexp.MustCompile(`<text class="tl-date" x="([0-9.]+)" y="[0-9.]+" text-anchor="(start|end)">([^<]*)</text>`)
