// The plan shown and the plans kept: computing, showing, saving and
// opening them. Every function takes the page's state, app (made by
// planner.js): the form, the vocabulary V, the engine's call, the store,
// and the plan shown (app.plan, app.scenario, app.hasProblems).

import { $, setStatus, today } from './dom.js';
import { fillForm, readForm } from './form.js';
import { fieldless, markPins, showNoResults, showProblems, showResults } from './results.js';
import { clearUndo, offerUndo, renderLibrary, startRename } from './library.js';
import { baseName, download } from './files.js';
import { Cancelled } from './engine.js';
import { keepSlot, markUnreadable, newSlot, overtaken, parseRecord, rememberTab, removeSlot, setCurrent, slotPrefix, tabMemory, writeSlot } from './storage.js';

function problems(app, title, list, fresh = false) {
  app.hasProblems = showProblems(app.form, title, list, fresh, typing(app));
}

// typing is the text field the reader is typing in, if it still has focus.
function typing(app) {
  return app.typing && app.typing === document.activeElement ? app.typing : null;
}

// show displays an engine result; it returns whether the plan was planned.
// The results column only ever holds the results of the plan shown
// (app.resultsOf names its slot): a plan that cannot be planned keeps its
// own earlier results, marked stale, but never another plan's.
function show(app, res) {
  if (res.plan) {
    // The engine's form of the plan (durations kept short: 6w) is the one
    // kept; a plan it gives back unchanged is not saved again, or a tab
    // showing another tab's edit would write it back as its own.
    const changed = canon(res.plan) !== canon(app.plan);
    app.plan = res.plan;
    if (changed) saveSoon(app);
  }
  normaliseDurations(app);
  const list = res.problems || [];
  if (list.length) {
    const loose = fieldless(app.form, list);
    problems(app, loose === list.length ? 'This plan cannot be planned' : 'This plan has problems: see the marked fields', list);
    if (app.resultsOf !== app.store.current) {
      showNoResults(app.form, app.plan.title, app.scenario);
      app.resultsOf = null;
    }
    $('pf-print-title').textContent = app.plan.title || '';
    if (app.hasProblems) {
      const where = loose === 0 ? 'The plan has problems: each is marked at its field.'
        : loose === list.length ? 'The plan cannot be planned: the problems are listed above the results.'
          : `The plan has problems: ${list.length - loose} marked at their fields, the others listed above the results.`;
      setStatus(`${where} ${app.store.ok ? 'It is kept in this browser; the address holds no link to it until they are solved.' : 'This browser cannot keep plans, and the address holds no link to a plan with problems: download the plan file to keep it.'}`);
    }
    return false;
  }
  if (app.hasProblems) setStatus('The plan is planned: every change recomputes it.');
  problems(app);
  app.timings.changed.push(showResults(app.form, res, app.scenario || app.form.elements.scenario.value));
  markPins(app.form, res, typing(app));
  app.resultsOf = app.store.current;
  $('pf-print-title').textContent = app.plan.title || '';
  return true;
}

// canon is a plan's JSON with its keys in order: the same plan, whether
// read from the form or from the engine, gives the same text.
export function canon(v) {
  return JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

// normaliseDurations shows the durations as the plan keeps them ("6 weeks"
// becomes 6w, as the engine gave it back), except in the field being typed.
function normaliseDurations(app) {
  const ov = (app.plan.rules && app.plan.rules.overrides) || {};
  for (const e of app.form.querySelectorAll('.pf-override')) {
    if (e !== typing(app) && ov[e.dataset.rule] && e.value.trim() !== ov[e.dataset.rule]) e.value = ov[e.dataset.rule];
  }
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
  // An edit typed but not yet planned (the reader had not paused) is part
  // of the plan shown: it is kept too, never lost nor written into the
  // plan opened next.
  if (app.typeTimer) {
    clearTimeout(app.typeTimer);
    app.typeTimer = 0;
    app.plan = readForm(app.form, app.V, app.plan);
    app.seq++;
    saveSoon(app);
  }
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
//
// A plan not stored yet (the worked example, shown on a first visit) is
// stored once it is changed. A save that finds its slot written by another
// tab since this tab read it keeps this tab's version as a copy.
function save(app) {
  const { store, plan } = app;
  const scenario = app.form.elements.scenario.value;
  if (!store.current) {
    if (!app.unstored) return;
    if (canon(plan) !== app.unstored) {
      app.unstored = '';
      store.current = newSlot();
      writeSlot(store, store.current, { changed: new Date().toISOString(), state: '', scenario, plan });
      renderLibrary(store);
    }
  }
  const slot = store.current;
  const rec = store.slots.get(slot);
  // A saved change raises the plan's revision, which calendars read as
  // their events' SEQUENCE: exported again, the events move. It never goes
  // down, whichever copy of the plan is saved.
  if (rec && rec.plan && (rec.plan.revision || 0) > (plan.revision || 0)) plan.revision = rec.plan.revision;
  const unchanged = rec && rec.scenario === scenario && canon(rec.plan) === canon(plan);
  // Only an edit can conflict: a tab that has nothing to write leaves a
  // newer version from another tab alone (its storage event shows it here).
  if (slot && !unchanged && overtaken(store, slot)) {
    keepAsCopy(app, slot);
    return;
  }
  if (slot && !unchanged) {
    if (rec && canon({ ...rec.plan, revision: 0 }) !== canon({ ...plan, revision: 0 })) plan.revision = (plan.revision || 0) + 1;
    writeSlot(store, slot, { ...(rec && rec.from ? { from: rec.from, opened: rec.opened } : {}), changed: new Date().toISOString(), state: '', scenario, plan });
    renderLibrary(store);
  }
  linkState(app, plan).then((state) => {
    if (app.plan !== plan) return; // a newer plan has its own link
    if (store.current === slot) {
      // The address always holds the plan shown: a plan with problems has
      // no link, so the address holds none rather than an older version.
      history.replaceState(null, '', state ? fragment(app, state) : location.pathname + location.search);
      rememberTab(slot, state);
    }
    if (!slot || !state) return;
    const r = store.slots.get(slot);
    if (r && r.state !== state && JSON.stringify(r.plan) === JSON.stringify(plan) && !overtaken(store, slot)) keepSlot(store, slot, { ...r, state });
  });
}

// keepAsCopy keeps the plan shown, edited here while another tab changed
// the same stored plan, as a copy beside the other tab's version: neither
// edit is dropped, and none is stored twice.
function keepAsCopy(app, slot) {
  const { store } = app;
  clearTimeout(app.saveTimer);
  app.saveTimer = 0;
  let theirs = null;
  try { theirs = parseRecord(localStorage.getItem(slotPrefix + slot)); } catch { /* deleted there, or unreadable */ }
  if (theirs) {
    store.slots.set(slot, theirs);
    store.seen.set(slot, localStorage.getItem(slotPrefix + slot));
  }
  const was = (theirs || store.slots.get(slot) || { plan: app.plan }).plan.title || 'Untitled plan';
  const p = readForm(app.form, app.V, app.plan);
  p.id = crypto.randomUUID(); // a copy is another plan: its calendar events are its own
  p.title = `${p.title || 'Untitled plan'} (your edit in this tab)`;
  const copy = newSlot();
  writeSlot(store, copy, { changed: new Date().toISOString(), state: '', scenario: app.form.elements.scenario.value, from: was, plan: p });
  store.current = copy;
  app.plan = p;
  $('pf-title').value = p.title;
  renderLibrary(store);
  setStatus(`“${was}” was changed in another tab while you were editing it here. Both versions are kept: yours is shown, as “${p.title}”; the other tab’s is under Your plans.`);
  recompute(app); // supersedes what was computing for the version before
}

// otherTab follows a change another tab made to the stored plans (a
// storage event): the list follows; the plan shown here follows too, unless
// it has an edit of its own not kept yet, which is then kept as a copy.
export async function otherTab(app, e) {
  const { store } = app;
  if (!e.key || !e.key.startsWith(slotPrefix)) return;
  const slot = e.key.slice(slotPrefix.length);
  // Until the page has opened its first plan, the plan in the form is the
  // pre-rendered example, not the one store.current names: nothing is shown
  // here yet to follow or to keep as a copy.
  const shown = app.opened && slot === store.current;
  if (e.newValue === null) {
    const rec = store.slots.get(slot);
    store.slots.delete(slot);
    store.seen.delete(slot);
    if (shown) {
      // Deleted elsewhere: still shown here, and stored again if changed.
      store.current = '';
      app.unstored = canon(app.plan);
      setStatus(`“${(rec && rec.plan.title) || 'This plan'}” was deleted in another tab. It stays shown here, and is kept again if you change it.`);
    }
    renderLibrary(store);
    return;
  }
  let rec;
  try {
    rec = parseRecord(e.newValue);
  } catch (err) {
    store.slots.delete(slot);
    store.unreadable.set(slot, { raw: e.newValue, why: err.message });
    renderLibrary(store);
    return;
  }
  if (!shown) {
    store.slots.set(slot, rec);
    store.seen.set(slot, e.newValue);
    renderLibrary(store);
    return;
  }
  const mine = store.slots.get(slot);
  // An edit typed here is in the form before it is in app.plan (recompute
  // waits for the reader to pause): read it now, or following the other
  // tab would drop it. Which came first here, the pause or the other tab's
  // event, depends on the machine's load (TestBrowserPlannerTwoTabs lost
  // the edit of its frozen tab when the event came first).
  if (app.typeTimer) {
    clearTimeout(app.typeTimer);
    app.typeTimer = 0;
    app.plan = readForm(app.form, app.V, app.plan);
    app.seq++;
  }
  const edited = !mine || canon(app.plan) !== canon(mine.plan);
  if (edited) {
    keepAsCopy(app, slot);
    return;
  }
  store.slots.set(slot, rec);
  store.seen.set(slot, e.newValue);
  app.plan = structuredClone(rec.plan);
  fillForm(app.form, app.V, app.plan);
  if (rec.scenario) app.form.elements.scenario.value = rec.scenario;
  renderLibrary(store);
  await recompute(app);
  setStatus(`“${rec.plan.title || 'Untitled plan'}” was changed in another tab: this tab shows that version.`);
}

// longRun is how long (ms) a computation runs before the page shows its
// progress and a Cancel button, and before a newer edit ends it.
const longRun = 300;

// recompute plans what the form shows. A newer edit supersedes the
// computation in flight: its result is not shown, and one that runs long
// is ended at once. Only one computation waits behind the one in flight.
export async function recompute(app) {
  clearTimeout(app.typeTimer); // this reads the whole form: a pending pause is answered
  app.typeTimer = 0;
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
  const engine = app.engine.engineMs();
  show(app, res);
  app.timings.recompute.push(performance.now() - t0);
  app.timings.engine.push(engine);
}

// busy shows or hides the progress of a long computation.
function busy(app, on) {
  $('pf-busy').hidden = !on;
}

// pause is how long (ms) the reader stops typing before the plan is
// recomputed; leaving the field (change, blur) recomputes at once.
const pause = 300;

// typed answers an input event in a text field: the plan is recomputed
// once the reader pauses, and problems of that field wait until it is left.
export function typed(app, field) {
  app.typing = field;
  clearTimeout(app.typeTimer);
  app.typeTimer = setTimeout(() => { app.typeTimer = 0; recompute(app); }, pause);
}

// settled answers leaving a field typed in: recompute now, and show its
// problems.
export function settled(app, field) {
  if (app.typing !== field) return;
  app.typing = null;
  recompute(app);
}

// openPlan shows a plan text (a plan file's JSON) in its own slot, beside
// the others: the slot that holds the same plan already, else a new one.
// It returns whether the text was a plan.
//
// A plan whose id a kept plan has already (an edited file opened again, a
// newer link) is kept beside it with an id of its own, saying which plan
// it came from; replacing the kept plan is offered, and can be undone.
// report(title, problems) tells why a text is not opened (by default in
// the problems box; a file's upload tells it at its control), leaving the
// plan shown untouched. With unstored, the plan is shown without being
// stored until it is changed.
export async function openPlan(app, text, what, { slot = '', scenario = '', report = null, unstored = false } = {}) {
  const { store } = app;
  flushSave(app);
  const reject = report || ((title, list) => problems(app, title, list));
  let res;
  try {
    res = await app.call('compute', text, scenario, today(), app.clauses, 'plan');
  } catch (err) {
    reject(`${what} could not be read`, [{ message: err.message }]);
    return false;
  }
  if (!res.plan) {
    reject(`${what} is not a plan this planner can read`, res.problems);
    return false;
  }
  app.seq++; // what was computing for the plan shown is not shown
  let state = unstored ? '' : await linkState(app, res.plan);
  if (!slot && !unstored) {
    for (const [s, rec] of store.slots) if (state && (rec.state === state || rec.opened === state)) slot = s;
  }
  let clash = null;
  if (!slot && !unstored) {
    if (!store.ok && !confirm('This browser cannot keep plans, so opening this one replaces the plan shown. Download the plan shown first if you need it. Open the new plan?')) return false;
    slot = newSlot();
    const rec = { changed: new Date().toISOString(), state, scenario, plan: res.plan };
    const kept = res.plan.id && [...store.slots].find(([, r]) => r.plan.id === res.plan.id);
    if (kept) {
      clash = { kept: kept[0], title: kept[1].plan.title || 'Untitled plan', id: res.plan.id };
      rec.from = clash.title;
      rec.opened = state;
      res.plan = { ...res.plan, id: crypto.randomUUID() };
      rec.plan = res.plan;
      rec.state = state = await linkState(app, res.plan);
    }
    writeSlot(store, slot, rec);
  }
  if (unstored) {
    store.current = '';
    rememberTab('', '');
  } else setCurrent(store, slot);
  app.plan = res.plan;
  app.scenario = scenario || (store.slots.get(slot) || {}).scenario || '';
  // The form may hold this plan already (filled while the engine started).
  if (app.prefilled !== canon(res.plan)) fillForm(app.form, app.V, res.plan);
  app.prefilled = '';
  show(app, res);
  // Not stored until changed: compared as the form reads it back, so that
  // showing it, or choosing another scenario, is no change.
  app.unstored = '';
  if (unstored) {
    app.plan = readForm(app.form, app.V, res.plan);
    app.unstored = canon(app.plan);
  }
  if (clash) {
    const title = res.plan.title || 'Untitled plan';
    offerUndo(`${what} is a version of “${clash.title}”, which is kept already: it is opened beside it as a plan of its own, “${title}”.`, () => replaceKept(app, slot, clash), `Replace “${clash.title}” with it`);
  }
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
  const mem = tabMemory();
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
  // The link this tab wrote itself (a reload): its slot's latest version.
  if (mem.state === state && (!mem.slot || store.slots.has(mem.slot))) {
    if (mem.slot) await openRecord(app, mem.slot);
    else await showExample(app);
    return true;
  }
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
  for (const slot of [tabMemory().slot, store.current, ...store.slots.keys()]) if (store.slots.has(slot) && await openRecord(app, slot)) return;
  await showExample(app);
}

// openRecord opens a stored plan; one with problems opens with its
// problems marked, and one the form cannot show is set aside.
async function openRecord(app, slot) {
  const { store } = app;
  const rec = store.slots.get(slot);
  // A plan that cannot be planned is not reported as unreadable: it is
  // opened below with its problems marked.
  if (await openPlan(app, JSON.stringify(rec.plan), 'The plan saved in this browser', { slot, scenario: rec.scenario, report: () => {} })) return true;
  try {
    store.current = slot;
    app.unstored = '';
    rememberTab(slot, '');
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

// showExample shows the worked example without storing it: it is stored
// once changed, or when asked for (New plan → the worked example).
async function showExample(app) {
  await openPlan(app, JSON.stringify(app.example), 'The worked example', { unstored: true });
}

// replaceKept makes the plan opened beside a kept plan with the same id
// (clash.kept) take that plan's place, as the user asked; undone, both are
// back as they were.
async function replaceKept(app, slot, clash) {
  const { store } = app;
  flushSave(app);
  const kept = store.slots.get(clash.kept);
  const copy = store.slots.get(slot);
  if (!kept || !copy) return;
  const { from, opened, ...rest } = copy;
  removeSlot(store, slot);
  writeSlot(store, clash.kept, { ...rest, changed: new Date().toISOString(), state: '', plan: { ...copy.plan, id: clash.id } });
  await openRecord(app, clash.kept);
  const title = copy.plan.title || 'Untitled plan';
  setStatus(`“${clash.title}” is replaced by “${title}”.`);
  offerUndo(`Replaced “${clash.title}” by “${title}”.`, async () => {
    keepSlot(store, clash.kept, kept);
    writeSlot(store, slot, copy);
    await openRecord(app, slot);
    setStatus(`“${clash.title}” is back, and “${title}” is kept beside it.`);
  });
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
    const shown = slot === store.current;
    if (shown) {
      store.current = '';
      await openCurrent(app);
    }
    renderLibrary(store);
    offerUndo(`Deleted “${title}”.`, async () => {
      // Back as it was; it is shown again only if it was shown.
      if (shown) {
        writeSlot(store, slot, rec);
        await openRecord(app, slot);
      } else {
        keepSlot(store, slot, rec);
        renderLibrary(store);
      }
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
    // The page's own address: each calendar event links back to the plan.
    const out = await app.call('export', JSON.stringify(app.plan), format, scenario, location.origin + location.pathname);
    download(`${baseName(app.plan)}${scenario === app.V.all_scenarios ? '-all-scenarios' : ''}.${ext}`, type, out.text);
  } catch (err) {
    problems(app, `The ${ext.toUpperCase()} file could not be made`, [{ message: err.message }]);
  }
}

export { clearUndo };
