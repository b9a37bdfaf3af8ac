package status

import (
	"bytes"
	"os"
	"testing"
)

// FuzzBuild: any bytes as a plan file give one row, with a status or a
// problem, never a crash; every format writes it.
func FuzzBuild(f *testing.F) {
	for _, name := range []string{"is-ct-aap.json", "amendment-tap.json", "corrigendum.json", "tr-ci.json"} {
		b, err := os.ReadFile("../../examples/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "2026-09-01")
	}
	f.Add([]byte(`{"version": 1}`), "2026-01-01")
	f.Fuzz(func(t *testing.T, data []byte, asOf string) {
		day := d("2026-09-01")
		if parsed, err := parseDay(asOf); err == nil {
			day = parsed
		}
		prog := Build([]Input{{File: "f.json", Plan: data}}, day)
		if len(prog.Rows) != 1 {
			t.Fatalf("%d rows for one plan", len(prog.Rows))
		}
		r := prog.Rows[0]
		if r.Problem == "" && r.JTC1.Words == "" {
			t.Errorf("a row with neither a stage nor a problem: %+v", r)
		}
		var b bytes.Buffer
		for _, w := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return prog.Text(b) },
			func(b *bytes.Buffer) error { return prog.Markdown(b) },
			func(b *bytes.Buffer) error { return prog.CSV(b) },
		} {
			if err := w(&b); err != nil {
				t.Fatal(err)
			}
		}
	})
}
