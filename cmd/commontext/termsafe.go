package main

import (
	"io"

	"github.com/commontext/commontext/engine/export"
)

// termSafe writes s as a terminal shows it, never acts on it: the
// engine's export.Printable, which the text format uses too.
func termSafe(s string) string { return export.Printable(s) }

// safePrintf is fmt.Fprintf with every text argument passed through
// termSafe (export.Printf).
func safePrintf(w io.Writer, format string, args ...any) { export.Printf(w, format, args...) }
