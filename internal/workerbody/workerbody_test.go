//go:build js && wasm

package workerbody

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"syscall/js"
	"testing"
)

// stream returns a ReadableStream of p made by the JavaScript runtime
// (Node's, under go_js_wasm_exec): a Blob's, which comes in chunks of at
// most 64 KiB.
func stream(p []byte) js.Value {
	return js.Global().Get("Blob").New([]any{Bytes(p)}).Call("stream")
}

// jsFunc compiles a JavaScript function.
func jsFunc(params, body string) js.Value {
	return js.Global().Get("Function").New(params, body)
}

func TestReader(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 200_000/16) // several chunks
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"empty", nil},
		{"one byte", []byte("x")},
		{"a plan", []byte(`{"title":"Rec. ITU-T X.1 | ISO/IEC 1"}`)},
		{"several chunks", big},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := io.ReadAll(NewReader(stream(tc.body)))
			if err != nil || !bytes.Equal(got, tc.body) {
				t.Errorf("read %d bytes, %v; want the %d bytes written", len(got), err, len(tc.body))
			}
		})
	}
	for _, v := range []js.Value{js.Null(), js.Undefined()} {
		if got, err := io.ReadAll(NewReader(v)); err != nil || len(got) != 0 {
			t.Errorf("no body (%s): %q, %v", v.Type(), got, err)
		}
	}
}

// TestReaderError: a stream that fails gives its error, with what it was
// reading, and keeps giving it.
func TestReaderError(t *testing.T) {
	failing := js.Global().Get("ReadableStream").New(map[string]any{
		"start": jsFunc("c", `c.error(new Error("connection reset"))`),
	})
	r := NewReader(failing)
	for range 2 {
		_, err := r.Read(make([]byte, 8))
		if err == nil || !strings.Contains(err.Error(), "reading the request body") || !strings.Contains(err.Error(), "connection reset") {
			t.Errorf("Read: %v", err)
		}
	}
}

// TestReaderClose: closing a body not read to its end cancels its stream,
// so the runtime stops receiving it; reading on is an error.
func TestReaderClose(t *testing.T) {
	for _, readFirst := range []bool{false, true} {
		cancelled := js.Global().Get("Object").New()
		s := js.Global().Get("ReadableStream").New(map[string]any{
			"pull":   jsFunc("c", `c.enqueue(new Uint8Array(1024))`),
			"cancel": jsFunc("", `this.cancelled = true`).Call("bind", cancelled),
		})
		r := NewReader(s)
		if readFirst {
			if _, err := r.Read(make([]byte, 10)); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		if !cancelled.Get("cancelled").Truthy() {
			t.Errorf("read first %v: Close did not cancel the stream", readFirst)
		}
		if _, err := r.Read(make([]byte, 10)); err == nil {
			t.Errorf("read first %v: Read after Close succeeded", readFirst)
		}
	}
	r := NewReader(stream([]byte("all")))
	io.ReadAll(r)
	if err := r.Close(); err != nil {
		t.Errorf("Close after the end: %v", err)
	}
}

// rawWriter stands for syumai/workers' response writer: its raw-body hook
// and its header map.
type rawWriter struct {
	header http.Header
	status int
	raw    js.Value
	wrote  bool // Write was called: the stream path, which leaks
}

func (w *rawWriter) Header() http.Header         { return w.header }
func (w *rawWriter) WriteHeader(code int)        { w.status = code }
func (w *rawWriter) Write(p []byte) (int, error) { w.wrote = true; return len(p), nil }
func (w *rawWriter) WriteRawJSBody(body js.Value) {
	w.raw = body
}

// rawBody stands for syumai/workers' request body: its hook gives the
// stream.
type rawBody struct {
	io.ReadCloser
	stream js.Value
}

func (b rawBody) GetRawJSBody() js.Value { return b.stream }

// TestHandler: the handler reads the request body from the stream and its
// response goes to the runtime whole, as one Uint8Array, with its status
// and headers; nothing goes through Write.
func TestHandler(t *testing.T) {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("got "))
		w.Write(b)
	})
	for _, tc := range []struct {
		name, body, want string
		status           int
	}{
		{"a body", "plan", "got plan", http.StatusCreated},
		{"no body", "", "got ", http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &rawWriter{header: http.Header{}}
			r, _ := http.NewRequest("POST", "https://commontext.test/api/v1/plan", nil)
			r.Body = rawBody{ReadCloser: io.NopCloser(strings.NewReader("not this")), stream: stream([]byte(tc.body))}
			Handler(echo).ServeHTTP(w, r)
			if w.wrote || w.raw.IsUndefined() {
				t.Fatalf("the body went through Write (%v), not the raw hook", w.wrote)
			}
			got := make([]byte, w.raw.Get("byteLength").Int())
			js.CopyBytesToGo(got, w.raw)
			if string(got) != tc.want || w.status != tc.status || w.header.Get("Content-Type") != "text/plain" {
				t.Errorf("%d %q %q, want %d %q text/plain", w.status, w.header.Get("Content-Type"), got, tc.status, tc.want)
			}
		})
	}
}

// TestHandlerElsewhere: outside the Workers runtime (a writer without the
// hook, a body without a stream) the handler is h as it is.
func TestHandlerElsewhere(t *testing.T) {
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(bytes.ToUpper(b))
	}))
	w := &plainWriter{header: http.Header{}}
	r, _ := http.NewRequest("POST", "https://commontext.test/", strings.NewReader("plan"))
	h.ServeHTTP(w, r)
	if w.body.String() != "PLAN" {
		t.Errorf("body %q", w.body.String())
	}
}

type plainWriter struct {
	header http.Header
	body   bytes.Buffer
}

func (w *plainWriter) Header() http.Header         { return w.header }
func (w *plainWriter) WriteHeader(int)             {}
func (w *plainWriter) Write(p []byte) (int, error) { return w.body.Write(p) }
