// Package sitebuild builds and serves the commontext site: it prepares the
// generated assets Hugo needs (the planner's WebAssembly, the figures, the
// clause index), runs Hugo in-process, and finishes the output for static
// hosts (compressed copies, cached by content so that a build with no Go
// change spends its time in Hugo).
package sitebuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/commontext/commontext/internal/hugorun"
)

// Options says what to build and where.
type Options struct {
	// Root is the project's root: the folder with hugo.toml.
	Root string
	// Dest is the output folder, relative to Root unless absolute.
	// Empty means "public".
	Dest string
	// BaseURL overrides hugo.toml's baseURL, e.g.
	// "https://example.org/guide/" for a sub-path deployment.
	BaseURL string
	// Log receives Hugo's errors and warnings (os.Stderr when nil).
	Log io.Writer
}

// Result reports what a build did.
type Result struct {
	Dest     string        // absolute output folder
	Pages    int           // HTML files written
	Files    int           // all files written
	Bytes    int64         // total size of the output
	Duration time.Duration // wall time of the whole build
	Hugo     time.Duration // of which Hugo's own build
}

func (o Options) dest() string {
	d := o.Dest
	if d == "" {
		d = "public"
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(o.Root, d)
	}
	return d
}

// CheckRoot reports whether root looks like the project's root.
func CheckRoot(root string) error {
	if _, err := os.Stat(filepath.Join(root, "hugo.toml")); err != nil {
		abs, _ := filepath.Abs(root)
		return fmt.Errorf("no hugo.toml in %s: run commontext from the project's root or pass --source", abs)
	}
	return nil
}

// Build writes the whole site to o.Dest.
func Build(ctx context.Context, o Options) (Result, error) {
	start := time.Now()
	if err := CheckRoot(o.Root); err != nil {
		return Result{}, err
	}
	if err := prepare(ctx, o.Root); err != nil {
		return Result{}, err
	}
	dest := o.dest()
	config, err := configArg(o.Root)
	if err != nil {
		return Result{}, err
	}
	args := []string{"build", "--source", o.Root, "--config", config, "--destination", dest,
		"--cleanDestinationDir", "--minify"}
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	hugoStart := time.Now()
	logw := o.Log
	if logw == nil {
		logw = os.Stderr
	}
	if err := hugorun.Build(ctx, args, logw); err != nil {
		return Result{}, err
	}
	r := Result{Dest: dest, Hugo: time.Since(hugoStart)}
	if err := finish(o.Root, dest); err != nil {
		return Result{}, err
	}
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		r.Files++
		r.Bytes += info.Size()
		if strings.HasSuffix(p, ".html") {
			r.Pages++
		}
		return nil
	})
	r.Duration = time.Since(start)
	return r, err
}

// ServeOptions says how to serve the site during editing.
type ServeOptions struct {
	Root string
	Bind string // address to bind, default 127.0.0.1
	Port int    // default 1313
	// Log receives the messages of the planner's rebuilds (os.Stderr when
	// nil); Hugo's server prints to the standard output.
	Log io.Writer
}

// ErrPortInUse is returned (wrapped, with the address) by Serve when the
// port to serve on is taken.
var ErrPortInUse = errors.New("is in use: choose another with --port N (make serve PORT=N)")

// Serve builds the site and serves it with live reload until ctx ends,
// and then returns nil. Hugo renders to memory, so that serving writes
// nothing to public/ (a deploy of public/ never mixes development pages,
// with their live-reload script, with the compressed copies of a build),
// and watches content/, layouts/, static/, assets/ and data/.
func Serve(ctx context.Context, o ServeOptions) error {
	if err := CheckRoot(o.Root); err != nil {
		return err
	}
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = 1313
	}
	// Hugo would say so only after building, and in several lines.
	addr := net.JoinHostPort(o.Bind, strconv.Itoa(o.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d on %s %w", o.Port, o.Bind, ErrPortInUse)
		}
		return fmt.Errorf("cannot serve on %s: %w", addr, err)
	}
	ln.Close()
	logw := o.Log
	if logw == nil {
		logw = os.Stderr
	}
	if err := prepare(ctx, o.Root); err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while building the planner
		}
		return err
	}
	stop := watchGenerated(ctx, o.Root, func(f string, a ...any) { fmt.Fprintf(logw, f+"\n", a...) })
	defer stop()
	config, err := configArg(o.Root)
	if err != nil {
		return err
	}
	args := []string{"server", "--source", o.Root, "--config", config, "--bind", o.Bind,
		"--port", strconv.Itoa(o.Port), "--disableFastRender", "--renderToMemory"}
	err = hugorun.Serve(ctx, args)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
