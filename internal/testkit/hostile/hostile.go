// Package hostile makes worst-case inputs of a chosen size for the
// decoders (plan JSON, URL state, iCalendar, API bodies) and measures how a
// decoder's cost grows with its input. Tests use it to show that each
// decoder is linear, as a ratio of two sizes measured in one run (never a
// wall-clock threshold); benchmarks use it to time the largest input each
// decoder accepts.
//
// Each generator targets a cost that was once quadratic or could become
// so: an object with many distinct keys (duplicate-key checks), a long
// string of escapes, deep nesting repeated, an iCalendar line folded into
// thousands of pieces.
package hostile

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

// A Shape makes a hostile input of about n bytes.
type Shape struct {
	Name string
	Make func(n int) []byte
}

// PlanShapes are worst-case plan files: each is well-formed JSON (so that
// the decoder does all its work) but a bad plan.
var PlanShapes = []Shape{
	{"distinct keys at the top", func(n int) []byte {
		return object(`{"version": 1, `, n, func(i int) string { return fmt.Sprintf(`"k%07d": 0`, i) })
	}},
	{"distinct date pins", func(n int) []byte {
		return object(`{"version": 1, "pins": {"dates": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": "2026-01-01"`, i) })
	}},
	{"distinct meeting pins", func(n int) []byte {
		return object(`{"version": 1, "pins": {"meetings": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": "m"`, i) })
	}},
	{"distinct actual dates", func(n int) []byte {
		return object(`{"version": 1, "actuals": {"dates": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": {"start": "2026-01-01"}`, i) })
	}},
	{"distinct actual meetings", func(n int) []byte {
		return object(`{"version": 1, "actuals": {"meetings": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": "m"`, i) })
	}},
	{"distinct baseline milestones", func(n int) []byte {
		return object(`{"version": 1, "baseline": {"set": "2026-01-01", "scenario": "best", "milestones": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": "2026-01-01"`, i) })
	}},
	{"distinct overrides", func(n int) []byte {
		return object(`{"version": 1, "rules": {"overrides": {`, n, func(i int) string { return fmt.Sprintf(`"k%07d": ""`, i) })
	}},
	{"unknown meeting fields", func(n int) []byte {
		return object(`{"version": 1, "meetings": {"itu": [{`, n, func(i int) string { return fmt.Sprintf(`"k%07d": 0`, i) })
	}},
	{"escaped title", func(n int) []byte {
		var b bytes.Buffer
		b.WriteString(`{"version": 1, "title": "`)
		for b.Len() < n-4 {
			b.WriteString(`\u00e9`)
		}
		b.WriteString(`"}`)
		return b.Bytes()
	}},
	// issue 23: valid JSON of many tiny values, half a million in 1 MiB,
	// each of which once cost a 96-byte node (83 MB for 1 MiB of zeros).
	{"zeros in an array", func(n int) []byte {
		return object(`{"version": 1, "title": [`, n, func(int) string { return "0" })
	}},
	{"empty objects in an array", func(n int) []byte {
		return object(`{"version": 1, "title": [`, n, func(int) string { return "{}" })
	}},
	{"deep nesting, repeated", func(n int) []byte {
		unit := strings.Repeat("[", 30) + strings.Repeat("]", 30)
		var b bytes.Buffer
		b.WriteString(`{"version": 1, "title": [`)
		for b.Len() < n-len(unit)-4 {
			b.WriteString(unit)
			b.WriteByte(',')
		}
		b.WriteString(`0]}`)
		return b.Bytes()
	}},
}

// object writes head, then items up to about n bytes, separated by commas,
// then closes every brace and bracket that head opened.
func object(head string, n int, item func(int) string) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	closing := closers(head)
	for i := 0; ; i++ {
		it := item(i)
		if b.Len()+len(it)+len(closing)+2 > n {
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it)
	}
	b.WriteString(closing)
	return b.Bytes()
}

// closers returns the brackets that close the ones open in s.
func closers(s string) string {
	var open []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '[':
			open = append(open, s[i])
		case '}', ']':
			open = open[:len(open)-1]
		}
	}
	var b []byte
	for _, c := range slices.Backward(open) {
		b = append(b, map[byte]byte{'{': '}', '[': ']'}[c])
	}
	return string(b)
}

// ICSShapes are worst-case iCalendar files.
var ICSShapes = []Shape{
	{"one line folded thousands of times", func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:")
		for b.Len() < n-60 {
			b.WriteString("\r\n xxxxxxxx")
		}
		b.WriteString("\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
		return b.Bytes()
	}},
	{"escapes in a summary", func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:")
		for b.Len() < n-60 {
			b.WriteString(`\,\n`)
		}
		b.WriteString("\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
		return b.Bytes()
	}},
	// issue 23: a string and an int were kept for each blank line (130 MB
	// for 1 MiB).
	{"blank lines", func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("BEGIN:VCALENDAR\r\n")
		for b.Len() < n-20 {
			b.WriteString("\r\n")
		}
		b.WriteString("END:VCALENDAR\r\n")
		return b.Bytes()
	}},
	{"many properties outside events", func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("BEGIN:VCALENDAR\r\n")
		for b.Len() < n-20 {
			b.WriteString("X-A;P=\"a:b\":c\r\n")
		}
		b.WriteString("END:VCALENDAR\r\n")
		return b.Bytes()
	}},
}

// Link returns the URL state ("p1." and base64url of DEFLATE) of the
// largest input made by shape whose link fits in maxLink bytes and whose
// JSON is at most maxJSON bytes, and that JSON's size.
func Link(shape Shape, maxLink, maxJSON int) (string, int) {
	lo, hi := 64, maxJSON
	best, size := encodeLink(shape.Make(lo)), lo
	for lo <= hi && hi-lo > lo/64 {
		mid := (lo + hi) / 2
		s := encodeLink(shape.Make(mid))
		if len(s) <= maxLink {
			best, size, lo = s, mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best, size
}

func encodeLink(js []byte) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(js)
	zw.Close()
	return "p1." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// Growth returns how much faster than its input f's cost grows: it runs f
// k times on size n and once on size k×n, and divides the CPU time of the
// latter by the former's. That is about 1 for a linear cost and about k for
// a quadratic one. Both sides do the same work if f is linear, so they last
// about as long; each is the fastest of a few tries, and CPU time rather
// than wall time is measured, so other processes' load does not skew it.
//
// The collector is off while f runs (each try starts from a collected
// heap): the k small runs stay under the heap's first goal and never
// collect, while the large one would, so its time would count collections
// the small side never paid for — a ratio of 2.8 to 6.5 for a linear
// parser, run to run (TestParseLinear failed at 4.63 in a clean CI run).
// What the collector costs follows from what is allocated, which
// AllocGrowth measures exactly.
func Growth(f func(n int), n, k int) float64 {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	small := fastest(func() {
		for range k {
			f(n)
		}
	})
	large := fastest(func() { f(k * n) })
	return float64(large) / float64(small)
}

// Bench runs f b.N times and reports, beside the wall time, the CPU time
// per run (cpu-ms/op), which other processes' load does not inflate: the
// figure to compare with the 100 ms target on a shared machine.
func Bench(b *testing.B, f func()) {
	start := cpuTime()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// Allocated returns the bytes f allocates on the heap, the least of three
// runs. Allocation is deterministic where time is not, so tests may assert
// on it: that it grows linearly with the input (a ratio of two sizes), and
// that it stays within a bound per input byte.
func Allocated(f func()) uint64 {
	best := uint64(1<<64 - 1)
	for range 3 {
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		f()
		runtime.ReadMemStats(&b)
		best = min(best, b.TotalAlloc-a.TotalAlloc)
	}
	return best
}

// AllocGrowth returns how much faster than its input a decoder's
// allocation grows: prepare(n) makes an input of size n (not counted) and
// returns the call that decodes it; the result is the bytes allocated on
// size k×n over k times those on size n. 1 is linear; below 1, a decoder
// that stopped early. It also returns the bytes allocated per input byte
// at size k×n, as counted by prepare's second result.
func AllocGrowth(prepare func(n int) (decode func(), inputBytes int), n, k int) (growth, perByte float64) {
	f, _ := prepare(n)
	small := Allocated(f)
	f, in := prepare(k * n)
	large := Allocated(f)
	return float64(large) / float64(k) / float64(max(small, 1)), float64(large) / float64(in)
}

// BenchAlloc is Bench that also reports the bytes allocated per input
// byte (alloc-B/in-B), the figure of issue 23's "small multiple of the
// input".
func BenchAlloc(b *testing.B, inputBytes int, f func()) {
	b.ReportAllocs()
	Bench(b, f)
	// After the loop: b.Loop resets the metrics reported before it.
	b.ReportMetric(float64(Allocated(f))/float64(inputBytes), "alloc-B/in-B")
}

func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		runtime.GC()
		start := cpuTime()
		f()
		best = min(best, cpuTime()-start)
	}
	return max(best, time.Microsecond)
}
