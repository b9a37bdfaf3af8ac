// The engine (Go compiled to WebAssembly) runs in a worker
// (planner-worker.js); this module is the page's side of it. Calls are
// answered in order; a call that runs long can be cancelled, which ends
// the worker and starts a new one (the browser keeps the compiled
// WebAssembly in its code cache); a worker whose Go runtime stopped, or
// whose memory grew past memoryLimit, is replaced the same way.

// memoryLimit is the WebAssembly memory past which a worker is replaced
// once it is idle: Go's heap never shrinks, and a big plan leaves it large.
const memoryLimit = 64 << 20;

// Cancelled is the error of a call ended by cancel or by a restart.
export class Cancelled extends Error {}

// startEngine starts the worker; urls are {worker, exec, wasm}, and
// onRestart(why) is told when the worker was replaced because it stopped.
// It returns the engine once it is ready: {call, raw, cancel, busy}.
export async function startEngine(urls, onRestart) {
  const st = { urls, onRestart, worker: null, ready: null, pending: new Map(), seq: 0, since: 0 };
  spawn(st);
  await st.ready;
  return {
    // call runs an engine function and parses its JSON answer; an
    // {"error"} answer (including a recovered panic) becomes an exception.
    call: async (name, ...args) => {
      const out = JSON.parse(await raw(st, name, args));
      if (out && out.error) throw new Error(out.error);
      return out;
    },
    raw: (name, ...args) => raw(st, name, args),
    cancel: () => restart(st, new Cancelled('cancelled')),
    // busy is how long (ms) the oldest call in flight has run, or 0.
    busy: () => (st.pending.size ? performance.now() - st.since : 0),
  };
}

function spawn(st) {
  const w = new Worker(st.urls.worker, { type: 'module' });
  st.worker = w;
  st.ready = new Promise((resolve, reject) => {
    w.onmessage = (e) => {
      const m = e.data;
      if (m.ready) resolve();
      else if (m.failed) reject(new Error(m.failed));
      else if (m.exited) {
        restart(st, new Error('the planner’s engine stopped'));
        st.onRestart('The planner’s engine stopped on an internal error and was restarted; your plan is as it was. Please report it.');
      } else answer(st, m);
    };
    w.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the engine’s worker failed'));
    };
  });
  st.ready.catch(() => {});
  w.postMessage({ exec: new URL(st.urls.exec, location.href).href, wasm: new URL(st.urls.wasm, location.href).href });
}

function answer(st, m) {
  const p = st.pending.get(m.id);
  if (!p) return;
  st.pending.delete(m.id);
  st.since = performance.now();
  if (m.error) p.reject(new Error(m.error));
  else p.resolve(m.out);
  // A worker that grew large is replaced once idle.
  if (m.memory > memoryLimit && !st.pending.size) restart(st, new Cancelled('restarted'));
}

async function raw(st, name, args) {
  await st.ready;
  const id = ++st.seq;
  if (!st.pending.size) st.since = performance.now();
  return new Promise((resolve, reject) => {
    st.pending.set(id, { resolve, reject });
    st.worker.postMessage({ id, name, args });
  });
}

// restart ends the worker, failing the calls in flight with err, and
// starts a new one.
function restart(st, err) {
  st.worker.terminate();
  const pending = [...st.pending.values()];
  st.pending.clear();
  spawn(st);
  for (const p of pending) p.reject(err);
}
