//go:build !linux

package workertest

import (
	"errors"
	"os"
	"syscall"
)

// procAttr: outside Linux, wrangler runs in the test's process group.
func procAttr() *syscall.SysProcAttr { return nil }

// terminate asks wrangler to stop: it then stops workerd.
func terminate(p *os.Process) { p.Signal(os.Interrupt) }

// killGroup kills wrangler; outside Linux its workerd child is left to
// exit when wrangler's pipes close.
func killGroup(p *os.Process) { p.Kill() }

// workerRSS is not measured outside Linux.
func workerRSS(p *os.Process) (int64, error) {
	return 0, errors.New("the Worker's memory is measured on Linux only")
}
