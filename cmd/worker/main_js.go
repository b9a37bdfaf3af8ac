//go:build js && wasm

package main

import (
	"github.com/syumai/workers"

	"github.com/commontext/commontext/api"
)

// main hands the API to the Workers runtime. The JavaScript shim
// (worker.mjs) starts a fresh Go instance for each request, so nothing here
// may rely on state surviving between requests.
func main() {
	workers.Serve(api.NewHandler(api.Options{}))
}
