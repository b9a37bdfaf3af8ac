package workertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/gorilla/websocket"
)

// heapUsage is the V8 heap of the Worker's isolate (the Chrome DevTools
// Protocol's Runtime.getHeapUsage), in bytes: the JavaScript heap and,
// in backing storage, the ArrayBuffers outside it.
type heapUsage struct {
	Used    float64 `json:"usedSize"`
	Total   float64 `json:"totalSize"`
	Backing float64 `json:"backingStorageSize"`
}

// isolateHeap asks the Worker's inspector (wrangler's --inspector-port,
// which proxies workerd's) for the isolate's heap. It is what Cloudflare's
// per-isolate memory limit counts, with the WebAssembly memory, unlike
// workerd's resident size, which holds the whole local runtime.
func (s *server) isolateHeap(ctx context.Context) (heapUsage, error) {
	var h heapUsage
	req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("http://127.0.0.1:%d/json", s.inspector), nil)
	if err != nil {
		return h, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return h, fmt.Errorf("inspector targets: %w", err)
	}
	defer resp.Body.Close()
	var targets []struct {
		URL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&targets); err != nil || len(targets) == 0 {
		return h, fmt.Errorf("inspector targets: %v (%d targets)", err, len(targets))
	}
	// wrangler's inspector proxy wants an Origin from a client that sends
	// a User-Agent (Go's does), and accepts localhost's.
	conn, hr, err := websocket.DefaultDialer.DialContext(ctx, targets[0].URL, http.Header{"Origin": {"http://localhost"}})
	if err != nil {
		if hr != nil {
			b, _ := io.ReadAll(hr.Body)
			return h, fmt.Errorf("inspector: %w (%s: %s %v)", err, hr.Status, b, hr.Header)
		}
		return h, fmt.Errorf("inspector: %w", err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetReadDeadline(d)
	}
	if err := conn.WriteJSON(map[string]any{"id": 1, "method": "Runtime.getHeapUsage"}); err != nil {
		return h, fmt.Errorf("inspector: %w", err)
	}
	for { // events may come first
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := conn.ReadJSON(&msg); err != nil {
			return h, fmt.Errorf("inspector: %w", err)
		}
		if msg.ID != 1 {
			continue
		}
		if msg.Error != nil {
			return h, fmt.Errorf("inspector: Runtime.getHeapUsage: %s", msg.Error.Message)
		}
		return h, json.Unmarshal(msg.Result, &h)
	}
}
