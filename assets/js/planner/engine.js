// The engine (Go compiled to WebAssembly) runs in a worker
// (planner-worker.js); this module is the page's side of it. Calls are
// answered in order; a call that runs long can be cancelled, which ends
// the worker and starts a new one (the browser keeps the compiled
// WebAssembly in its code cache); a worker whose Go runtime stopped, or
// whose memory grew past memoryLimit, is replaced the same way.
//
// Every call is registered at once, even while a worker is starting, and is
// sent when that worker is ready: a restart fails every call it ends,
// whether sent or still waiting, so that no caller waits for a worker that
// is gone.

// memoryLimit is the WebAssembly memory past which a worker is replaced
// once it has been idle for idleRestart ms: Go's heap never shrinks, and a
// big plan leaves it large. The wait keeps a burst of edits to a big plan
// from paying a restart each.
const memoryLimit = 64 << 20;
const idleRestart = 2000;

// Cancelled is the error of a call ended by cancel or by a restart.
export class Cancelled extends Error {}

// startEngine starts the worker; urls are {worker, exec, wasm}, and
// onRestart(why) is told when the worker was replaced because it stopped.
// It returns the engine once it is ready: {call, raw, cancel, running, startup}.
export async function startEngine(urls, onRestart) {
  const st = { urls, onRestart, worker: null, ready: false, started: null, pending: new Map(), seq: 0, idle: 0, running: 0, startup: 0 };
  spawn(st);
  await st.started;
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
    // memory is the worker's WebAssembly memory (bytes) after its last answer.
    memory: () => st.memory || 0,
    // engineMs is how long (ms) the engine's last answered call took in the
    // worker: a computation's time less its messages and the page's work.
    engineMs: () => st.engineMs,
    // running is the call the worker is working on, {name, ms} (ms: how
    // long it has run, not counting its wait in the queue), or null.
    // startup is how long (ms) the last worker took to start: ending a
    // computation that will finish sooner than that gains nothing.
    startup: () => st.startup,
    // phases is where the last worker's start went (ms): its loader, the
    // module's fetch and compile, instantiation, the Go runtime, and the
    // whole start as the page saw it (worker).
    phases: () => st.phases,
    running: () => {
      const p = st.pending.get(st.running);
      return p && p.at ? { name: p.name, ms: performance.now() - p.at } : null;
    },
  };
}

function spawn(st) {
  const spawned = performance.now();
  const w = new Worker(st.urls.worker, { type: 'module' });
  st.worker = w;
  st.ready = false;
  st.broken = null;
  st.started = new Promise((resolve, reject) => {
    w.onmessage = (e) => {
      const m = e.data;
      if (m.ready) {
        st.ready = true;
        st.startup = performance.now() - spawned;
        st.phases = { ...m.phases, worker: st.startup };
        for (const [id, p] of st.pending) send(st, id, p);
        resolve();
      } else if (m.failed) {
        st.broken = new Error(m.failed);
        fail(st, st.broken);
        reject(new Error(m.failed));
      } else if (m.exited) {
        restart(st, new Error('the planner’s engine stopped'));
        st.onRestart('The planner’s engine stopped on an internal error and was restarted; your plan is as it was. Please report it.');
      } else if (m.started) {
        const p = st.pending.get(m.id);
        if (p) p.at = performance.now();
        st.running = m.id;
      } else answer(st, m);
    };
    w.onerror = (e) => {
      e.preventDefault();
      const err = new Error(e.message || 'the engine’s worker failed');
      if (st.ready) { restart(st, err); return; } // it ran: start another
      st.broken = err;
      fail(st, err);
      reject(err);
    };
  });
  st.started.catch(() => {});
  w.postMessage({ exec: new URL(st.urls.exec, location.href).href, wasm: new URL(st.urls.wasm, location.href).href });
}

function send(st, id, p) {
  if (p.sent) return;
  p.sent = true;
  st.worker.postMessage({ id, name: p.name, args: p.args });
}

function answer(st, m) {
  const p = st.pending.get(m.id);
  if (!p) return;
  st.pending.delete(m.id);
  st.memory = m.memory;
  st.engineMs = m.ms;
  if (m.error) p.reject(new Error(m.error));
  else p.resolve(m.out);
  // A worker that grew large is replaced once it has stayed idle.
  if (m.memory > memoryLimit && !st.pending.size) {
    clearTimeout(st.idle);
    st.idle = setTimeout(() => { if (!st.pending.size) restart(st, new Cancelled('restarted')); }, idleRestart);
  }
}

function raw(st, name, args) {
  if (st.broken) return Promise.reject(st.broken);
  clearTimeout(st.idle);
  const id = ++st.seq;
  return new Promise((resolve, reject) => {
    const p = { resolve, reject, name, args, sent: false };
    st.pending.set(id, p);
    if (st.ready) send(st, id, p);
  });
}

// fail fails every call registered, with err.
function fail(st, err) {
  const pending = [...st.pending.values()];
  st.pending.clear();
  for (const p of pending) p.reject(err);
}

// restart ends the worker, failing every call registered (sent or waiting
// for the worker to start) with err, and starts a new one.
function restart(st, err) {
  clearTimeout(st.idle);
  st.worker.terminate();
  spawn(st);
  fail(st, err);
}
