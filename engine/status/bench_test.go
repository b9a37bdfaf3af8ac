package status

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkProgramme200 is the time to build the programme of work of 200
// plans (the examples that plan from 2026, over and over) as the command
// line does: read, plan and report each (make bench prints it).
func BenchmarkProgramme200(b *testing.B) {
	var files [][]byte
	for _, f := range []string{"is-ct-aap.json", "amendment-tap.json", "amendment-tap-ci.json", "tr-ci.json", "corrigendum.json", "corrigendum-ci.json", "figure-5a-tap.json", "figure-5b-aap.json"} {
		data, err := os.ReadFile(filepath.Join("../../examples", f))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	in := make([]Input, 200)
	for i := range in {
		in[i] = Input{File: "plan.json", Plan: files[i%len(files)]}
	}
	b.ReportAllocs()
	for b.Loop() {
		if p := Build(in, d("2026-01-05")); p.Problems() != 0 {
			b.Fatalf("%d problems", p.Problems())
		}
	}
}
