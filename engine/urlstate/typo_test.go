//go:build !js

package urlstate

import (
	"bytes"
	"testing"

	"github.com/commontext/commontext/engine/plan"
)

// TestTyposNeverOpenAnotherPlan: of all single-character typos of a link
// (each character replaced by each other character a link may hold),
// none opens a plan other than the link's (issue 23 point 3: with version
// 1, 617 of 15,269 typos of one link opened a different valid plan). A
// typo in the last character may change only unused bits, and open the
// same plan.
func TestTyposNeverOpenAnotherPlan(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	p := mustParseFile(t, "../../examples/is-ct-aap.json")
	p.Meetings.ITU, p.Meetings.JTC1, p.Meetings.CT = p.Meetings.ITU[:2], p.Meetings.JTC1[:2], p.Meetings.CT[:2]
	link, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := plan.Marshal(p)
	typos, opened, other := 0, 0, 0
	for i := len(Prefix); i < len(link); i++ {
		for _, c := range []byte(alphabet) {
			if c == link[i] {
				continue
			}
			typos++
			q, err := Decode(link[:i] + string(c) + link[i+1:])
			if err != nil {
				continue // opens nothing
			}
			opened++
			if got, _ := plan.Marshal(q); !bytes.Equal(got, want) {
				other++
			}
		}
	}
	t.Logf("%d typos of a link of %d characters: %d open the same plan, %d another", typos, len(link), opened-other, other)
	if other > 0 {
		t.Errorf("%d of %d typos open a different plan", other, typos)
	}
}
