package main

import (
	"io"

	"github.com/commontext/commontext/engine/export"
)

// safePrintf is fmt.Fprintf with every text argument written as a
// terminal shows it, never acts on it: the engine's export.Printf, which
// the text format uses too (export.Printable says what is escaped).
func safePrintf(w io.Writer, format string, args ...any) { export.Printf(w, format, args...) }
