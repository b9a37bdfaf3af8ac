// Command workerbuild builds the Cloudflare Worker (cmd/worker) and its
// JavaScript shim into a folder, build/worker/ by default, which
// wrangler.toml names as the Worker:
//
//	go run ./cmd/workerbuild [-o build/worker]
//	npx wrangler dev      # or: npx wrangler deploy
//
// It prints the size of the wasm, raw and gzipped: the free plan allows
// 3 MB gzipped for the whole Worker.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/commontext/commontext/internal/workerbuild"
)

func main() {
	out := flag.String("o", "build/worker", "output folder (its contents are replaced)")
	verbose := flag.Bool("v", false, "print the commands and their output")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opt := workerbuild.Options{Root: ".", Out: *out}
	if *verbose {
		opt.Log = os.Stderr
	}
	r, err := workerbuild.Build(ctx, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("workerbuild: wrote %s in %s with %s: app.wasm %s raw, %s gzip; whole Worker %s gzip (free-plan limit 3 MB)\n",
		r.Dir, r.Duration.Round(1e6), r.GoVersion, mb(r.WasmBytes), mb(r.WasmGzip), mb(r.BundleGzip))
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
