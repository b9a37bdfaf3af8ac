package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/status"
)

const statusUsage = `Usage: commontext status [--as-of DATE] [--format text|markdown|csv|json] FILE|DIR...

Prints the programme of work of the plans in the files named and in the
folders named (their *.json files, in name order): one row per plan with
its stage now (on the JTC 1 side with its ISO/IEC harmonized stage code),
the next step and its date, the forecast publication, the slip against the
plan's baseline and the count of broken rules. A plan that cannot be read or
planned gets its row with the reason; the others are still reported.

Exit status: 0 when every plan is reported, 1 when a plan cannot be read or
planned (its row says why), 2 for bad flags or no plan file to read.

Flags:
`

// statusFormats are the formats of "status", by name.
var statusFormats = map[string]func(status.Programme, io.Writer) error{
	"text":     status.Programme.Text,
	"markdown": status.Programme.Markdown,
	"csv":      status.Programme.CSV,
	"json": func(p status.Programme, w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	},
}

// runStatus is the "status" command: the programme of work of a folder of
// plan files, for a secretariat to publish from CI.
func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "commontext status: internal error: %v\n", r)
			code = 70
		}
	}()
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, statusUsage)
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "output `format`: text, markdown, csv or json")
	asOfFlag := fs.String("as-of", "", "report as of this `DATE` (YYYY-MM-DD), replacing each plan's as_of (default: today, UTC)")
	names, code, ok := parseAnyOrder(fs, args)
	if !ok {
		return code
	}
	write, ok := statusFormats[*format]
	if !ok {
		safePrintf(stderr, "commontext status: --format: unknown format %q (want text, markdown, csv or json)\n", *format)
		return 2
	}
	now := time.Now().UTC()
	asOf := caldate.Of(now.Year(), now.Month(), now.Day())
	if *asOfFlag != "" {
		d, err := caldate.Parse(*asOfFlag)
		if err != nil {
			safePrintf(stderr, "commontext status: --as-of: %v\n", err)
			return 2
		}
		asOf = d
	}
	if len(names) == 0 {
		fmt.Fprint(stderr, "commontext status: want at least one plan file or folder\n")
		return 2
	}
	in, code := statusInputs(ctx, names, stderr)
	if code != 0 {
		return code
	}
	prog := status.Build(in, asOf)
	if err := write(prog, stdout); err != nil {
		fmt.Fprintf(stderr, "commontext status: %v\n", err)
		return 1
	}
	if n := prog.Problems(); n > 0 {
		fmt.Fprintf(stderr, "commontext status: %d of %d plan(s) could not be reported (see their rows)\n", n, len(prog.Rows))
		return 1
	}
	return 0
}

// statusInputs reads the files named and the *.json files of the folders
// named. A file that cannot be read becomes an input whose row says why;
// a name that is neither a file nor a folder, or folders with no plan
// file at all, exit 2.
func statusInputs(ctx context.Context, names []string, stderr io.Writer) ([]status.Input, int) {
	var files []string
	for _, n := range names {
		fi, err := os.Stat(n)
		if err != nil {
			safePrintf(stderr, "commontext status: %v\n", err)
			return nil, 2
		}
		if !fi.IsDir() {
			files = append(files, n)
			continue
		}
		m, err := filepath.Glob(filepath.Join(n, "*.json"))
		if err != nil {
			safePrintf(stderr, "commontext status: %s: %v\n", n, err)
			return nil, 2
		}
		slices.Sort(m)
		files = append(files, m...)
	}
	if len(files) == 0 {
		safePrintf(stderr, "commontext status: no plan file (*.json) in %s\n", strings.Join(names, " "))
		return nil, 2
	}
	in := make([]status.Input, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			fmt.Fprintf(stderr, "commontext status: %v\n", err)
			return nil, 1
		}
		data, err := statusRead(f)
		if err != nil {
			// An input that is no plan: its row gives the reason.
			data = nil
		}
		x := status.Input{File: filepath.ToSlash(f), Plan: data}
		if err != nil {
			x.Error = err.Error()
		}
		in = append(in, x)
	}
	return in, 0
}

// statusRead reads one plan file, refusing one larger than a plan may be
// before reading it.
func statusRead(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > plan.MaxSize {
		return nil, fmt.Errorf("the plan is larger than the %d KiB limit (the file is %d KiB)", plan.MaxSize>>10, fi.Size()>>10)
	}
	data, err := io.ReadAll(io.LimitReader(f, plan.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading it: %w", err)
	}
	return data, nil
}
