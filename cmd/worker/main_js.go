//go:build js && wasm

package main

import (
	"github.com/syumai/workers"

	"github.com/commontext/commontext/internal/api"
)

// main hands the API to the Workers runtime and then waits forever: the
// entry point (worker.mjs, in this folder) keeps this one program for every
// request of the isolate instead of starting one per request, which is what
// workers.Serve expects (it returns after the first response).
func main() {
	workers.ServeNonBlock(api.NewHandler(api.Options{}))
	workers.Ready()
	select {}
}
