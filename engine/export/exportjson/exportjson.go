// Package exportjson is the schedule's JSON format for the front door
// (engine/export), for the native callers only, the CLI and the API: it
// uses encoding/json, which the page's WebAssembly must not carry
// (engine/purity_test.go).
package exportjson

import (
	"encoding/json"
	"io"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/schedule"
)

// Name is the format's name in the registry.
const Name = "json"

// Format writes the schedule as indented JSON, every scenario unless
// asked otherwise.
func Format() export.Format {
	return export.Format{Write: write, ContentType: "application/json", AllByDefault: true}
}

// With returns the built-in formats and JSON.
func With() export.Formats {
	f := export.Builtin()
	f[Name] = Format()
	return f
}

func write(w io.Writer, s *schedule.Schedule, _ export.Context) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
