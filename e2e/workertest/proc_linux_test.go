package workertest

import (
	"os"
	"syscall"
)

// procAttr puts wrangler in a process group of its own, which its workerd
// child joins, so that killGroup reaches both; and kills wrangler if the
// test binary dies first (a go test timeout, say).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// terminate asks wrangler alone to stop: it then stops and reaps workerd.
func terminate(p *os.Process) { p.Signal(syscall.SIGTERM) }

// killGroup kills whatever is left of wrangler's process group. An error
// only means that nothing is left.
func killGroup(p *os.Process) { syscall.Kill(-p.Pid, syscall.SIGKILL) }
