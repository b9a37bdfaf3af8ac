//go:build js && wasm

package main

import (
	"runtime"
	"syscall/js"

	"github.com/syumai/workers"

	"github.com/commontext/commontext/internal/api"
	"github.com/commontext/commontext/internal/workerbody"
)

// main hands the API to the Workers runtime and then waits forever: the
// entry point (worker.mjs, in this folder) keeps this one program for every
// request of the isolate instead of starting one per request, which is what
// workers.Serve expects (it returns after the first response). Since the
// program lives as long as the isolate, nothing a request does may stay
// behind: workerbody carries the bodies (see there for the leak it avoids).
func main() {
	workers.ServeNonBlock(workerbody.Handler(api.NewHandler(api.Options{})))
	js.Global().Get("context").Get("binding").Set("memory", js.FuncOf(memory))
	workers.Ready()
	select {}
}

// memory reports the Go program's memory after a garbage collection, for
// worker.mjs's diagnostics (served only when the Worker's variable
// COMMONTEXT_DIAGNOSTICS is "1": the Worker tests set it to show that
// requests leave nothing behind). The collection's finalizers, which free
// the JavaScript values that Go no longer holds, get to run before it
// returns, so that worker.mjs's count of those values is current too.
//
// It collects twice: one collection only moves what sync.Pools hold (the
// buffers of encoding/json and fmt, a few hundred KB after a large plan)
// to their victim caches, where the heap still counts them; the second
// frees them. Without it the heap after collection went up or down by one
// pooled buffer depending on when the runtime last collected on its own
// (TestWorkerLeavesNothingBehind failed once in a clean run by 255 KB).
func memory(js.Value, []js.Value) any {
	runtime.GC()
	runtime.GC()
	for range 3 {
		runtime.Gosched()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return map[string]any{
		"go_heap_alloc": m.HeapAlloc,
		"go_heap_sys":   m.HeapSys,
		"go_sys":        m.Sys,
		"go_gc_cycles":  m.NumGC,
		"goroutines":    runtime.NumGoroutine(),
	}
}
