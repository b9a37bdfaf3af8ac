//go:build js && wasm

// Package workerbody carries request and response bodies between the
// Workers runtime and a Go http.Handler served by github.com/syumai/workers,
// without that module's stream adapters.
//
// syumai/workers v0.33.0 (and its main branch, as of 2026-11) waits on each
// JavaScript promise with a js.Func for "then" and one for "catch", and
// releases only the one that runs; it also never releases the "pull" and
// "cancel" functions of the ReadableStream it makes for a response without
// a Content-Length. Each js.Func left behind pins its Go closure and a slot
// in wasm_exec.js's table of values for the life of the program. The
// Worker keeps one Go program per isolate (cmd/worker/worker.mjs), so every
// planning request left about 16 values and 2.7 KB of Go heap behind, and
// each response without a Content-Length (errors, HEAD) its stream's
// 16 KB buffer too: after 10,000 planning requests the Go heap had grown
// from 2 to 28 MiB, and a mix of good and bad requests left 20 KB each
// (issue 12).
//
// Handler reads a request body through the stream's own reader, waiting on
// each read with a pair of functions that are both released, and hands the
// runtime the whole response body as one Uint8Array through syumai/workers'
// raw-body hook (the writer's WriteRawJSBody, which it uses to pass a
// fetched body through), so that none of the leaking paths runs. The API
// builds each body in memory anyway (it sets Content-Length), so nothing
// is lost by not streaming.
package workerbody

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall/js"
)

// rawBodyWriter is syumai/workers' response writer's hook: a body given
// as a JavaScript value becomes the Response's body as it is.
type rawBodyWriter interface {
	WriteRawJSBody(body js.Value)
}

// rawBodyGetter is syumai/workers' request body's hook: the request's
// ReadableStream, unread.
type rawBodyGetter interface {
	GetRawJSBody() js.Value
}

// Handler returns h with its request body read from the runtime's stream
// and its response body handed to the runtime whole. A request or writer
// that does not come from syumai/workers (a test's) passes through as it is.
func Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g, ok := r.Body.(rawBodyGetter); ok {
			r.Body = NewReader(g.GetRawJSBody())
		}
		raw, ok := w.(rawBodyWriter)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		b := &buffer{header: w.Header()}
		h.ServeHTTP(b, r)
		if b.status != 0 {
			w.WriteHeader(b.status)
		}
		raw.WriteRawJSBody(Bytes(b.body.Bytes()))
	})
}

// buffer is the http.ResponseWriter that Handler gives h: it keeps the
// status and the body, and shares the header map with the real writer.
type buffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffer) Header() http.Header { return b.header }

func (b *buffer) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *buffer) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// Bytes returns a new JavaScript Uint8Array holding a copy of p.
func Bytes(p []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(p))
	js.CopyBytesToJS(a, p)
	return a
}

// Reader reads a JavaScript ReadableStream of bytes.
type Reader struct {
	stream js.Value
	reader js.Value // the stream's default reader, once Read is called
	chunk  []byte   // what is left of the last chunk read
	err    error    // sticky: io.EOF at the end, or the stream's error
}

// NewReader returns a Reader of stream, which may be null or undefined
// (no body: Read returns io.EOF).
func NewReader(stream js.Value) *Reader {
	r := &Reader{stream: stream}
	if stream.IsNull() || stream.IsUndefined() {
		r.err = io.EOF
	}
	return r
}

// Read reads from the last chunk the stream gave, or waits for the next.
func (r *Reader) Read(p []byte) (int, error) {
	for len(r.chunk) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.next()
	}
	n := copy(p, r.chunk)
	r.chunk = r.chunk[n:]
	return n, nil
}

// next waits for the stream's next chunk.
func (r *Reader) next() {
	if r.reader.IsUndefined() {
		r.reader = r.stream.Call("getReader")
	}
	res, err := await(r.reader.Call("read"))
	switch {
	case err != nil:
		r.err = fmt.Errorf("reading the request body: %w", err)
	case res.Get("done").Bool():
		r.err = io.EOF
	default:
		v := res.Get("value")
		r.chunk = make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(r.chunk, v)
	}
}

// Close cancels the stream if it was not read to its end, so that the
// runtime stops receiving it.
func (r *Reader) Close() error {
	r.chunk = nil
	if r.err == nil {
		r.err = errors.New("read after Close")
		// The promise that cancel returns is left alone: it fulfils
		// once the stream is cancelled.
		if r.reader.IsUndefined() {
			r.stream.Call("cancel")
		} else {
			r.reader.Call("cancel")
		}
	}
	return nil
}

// await waits for promise to settle. Both of its handlers are released
// when it has: exactly one of them runs.
func await(promise js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	settled := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		settled <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		settled <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer catch.Release()
	promise.Call("then", then, catch)
	res := <-settled
	return res.v, res.err
}
