// Command worker is the planner API (package api) as a Cloudflare Worker.
//
// Built for js/wasm it runs under the Workers runtime through
// github.com/syumai/workers; `go run ./cmd/workerbuild` (or `make worker`)
// builds it with its JavaScript shim into build/worker/, which
// wrangler.toml names as the Worker. worker.mjs, in this folder, is the
// shim's entry point: it keeps one Go program per isolate. Static files are not its business:
// Workers Static Assets serve public/ and only /api/* reaches the Worker.
//
// Built natively it serves the same handler on a loopback port
// (-addr, default 127.0.0.1:8788), to try the API without wrangler.
package main
