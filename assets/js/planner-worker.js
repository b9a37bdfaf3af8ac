// The planner's engine in a dedicated module worker, so that nothing it
// does can freeze the page. The page sends {exec, wasm} (the URLs of Go's
// wasm_exec.js and the planner's WebAssembly) once, then {id, name, args}
// for each engine call; the worker answers {ready, phases}, {id, started} when it
// begins a call, {id, out, memory, ms} (out
// is the engine's JSON text, memory the WebAssembly memory's size, so the
// page can restart a worker that grew, ms the time the engine's call took
// in the worker), {id, error}, or {exited} when the
// Go runtime stops (a fatal error, not a recovered panic). This script is
// served with a CSP of its own that allows compiling WebAssembly; the page's
// does not.

// start loads the engine. phases says where its start-up went, in ms: the
// worker's own script, Go's loader script, fetching and compiling the module (one step when
// streamed), instantiating it, and the Go runtime's start until the engine
// says it is ready.
async function start({ exec, wasm }) {
  // The worker's clock starts when the page creates it: what passed before
  // this first message is its script being fetched and run.
  const phases = { script: performance.now() };
  let t = performance.now();
  const lap = (name) => { const now = performance.now(); phases[name] = now - t; t = now; };
  await import(exec); // defines globalThis.Go
  lap('loader');
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.commontextReady = resolve; });
  let module;
  try {
    module = await WebAssembly.compileStreaming(fetch(wasm));
  } catch {
    module = await WebAssembly.compile(await (await fetch(wasm)).arrayBuffer());
  }
  lap('fetch_compile');
  const instance = await WebAssembly.instantiate(module, go.importObject);
  lap('instantiate');
  go.run(instance).then(() => postMessage({ exited: true }));
  await ready;
  lap('runtime');
  return { engine: globalThis.commontext, memory: instance.exports.mem, phases };
}

let running = null; // the started engine: a promise, set by the first message

onmessage = async (e) => {
  const m = e.data;
  if (!running) {
    running = start(m);
    running.then(({ phases }) => postMessage({ ready: true, phases }), (err) => postMessage({ failed: err.message || String(err) }));
    return;
  }
  const { engine, memory } = await running;
  postMessage({ id: m.id, started: true });
  try {
    const t0 = performance.now();
    const out = engine[m.name](...m.args);
    postMessage({ id: m.id, out, memory: memory.buffer.byteLength, ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ id: m.id, error: err.message || String(err) });
  }
};
