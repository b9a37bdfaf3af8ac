//go:build !unix

package hostile

import "time"

var start = time.Now()

// cpuTime is the time since the program started, where the CPU time is not
// available.
func cpuTime() time.Duration { return time.Since(start) }
