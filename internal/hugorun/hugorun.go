// Package hugorun runs Hugo in-process, as a library, so that building the
// site needs no separate Hugo install.
//
// Hugo's command layer was written for a process of its own: it sets
// GOMAXPROCS, redirects the standard logger, writes to os.Stdout and
// os.Stderr directly and, when serving, waits for SIGINT or SIGTERM with
// signal handlers of its own. This package contains those effects so that
// the caller (a CLI, a test, a benchmark) keeps a predictable process:
//
//   - one Hugo run at a time (a mutex), and every process-wide value it
//     changes (the standard logger, GOMAXPROCS, os.Stdout and os.Stderr)
//     is swapped and restored inside that mutex;
//   - no signal handler of the caller is touched: Hugo's server is stopped
//     through its own handler when the caller's context ends, and while
//     Hugo runs the process holds a handler of its own, so that nothing
//     this package does can kill it with a signal;
//   - Hugo's error is returned with its chain intact, and a cancelled
//     context shows through errors.Is(err, context.Canceled).
//
// One effect cannot be undone: Hugo's server registers a signal channel
// that it never releases, so after Serve has run, SIGINT and SIGTERM no
// longer end the process by default. A program that serves ends when the
// server does, so this matters to no caller here.
package hugorun

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gohugoio/hugo/commands"
)

// mu serialises Hugo runs: Hugo's command layer keeps process-wide state,
// so two runs at once would fight over it.
var mu sync.Mutex

// Build runs a Hugo build (args as on Hugo's command line, without the
// program name) and keeps its console output to itself: the statistics
// table is dropped, and Hugo's ERROR and WARN lines are written to logw
// (they name the file and line of a broken template or page). Hugo writes
// to os.Stdout and os.Stderr directly, so they are swapped for a pipe while
// it runs; other goroutines' output to them in that time is dropped too.
//
// Hugo's build cannot be interrupted: ctx is checked before it starts.
func Build(ctx context.Context, args []string, logw io.Writer) error {
	mu.Lock()
	defer mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		r.Close()
		done <- b
	}()
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	err = execute(args)
	os.Stdout, os.Stderr = stdout, stderr
	w.Close()
	for _, line := range strings.Split(string(<-done), "\n") {
		if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "WARN") {
			fmt.Fprintln(logw, line)
		}
	}
	return err
}

// Serve runs Hugo's server (args as on Hugo's command line, "server"
// first) until ctx ends, and then returns ctx's error; or until the process
// receives SIGINT or SIGTERM, and then returns nil. Hugo's own output
// goes to the process's standard output, as Hugo's server would print it.
//
// Hugo's server stops only on a signal it has asked for itself, and only
// once its first build is done; so when ctx ends, Serve sends the process
// SIGINT, again every stopEvery until Hugo has returned. A handler held
// for the whole run keeps those signals (and a user's Ctrl+C) from ending
// the process whatever else is registered.
func Serve(ctx context.Context, args []string) error {
	mu.Lock()
	defer mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	hold := make(chan os.Signal, 1)
	signal.Notify(hold, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(hold)

	finished := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-finished:
			return
		case <-ctx.Done():
		}
		self, err := os.FindProcess(os.Getpid())
		if err != nil {
			return
		}
		t := time.NewTicker(stopEvery)
		defer t.Stop()
		for {
			self.Signal(os.Interrupt)
			select {
			case <-finished:
				return
			case <-t.C:
			}
		}
	}()
	err := execute(args)
	close(finished)
	<-stopped
	if ctxErr := ctx.Err(); ctxErr != nil {
		if err != nil {
			return fmt.Errorf("%w (%v)", ctxErr, err)
		}
		return ctxErr
	}
	return err // nil when Hugo stopped on a signal of its own
}

// stopEvery is how often Serve repeats the SIGINT that stops Hugo's server,
// for the case where Hugo was still building when ctx ended and had no
// handler yet to receive it.
const stopEvery = 100 * time.Millisecond

// execute runs Hugo's command line with mu held, restoring the standard
// logger and GOMAXPROCS, and turning a panic inside Hugo into an error
// rather than a stack trace.
func execute(args []string) (err error) {
	logOut, logFlags, logPrefix := log.Writer(), log.Flags(), log.Prefix()
	procs := runtime.GOMAXPROCS(0)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hugo panicked: %v", r)
		}
		log.SetOutput(logOut)
		log.SetFlags(logFlags)
		log.SetPrefix(logPrefix)
		runtime.GOMAXPROCS(procs)
	}()
	if err := commands.Execute(args); err != nil {
		return &Error{err: err}
	}
	return nil
}

// Error is Hugo's error, its message trimmed to what a reader needs (Hugo
// already names the file, line and template) and its chain kept.
type Error struct{ err error }

func (e *Error) Error() string {
	if msg := strings.TrimSpace(e.err.Error()); msg != "" {
		return msg
	}
	return "hugo failed without a message"
}

func (e *Error) Unwrap() error { return e.err }
