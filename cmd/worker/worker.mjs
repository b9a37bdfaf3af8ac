// Entry point of the commontext Worker (wrangler.toml: main). It replaces
// the worker.mjs that syumai/workers' workers-assets-gen writes, which
// starts a new Go program for every request: Go's runtime and package
// initialization cost about 7 ms of CPU each time, more than the planning
// itself, against the free plan's 10 ms per request. Here one Go program,
// started by the first request an isolate gets, serves every later request
// of that isolate, concurrently if they overlap. If it ever exits (a fatal
// error), the next request starts a new one.
//
// The Go program sees the env and ctx of the request that started it (as
// the global "context"): the planner API uses neither, so nothing of one
// request leaks into another.
//
// With the variable COMMONTEXT_DIAGNOSTICS set to "1" (the Worker tests set
// it; wrangler.toml does not), GET /api/_diagnostics/memory answers with the
// program's memory: the Go heap after a collection (main_js.go), the count
// of JavaScript values the Go program holds (wasm_exec.js's table, less its
// free slots) and the size of the WebAssembly memory. A request that left
// something behind shows as growth there. Copied into build/worker/ by
// internal/workerbuild, beside the generated runtime.mjs and wasm_exec.js.
import "./wasm_exec.js";
import { createRuntimeContext, loadModule } from "./runtime.mjs";

globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// program is the promise of the running Go program: { go, binding }.
let program;

async function start(env, ctx) {
  const mod = await loadModule();
  const go = new Go();
  const binding = {};
  let ready;
  const readyPromise = new Promise((resolve) => {
    ready = resolve;
  });
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  const exited = go.run(instance, createRuntimeContext({ env, ctx, binding }));
  await Promise.race([readyPromise, exited.then(() => {
    throw new Error("the Go program exited before it was ready");
  })]);
  return { go, binding, instance };
}

async function fetch(req, env, ctx) {
  if (program === undefined) {
    program = start(env, ctx).catch((e) => {
      program = undefined;
      throw e;
    });
  }
  let p = await program;
  if (p.go.exited) {
    program = undefined;
    return fetch(req, env, ctx);
  }
  if (env?.COMMONTEXT_DIAGNOSTICS === "1" && new URL(req.url).pathname === "/api/_diagnostics/memory") {
    return diagnostics(p);
  }
  return p.binding.handleRequest(req);
}

export default { fetch };

function diagnostics({ go, binding, instance }) {
  const memory = binding.memory(); // first: its collection frees values
  return Response.json({
    ...memory,
    js_values: go._values.length - go._idPool.length,
    wasm_memory: instance.exports.mem.buffer.byteLength,
  }, { headers: { "Cache-Control": "no-store" } });
}
