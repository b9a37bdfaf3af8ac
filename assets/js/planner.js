// The planner page's entry point (bundled by Hugo's js.Build): it starts
// the engine (Go compiled to WebAssembly), makes the page's state, app,
// and wires the page's events to the modules in planner/. Every planning
// rule, every date, every word of the vocabulary (#planner-vocabulary,
// written by the site build from the engine) and every piece of results
// markup comes from the engine; the script only moves values between the
// form, the engine, the address bar and this browser's storage. Nothing
// leaves the browser.

import { $, setStatus, today } from './planner/dom.js';
import { startEngine } from './planner/engine.js';
import { countMeetings, fillForm, meetingOptions, meetingPinRow, meetingPinnable, meetingRow, pinRow, pinnable, syncDirection, syncStages } from './planner/form.js';
import { download, baseName, importPick } from './planner/files.js';
import { renderLibrary } from './planner/library.js';
import { canon, exportAs, flushSave, libraryAction, newPlan, openCurrent, openFromHash, openPlan, otherTab, recompute, settled, typed } from './planner/plans.js';
import { showProblems } from './planner/results.js';
import { lifeAction } from './planner/life.js';
import { newStore, readStore, tabMemory } from './planner/storage.js';
import { wireViews } from './planner/views.js';

function storageFailed(err) {
  $('pf-storage-note').textContent = 'This browser does not let the planner keep plans (storage is full, disabled, or the browser is in private mode). Your plan lives in the address: copy the link, or download the plan file, to keep it.';
  setStatus(`${$('pf-storage-note').textContent} (${err.name || err})`);
}

// inPlan tells whether an event comes from the plan's own fields.
function inPlan(e) {
  return e.target.type !== 'file' && e.target.closest('#plan-fields, #plan-editor');
}

function wireForm(app) {
  const { form, V } = app;
  form.addEventListener('input', (e) => {
    if (!inPlan(e)) return;
    if (e.target.name === 'direction') syncDirection(form);
    // Another decision: its list of meetings starts with those that can take it.
    if (e.target.dataset.field === 'step' && e.target.closest('#pf-meeting-pins')) meetingOptions(form, V, e.target.closest('tr'));
    if (e.target.name === 'deliverable' || e.target.name === 'itu_process') syncStages(form, V);
    // Typing recomputes when the reader pauses, not at every key.
    if (e.target.type === 'text') typed(app, e.target);
    else recompute(app);
  });
  form.addEventListener('change', (e) => {
    if (!inPlan(e)) return;
    if (e.target.name === 'deliverable' || e.target.name === 'itu_process') syncStages(form, V);
    if (e.target.name === 'direction') syncDirection(form);
    if (e.target.type === 'radio' || e.target.tagName === 'SELECT') recompute(app);
    else settled(app, e.target);
  });
  // A pinned meeting's list follows the calendars as they are when it is opened.
  form.addEventListener('focusin', (e) => {
    if (e.target.dataset.field === 'meeting') meetingOptions(form, V, e.target.closest('tr'));
  });
  // Leaving a field typed in recomputes at once, even with its value as it was.
  form.addEventListener('focusout', (e) => settled(app, e.target));
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', (e) => {
    const t = e.target;
    if (t.classList.contains('pf-remove')) {
      const sec = t.closest('.pf-calendar');
      t.closest('tr').remove();
      if (sec) countMeetings(sec);
      recompute(app);
    } else if (t.classList.contains('pf-add')) {
      const sec = t.closest('.pf-calendar');
      const row = meetingRow(V, sec.dataset.calendar, { kind: sec.dataset.kinds.split(' ')[0] });
      sec.querySelector('tbody').append(row);
      countMeetings(sec);
      row.querySelector('input').focus();
      recompute(app);
    } else if (t.id === 'pf-add-pin') {
      const used = new Set([...$('pf-pins').querySelectorAll('select')].map((s) => s.value));
      const free = pinnable(form, V).find((p) => !used.has(p.id));
      const row = pinRow(form, V, free ? free.id : '', '');
      $('pf-pins').tBodies[0].append(row);
      row.querySelector('select').focus();
    } else if (t.id === 'pf-add-meeting-pin') {
      const used = new Set([...$('pf-meeting-pins').querySelectorAll('[data-field=step]')].map((s) => s.value));
      const free = meetingPinnable(form, V).find((p) => !used.has(p.id));
      const row = meetingPinRow(form, V, free ? free.id : '', '');
      $('pf-meeting-pins').tBodies[0].append(row);
      row.querySelector('select').focus();
    } else if (t.classList.contains('pf-show-scenario')) {
      form.elements.scenario.value = t.dataset.scenario;
      recompute(app);
      form.elements.scenario.focus();
    } else if (t.classList.contains('pf-life')) {
      setStatus(lifeAction(app, t));
      recompute(app);
    } else if (t.classList.contains('pf-lib')) {
      libraryAction(app, t.dataset.act, t.dataset.slot);
    }
  });
}

function wireLibrary(app) {
  const { form } = app;
  $('pf-plans').addEventListener('click', () => {
    const lib = $('pf-library');
    lib.hidden = !lib.hidden;
    $('pf-plans').setAttribute('aria-expanded', String(!lib.hidden));
    if (!lib.hidden) lib.querySelector('h2').scrollIntoView({ block: 'nearest' });
  });
  $('pf-new').addEventListener('click', () => {
    $('pf-library').hidden = false;
    $('pf-plans').setAttribute('aria-expanded', 'true');
    form.querySelector('[name=newfrom]').focus();
  });
  $('pf-create').addEventListener('click', () => newPlan(app));
}

function wireToolbar(app) {
  const { V } = app;
  $('pf-download').addEventListener('click', () => download(`${baseName(app.plan)}.commontext.json`, 'application/json', `${JSON.stringify(app.plan, null, 2)}\n`));
  $('pf-ics').addEventListener('click', () => exportAs(app, 'ics', 'text/calendar', 'ics'));
  $('pf-ics-all').addEventListener('click', () => exportAs(app, 'ics', 'text/calendar', 'ics', V.all_scenarios));
  $('pf-csv').addEventListener('click', () => exportAs(app, 'csv', 'text/csv', 'csv'));
  $('pf-print').addEventListener('click', () => window.print());
  $('pf-cancel').addEventListener('click', () => app.engine.cancel());
  $('pf-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('The link to this plan is copied. Anyone who opens it sees this plan and this scenario; it holds the whole plan, so nothing is stored anywhere else.');
    } catch {
      setStatus('Copy the address from the address bar: it holds the whole plan.');
    }
  });
}

function wireFiles(app) {
  const { form, V } = app;
  for (const input of form.querySelectorAll('.pf-import')) {
    input.addEventListener('change', async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const sec = e.target.closest('.pf-calendar');
      if (file.size > V.limits.calendar_bytes) { // before reading: a file of any size froze the page
        app.hasProblems = showProblems(form, `${file.name} could not be imported`, [{ message: `the file is ${Math.round(file.size / 1024)} KiB; a calendar file is at most ${V.limits.calendar_bytes >> 10} KiB, so it was not read` }]);
        return;
      }
      let res;
      try {
        res = await app.call('importMeetings', await file.text(), sec.dataset.calendar);
      } catch (err) {
        res = { problems: [{ message: err.message }] };
      }
      if (res.problems && res.problems.length) {
        app.hasProblems = showProblems(form, `${file.name} could not be imported`, res.problems);
        return;
      }
      importPick(V, sec, file.name, res, () => recompute(app));
    });
  }
  // A rejected file is reported at the upload control, in words naming the
  // file; the plan shown and its fields are left as they are.
  const upMsg = $('pf-upload-msg');
  const rejected = (title, list) => {
    upMsg.textContent = `${title}: ${(list || []).map((p) => p.message).join('; ') || 'no reason given'}. The plan shown is unchanged.`;
    upMsg.hidden = false;
    setStatus(upMsg.textContent);
  };
  $('pf-upload').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    upMsg.hidden = true;
    upMsg.textContent = '';
    if (file.size > V.limits.plan_bytes) {
      rejected(`The file ${file.name} was not opened`, [{ message: `it is ${Math.round(file.size / 1024)} KiB; a plan file is at most ${V.limits.plan_bytes >> 10} KiB` }]);
      return;
    }
    if (await openPlan(app, await file.text(), `The file ${file.name}`, { report: rejected })) setStatus(`Opened ${file.name} beside your other plans.`);
  });
}

function wire(app) {
  wireForm(app);
  wireLibrary(app);
  wireToolbar(app);
  wireFiles(app);
  wireViews(app);
  addEventListener('pagehide', () => flushSave(app));
  // Each printed page's header names the plan and the day it was printed.
  addEventListener('beforeprint', () => { $('pf-print-title').dataset.printed = today(); });
  // Another tab changed the plans kept in this browser.
  addEventListener('storage', (e) => { if (e.storageArea === localStorage) otherTab(app, e); });
  // A link pasted or followed while the page is open shows its plan.
  window.addEventListener('hashchange', async () => {
    if (await openFromHash(app)) setStatus('Opened the plan of the link beside your other plans.');
  });
}

// prefill fills the form with the plan the page will open when no link
// asks for another (the plan last shown in this tab or browser, else the
// worked example), so that this is done while the engine starts rather than
// after. It returns that plan as canonical JSON; openPlan fills the form
// again only if the engine's form of the plan differs.
function prefill(form, V, store, example) {
  if (location.hash.length > 1) return '';
  const slot = [tabMemory().slot, store.current, ...store.slots.keys()].find((s) => store.slots.has(s));
  const plan = slot ? store.slots.get(slot).plan : example;
  try {
    fillForm(form, V, plan);
  } catch {
    return ''; // a record the form cannot show: opened, or set aside, later
  }
  return canon(plan);
}

async function main() {
  const form = $('plan-form');
  const example = JSON.parse($('example-plan').textContent);
  // recompute: ms from an edit to its results shown; engine: the part of
  // each that the engine's call took in its worker; changed: the nodes
  // each result changed in the page; computes: the computations sent.
  const timings = { recompute: [], engine: [], changed: [], computes: 0 };
  globalThis.commontextTimings = timings;
  setStatus('Loading the planner…');
  const V = JSON.parse($('planner-vocabulary').textContent);
  const starting = startEngine({ worker: form.dataset.worker, exec: form.dataset.wasmExec, wasm: form.dataset.wasm }, setStatus);
  // While the engine's worker starts, the form is filled with the plan that
  // will be shown, when that is known without the engine (see prefill).
  const store = newStore(storageFailed, V.limits.plan_bytes + V.limits.link_bytes);
  readStore(store);
  const prefilled = prefill(form, V, store, example);
  let engine;
  try {
    engine = await starting;
    timings.memory = engine.memory; // read by the tests and the bench
    timings.startup = engine.phases();
    performance.mark('planner-engine-ready');
  } catch (err) {
    if (prefilled) fillForm(form, V, example); // the results below are the example's
    setStatus(`The planner could not start (${err.message}). The worked example below was planned when the site was built.`);
    return;
  }
  const app = {
    form,
    V,
    example,
    clauses: form.dataset.clauses,
    engine,
    call: engine.call,
    seq: 0, // the number of the latest edit
    computing: false, // whether a computation is in flight
    store,
    timings,
    plan: structuredClone(example), // the plan shown
    scenario: '', // the scenario shown
    hasProblems: false,
    resultsOf: undefined, // the slot whose results are shown (none: the pre-rendered example)
    typing: null, // the text field being typed in
    typeTimer: 0,
    saveTimer: 0,
    opened: false, // whether the first plan is open (see otherTab)
    prefilled, // the plan the form was filled with before the engine was ready (canonical JSON), or ''
  };
  // The engine's functions, for the tests (each returns its JSON text).
  globalThis.commontext = new Proxy({}, { get: (_, name) => (...args) => engine.raw(name, ...args) });
  wire(app);
  for (const f of [$('plan-fields'), $('plan-editor')]) f.disabled = false;
  for (const b of form.querySelectorAll('.pf-toolbar button, #pf-upload')) b.disabled = false;

  // The plan comes from the link (opened beside the stored plans), else the
  // plan last shown in this browser, else the worked example.
  if (!(await openFromHash(app))) await openCurrent(app);
  app.opened = true; // from now on, another tab's change to this plan shows here
  renderLibrary(store);
  performance.mark('planner-interactive');
  let note = '';
  if (!store.ok) note = app.hasProblems ? ' This browser cannot keep plans, and the address holds no link to a plan with problems: download the plan file to keep it.' : ' This browser cannot keep plans: the link holds yours.';
  else if (!store.current) note = ' The worked example is shown: it is kept in this browser once you change it.';
  const n = store.unreadable.size;
  if (n) note += ` ${n} plan${n === 1 ? '' : 's'} stored in this browser cannot be read: kept as ${n === 1 ? 'it was' : 'they were'}, listed under Your plans with a download.`;
  setStatus($('plan-problems').hidden
    ? `The planner is ready: every change recomputes the plan and is kept in this browser. Nothing leaves your browser.${note}`
    : `The planner is ready, but see the message below. Every change recomputes the plan; nothing leaves your browser.${note}`);
}

main();
