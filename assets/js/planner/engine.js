// The engine: Go compiled to WebAssembly, exposing globalThis.commontext.

// startEngine loads Go's wasm_exec.js and the planner's WebAssembly and
// returns the engine's functions once the Go program is ready.
export async function startEngine(wasmExec, wasm) {
  await import(wasmExec); // defines globalThis.Go
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.commontextReady = resolve; });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(wasm), go.importObject));
  } catch {
    const bytes = await (await fetch(wasm)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  go.run(instance); // runs until the page closes
  await ready;
  return globalThis.commontext;
}

// caller returns call(name, ...args), which runs an engine function and
// parses its JSON answer; an {"error"} answer (including a recovered
// panic) becomes an exception.
export function caller(engine) {
  return (name, ...args) => {
    const out = JSON.parse(engine[name](...args));
    if (out && out.error) throw new Error(out.error);
    return out;
  };
}
