// The plan shown and the plans kept: computing, showing, saving and
// opening them. Every function takes the page's state, app (made by
// planner.js): the form, the vocabulary V, the engine's call, the store,
// and the plan shown (app.plan, app.scenario, app.hasProblems).

import { $, setStatus, today } from './dom.js';
import { fillForm, readForm } from './form.js';
import { showProblems, showResults } from './results.js';
import { clearUndo, offerUndo, renderLibrary, startRename } from './library.js';
import { baseName, download } from './files.js';
import { Cancelled } from './engine.js';
import { keepSlot, markUnreadable, newSlot, removeSlot, setCurrent, writeSlot } from './storage.js';

function problems(app, title, list, fresh = false) {
  app.hasProblems = showProblems(app.form, title, list, fresh);
}

// show displays an engine result; it returns whether the plan was planned.
function show(app, res) {
  if (res.plan) app.plan = res.plan;
  if (res.problems && res.problems.length) {
    problems(app, 'This plan has problems: see the marked fields', res.problems);
    setStatus('The plan has problems: each is marked at its field.');
    return false;
  }
  if (app.hasProblems) setStatus('The plan is planned: every change recomputes it.');
  problems(app);
  app.timings.changed.push(showResults(app.form, res, app.scenario || app.form.elements.scenario.value));
  $('pf-print-title').textContent = app.plan.title || '';
  return true;
}

// saveSoon writes the plan into the address and this browser's storage once
// the reader pauses: encoding the link is a third of a recompute's work.
export function saveSoon(app) {
  clearTimeout(app.saveTimer);
  app.saveTimer = setTimeout(() => { app.saveTimer = 0; save(app); }, 150);
}

// flushSave keeps at once what saveSoon would keep later: before another
// plan is opened (the pending save belongs to the plan shown) and before the
// page goes away, so an edit is neither lost nor written into the wrong plan.
export function flushSave(app) {
  if (!app.saveTimer) return;
  clearTimeout(app.saveTimer);
  app.saveTimer = 0;
  save(app);
}

function fragment(app, state) {
  const sc = app.form.elements.scenario;
  return sc.selectedIndex > 0 ? `#${state}&s=${sc.value}` : `#${state}`;
}

async function linkState(app, p) {
  try {
    return (await app.call('state', JSON.stringify(p))).state || '';
  } catch {
    return ''; // kept without a link
  }
}

// save keeps the plan shown at once (so that it is kept even if the page
// goes away now), then its link once the engine has encoded it; a plan with
// problems has no link yet, but is kept all the same.
function save(app) {
  const { store, plan } = app;
  if (!store.current) return;
  const slot = store.current;
  const rec = store.slots.get(slot);
  const scenario = app.form.elements.scenario.value;
  if (!(rec && rec.scenario === scenario && JSON.stringify(rec.plan) === JSON.stringify(plan))) {
    writeSlot(store, slot, { changed: new Date().toISOString(), state: '', scenario, plan });
    renderLibrary(store);
  }
  linkState(app, plan).then((state) => {
    if (!state || app.plan !== plan) return; // a newer plan has its own link
    if (store.current === slot) history.replaceState(null, '', fragment(app, state));
    const r = store.slots.get(slot);
    if (r && r.state !== state && JSON.stringify(r.plan) === JSON.stringify(plan)) keepSlot(store, slot, { ...r, state });
  });
}

// longRun is how long (ms) a computation runs before the page shows its
// progress and a Cancel button, and before a newer edit ends it.
const longRun = 300;

// recompute plans what the form shows. A newer edit supersedes the
// computation in flight: its result is not shown, and one that runs long
// is ended at once. Only one computation waits behind the one in flight.
export async function recompute(app) {
  // What the engine is working on is read first: reading a big form takes
  // the page itself a while, which is not the engine's. Only a computation
  // that has run long, longer than a new worker takes to start, is ended;
  // any other call (a link being encoded, a computation still queued) is
  // quicker to finish than a new worker is to start.
  const run = app.engine.running();
  const superseded = app.computing && run && run.name === 'compute' && run.ms > Math.max(longRun, app.engine.startup());
  app.plan = readForm(app.form, app.V, app.plan);
  app.scenario = app.form.elements.scenario.value;
  // The edit is kept whether or not its computation ends: the page may be
  // left, or another plan opened, while the engine works.
  saveSoon(app);
  const seq = ++app.seq;
  if (superseded) app.engine.cancel();
  else if (app.computing) return; // run when the one in flight ends
  app.computing = true;
  try {
    for (let shown = 0; shown !== app.seq;) {
      shown = app.seq;
      await computeShown(app, shown);
    }
  } finally {
    app.computing = false;
    busy(app, false);
  }
  return seq;
}

async function computeShown(app, seq) {
  const t0 = performance.now();
  app.timings.computes++;
  const timer = setTimeout(() => busy(app, true), longRun);
  let res;
  try {
    res = await app.call('compute', JSON.stringify(app.plan), app.scenario, today(), app.clauses);
  } catch (err) {
    if (seq !== app.seq) return;
    if (err instanceof Cancelled) {
      $('plan-results').classList.add('stale');
      setStatus('The computation was cancelled: the results shown are of an earlier version of the plan. Edit the plan to compute it again.');
    } else problems(app, 'The planner met an error', [{ message: err.message }]);
    return;
  } finally {
    clearTimeout(timer);
  }
  if (seq !== app.seq) return; // a newer edit is being planned
  show(app, res);
  app.timings.recompute.push(performance.now() - t0);
}

// busy shows or hides the progress of a long computation.
function busy(app, on) {
  $('pf-busy').hidden = !on;
}

// openPlan shows a plan text (a plan file's JSON) in its own slot, beside
// the others: the slot that holds the same plan already, else a new one.
// It returns whether the text was a plan.
export async function openPlan(app, text, what, { slot = '', scenario = '' } = {}) {
  const { store } = app;
  flushSave(app);
  app.seq++; // what was computing for the plan shown is not shown
  let res;
  try {
    res = await app.call('compute', text, scenario, today(), app.clauses, 'plan');
  } catch (err) {
    problems(app, `${what} could not be read`, [{ message: err.message }]);
    return false;
  }
  if (!res.plan) {
    problems(app, `${what} is not a plan this planner can read`, res.problems);
    return false;
  }
  const state = await linkState(app, res.plan);
  if (!slot) {
    for (const [s, rec] of store.slots) if (state && rec.state === state) slot = s;
  }
  if (!slot) {
    if (!store.ok && !confirm('This browser cannot keep plans, so opening this one replaces the plan shown. Download the plan shown first if you need it. Open the new plan?')) return false;
    slot = newSlot();
    writeSlot(store, slot, { changed: new Date().toISOString(), state, scenario, plan: res.plan });
  }
  setCurrent(store, slot);
  app.plan = res.plan;
  app.scenario = scenario || (store.slots.get(slot) || {}).scenario || '';
  fillForm(app.form, app.V, res.plan);
  show(app, res);
  // Kept at once, not once the reader pauses: the plan is complete.
  clearTimeout(app.saveTimer);
  app.saveTimer = 0;
  save(app);
  renderLibrary(store);
  return true;
}

// openFromHash opens the plan the address names: a preset, or a plan's
// state with the scenario shown (#p1.…&s=ID). It returns whether it did.
export async function openFromHash(app) {
  const { form, store } = app;
  const hash = location.hash;
  const preset = /^#preset=([a-z0-9-]{1,60})$/.exec(hash);
  if (preset) {
    try {
      if (!form.dataset.presetNames.split(' ').includes(preset[1])) throw new Error(`there is no example named “${preset[1]}”`);
      const r = await fetch(`${form.dataset.presets}${preset[1]}.json`);
      if (!r.ok) throw new Error(`the example “${preset[1]}” could not be loaded (HTTP ${r.status})`);
      if (await openPlan(app, await r.text(), `The example “${preset[1]}”`)) return true;
    } catch (err) {
      await openCurrent(app);
      problems(app, 'The link names an example this planner does not have; your plans are as they were', [{ message: err.message }], true);
      return true;
    }
    return false;
  }
  if (hash.length <= 1) return false;
  const [state, ...opts] = hash.slice(1).split('&');
  const scenario = (opts.find((o) => o.startsWith('s=')) || '').slice(2);
  const current = store.slots.get(store.current);
  if (current && current.state === state) {
    app.scenario = scenario;
    return false; // the plan shown already
  }
  let res;
  try {
    res = await app.call('fromState', state, scenario, today(), app.clauses);
  } catch (err) {
    res = { problems: [{ message: err.message }] };
  }
  if (res.plan) return openPlan(app, JSON.stringify(res.plan), 'The link', { scenario });
  await openCurrent(app);
  problems(app, 'The link does not hold a plan this planner can read; your plans are as they were', res.problems, true);
  return true;
}

// openCurrent opens the plan last shown in this browser, else a stored
// one, else the worked example in a new slot.
export async function openCurrent(app) {
  const { store } = app;
  for (const slot of [store.current, ...store.slots.keys()]) if (store.slots.has(slot) && await openRecord(app, slot)) return;
  await newPlanFromExample(app);
}

// openRecord opens a stored plan; one with problems opens with its
// problems marked, and one the form cannot show is set aside.
async function openRecord(app, slot) {
  const { store } = app;
  const rec = store.slots.get(slot);
  if (await openPlan(app, JSON.stringify(rec.plan), 'The plan saved in this browser', { slot, scenario: rec.scenario })) return true;
  try {
    store.current = slot;
    app.plan = structuredClone(rec.plan);
    fillForm(app.form, app.V, app.plan);
    await recompute(app);
    renderLibrary(store);
    return true;
  } catch (err) {
    markUnreadable(store, slot, err.message);
    return false;
  }
}

async function newPlanFromExample(app) {
  const slot = newSlot();
  app.store.slots.set(slot, { changed: new Date().toISOString(), plan: structuredClone(app.example) });
  await openPlan(app, JSON.stringify(app.example), 'The worked example', { slot });
}

// newPlan starts a plan, empty or the worked example, keeping the chosen
// calendars of the plan shown.
export async function newPlan(app) {
  const { form, V } = app;
  const from = form.elements.newfrom.value;
  const p = from === 'example' ? structuredClone(app.example) : { version: 1, title: 'New plan', deliverable: V.deliverables[0].id, itu_process: V.processes[0].id, mode: V.modes[0].id, start: { stage: V.deliverables[0].starts[0].id, date: today() }, meetings: Object.fromEntries(V.calendars.filter((c) => !c.optional).map((c) => [c.id, []])) };
  delete p.id;
  if (from === 'example') p.title = `${p.title} (new)`;
  for (const c of form.querySelectorAll('[name=newcal]:checked')) p.meetings[c.value] = structuredClone((app.plan.meetings && app.plan.meetings[c.value]) || []);
  const slot = newSlot();
  app.store.slots.set(slot, { changed: new Date().toISOString(), plan: p });
  await openRecord(app, slot);
  setStatus(`Started “${p.title}”; your other plans are kept (Your plans).`);
}

export async function libraryAction(app, act, slot) {
  const { store } = app;
  flushSave(app);
  const rec = store.slots.get(slot);
  if (act === 'rescue') {
    const u = store.unreadable.get(slot);
    download(`unreadable-plan-${slot}.json`, 'application/json', u.raw);
    return;
  }
  if (!rec) return;
  const title = rec.plan.title || 'Untitled plan';
  if (act === 'open') await openRecord(app, slot);
  else if (act === 'rename') startRename(app.V, slot, rec, (t) => renamePlan(app, slot, t), () => renderLibrary(store));
  else if (act === 'dup') {
    const p = structuredClone(rec.plan);
    delete p.id; // a copy is another plan: its calendar events are its own
    p.title = `${title} (copy)`;
    const s = newSlot();
    store.slots.set(s, { changed: new Date().toISOString(), plan: p });
    await openPlan(app, JSON.stringify(p), 'The copy', { slot: s });
    setStatus(`“${p.title}” is open; “${title}” is kept.`);
  } else if (act === 'del') {
    removeSlot(store, slot);
    if (slot === store.current) {
      store.current = '';
      if (store.slots.size) await openCurrent(app);
      else await newPlanFromExample(app);
    }
    renderLibrary(store);
    offerUndo(`Deleted “${title}”.`, async () => {
      writeSlot(store, slot, rec);
      await openRecord(app, slot);
      setStatus(`“${title}” is back.`);
    });
  }
}

// renamePlan retitles a stored plan; the plan shown is retitled through its
// form, so that its link and results follow.
async function renamePlan(app, slot, title) {
  const { store } = app;
  if (slot === store.current) {
    $('pf-title').value = title;
    await recompute(app);
    flushSave(app);
  } else {
    const rec = store.slots.get(slot);
    const p = { ...rec.plan, title };
    keepSlot(store, slot, { ...rec, changed: new Date().toISOString(), state: '', plan: p });
    const state = await linkState(app, p);
    const now = store.slots.get(slot);
    if (state && now && now.plan === p) keepSlot(store, slot, { ...now, state });
  }
  setStatus(`Renamed to “${title}”.`);
}

// exportAs downloads the plan shown as a calendar or table file.
export async function exportAs(app, format, type, ext, scenario = app.form.elements.scenario.value) {
  try {
    const out = await app.call('export', JSON.stringify(app.plan), format, scenario);
    download(`${baseName(app.plan)}${scenario === app.V.all_scenarios ? '-all-scenarios' : ''}.${ext}`, type, out.text);
  } catch (err) {
    problems(app, `The ${ext.toUpperCase()} file could not be made`, [{ message: err.message }]);
  }
}

export { clearUndo };
