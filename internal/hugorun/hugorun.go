// Package hugorun runs Hugo in-process, as a library, so that building the
// site needs no separate Hugo install.
//
// Hugo's command layer was written for a process of its own: it sets
// GOMAXPROCS, redirects the standard logger and installs signal handlers.
// Run contains those effects, restoring what it can when Hugo returns, so
// that the caller (a CLI, a test, a benchmark) keeps a predictable process.
package hugorun

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/gohugoio/hugo/commands"
)

// mu serialises Hugo runs: Hugo's command layer keeps process-wide state
// (the standard logger, signal handlers), so two runs at once would fight.
var mu sync.Mutex

// Run executes Hugo with args (as on Hugo's command line, without the
// program name) and returns its error, if any, with Hugo's message intact.
// A panic inside Hugo is turned into an error rather than a stack trace.
func Run(args []string) (err error) {
	return run(args)
}

// Build runs a Hugo build and keeps its console output to itself: the
// statistics table is dropped, and Hugo's ERROR and WARN lines are written
// to log (they name the file and line of a broken template or page).
// Hugo writes to os.Stdout and os.Stderr directly, so they are swapped for
// a pipe while it runs.
func Build(args []string, log io.Writer) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	err = run(args)
	os.Stdout, os.Stderr = stdout, stderr
	w.Close()
	out := <-done
	r.Close()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "WARN") {
			fmt.Fprintln(log, line)
		}
	}
	return err
}

func run(args []string) (err error) {
	mu.Lock()
	defer mu.Unlock()

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
		signal.Reset(os.Interrupt, syscall.SIGTERM)
	}()
	if err := commands.Execute(args); err != nil {
		return cleanError(err)
	}
	return nil
}

// cleanError trims Hugo's error to the part a reader needs: Hugo already
// names the file, line and template, so no Go-level detail is added.
func cleanError(err error) error {
	msg := strings.TrimSpace(err.Error())
	if msg == "" {
		return errors.New("hugo failed without a message")
	}
	return errors.New(msg)
}
