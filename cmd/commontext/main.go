// Command commontext builds and serves the commontext site (the Guide for
// ITU-T and ISO/IEC JTC 1 cooperation, with its planner) and plans
// synchronized approvals from the command line.
//
// Usage:
//
//	commontext build [--baseURL URL] [--source DIR] [--dest DIR]
//	commontext serve [--port N] [--bind ADDR] [--source DIR]
//	commontext plan  [flags] [FILE|-]
//	commontext status [--as-of DATE] [--format FORMAT] FILE|DIR...
//
// Hugo runs inside this program; no separate Hugo install is needed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/commontext/commontext/internal/sitebuild"
)

const usage = `commontext: the Guide for ITU-T and ISO/IEC JTC 1 cooperation, as a site and a planner.

Usage:
  commontext build [--baseURL URL] [--source DIR] [--dest DIR]   write the site to public/
  commontext serve [--port N] [--bind ADDR] [--source DIR]       serve it with live reload
  commontext plan  [flags] [FILE|-]                              plan a synchronized approval
  commontext status [--as-of DATE] [--format F] FILE|DIR...      the programme of work of plan files

Run "commontext COMMAND -h" for a command's flags.
`

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "commontext: internal error: %v\n", r)
			code = 70
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve", "server":
		return runServe(ctx, args[1:], stdout, stderr)
	case "plan":
		return runPlan(ctx, args[1:], stdin, stdout, stderr)
	case "status":
		return runStatus(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "commontext: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o sitebuild.Options
	fs.StringVar(&o.Root, "source", ".", "the project's root (the folder with hugo.toml)")
	fs.StringVar(&o.Dest, "dest", "public", "output folder")
	fs.StringVar(&o.BaseURL, "baseURL", "", "base URL, e.g. https://example.org/guide/ for a sub-path")
	o.Log = stderr
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "commontext build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	r, err := sitebuild.Build(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "commontext build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "commontext build: wrote %d pages (%d files, %s) to %s in %s (Hugo %s)\n",
		r.Pages, r.Files, humanBytes(r.Bytes), r.Dest, r.Duration.Round(time.Millisecond), r.Hugo.Round(time.Millisecond))
	return 0
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o sitebuild.ServeOptions
	fs.StringVar(&o.Root, "source", ".", "the project's root (the folder with hugo.toml)")
	fs.StringVar(&o.Bind, "bind", "127.0.0.1", "address to listen on")
	fs.IntVar(&o.Port, "port", 1313, "port to listen on")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fmt.Fprintf(stdout, "commontext serve: building and serving on http://%s:%d/ (Ctrl+C stops)\n", o.Bind, o.Port)
	start := time.Now()
	if err := sitebuild.Serve(ctx, o); err != nil {
		fmt.Fprintf(stderr, "commontext serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "commontext serve: stopped after %s\n", time.Since(start).Round(time.Second))
	return 0
}

// parseAnyOrder parses flags that may come before, between or after the
// file names, as people type them: parse, set the first argument aside,
// and parse the rest. It returns the names, or ok false with the exit
// status (0 after -help, 2 for a bad flag).
func parseAnyOrder(fs *flag.FlagSet, args []string) (names []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			return names, 0, true
		}
		names = append(names, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
