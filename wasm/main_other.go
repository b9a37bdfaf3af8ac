//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself when the bridge is built for anything but a
// browser; commontext build compiles it with GOOS=js GOARCH=wasm.
func main() {
	fmt.Fprintln(os.Stderr, "wasm: this is the planner's browser bridge; build it with GOOS=js GOARCH=wasm (commontext build does)")
	os.Exit(2)
}
