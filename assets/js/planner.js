// The planner page's glue: it reads the form into a plan, asks the engine
// (Go compiled to WebAssembly, exposed as globalThis.commontext) to plan it,
// and shows the HTML the engine renders. Every planning rule, every date,
// every word of the vocabulary (#planner-vocabulary, written by the site
// build from the engine) and every piece of results markup comes from the
// engine; this file only moves values between the form, the engine, the
// address bar and this browser's storage. Nothing leaves the browser.

const $ = (id) => document.getElementById(id);
const form = $('plan-form');
const fieldsets = [$('plan-fields'), $('plan-editor')];
const statusEl = $('planner-status');
const results = $('plan-results');
const problemsEl = $('plan-problems');
const example = JSON.parse($('example-plan').textContent);
const V = JSON.parse($('planner-vocabulary').textContent);
const clauses = form.dataset.clauses;

let plan = structuredClone(example);
let scenarioShown = '';
let engine = null;
let hasProblems = false;
const timings = { recompute: [] };
globalThis.commontextTimings = timings;

function setStatus(text) { statusEl.textContent = text; }

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// call runs an engine function and parses its JSON answer; an {"error"}
// answer (including a recovered panic) becomes an exception.
function call(name, ...args) {
  const out = JSON.parse(engine[name](...args));
  if (out && out.error) throw new Error(out.error);
  return out;
}

function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

// ---- the plans kept in this browser --------------------------------------
// Each plan is its own storage entry (commontext.plans/SLOT), so that one
// that cannot be read is left exactly as it is, listed with a way to
// download it, and never written over: new plans get new slots.

const PREFIX = 'commontext.plans/';
const CURRENT = 'commontext.plans.current';
const LEGACY = 'commontext.plan.v1';
const store = { ok: true, slots: new Map(), unreadable: new Map(), current: '' };

function newSlot() { return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`; }

function storageFailed(err) {
  store.ok = false;
  $('pf-storage-note').textContent = 'This browser does not let the planner keep plans (storage is full, disabled, or the browser is in private mode). Your plan lives in the address: copy the link, or download the plan file, to keep it.';
  setStatus(`${$('pf-storage-note').textContent} (${err.name || err})`);
}

function readStore() {
  store.slots.clear();
  store.unreadable.clear();
  try {
    const legacy = localStorage.getItem(LEGACY);
    if (legacy !== null && localStorage.getItem(`${PREFIX}legacy`) === null) {
      localStorage.setItem(`${PREFIX}legacy`, JSON.stringify({ changed: new Date().toISOString(), plan: JSON.parse(legacy) }));
      localStorage.removeItem(LEGACY);
    }
  } catch { /* an unreadable legacy plan stays where it is */ }
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key.startsWith(PREFIX)) continue;
      const raw = localStorage.getItem(key);
      const slot = key.slice(PREFIX.length);
      try {
        if (raw.length > V.limits.plan_bytes + V.limits.link_bytes) throw new Error(`larger than the ${(V.limits.plan_bytes + V.limits.link_bytes) >> 10} KiB a kept plan and its link may be`);
        const rec = JSON.parse(raw);
        if (!rec || typeof rec.plan !== 'object' || rec.plan === null) throw new Error('no plan in it');
        store.slots.set(slot, rec);
      } catch (err) {
        store.unreadable.set(slot, { raw, why: err.message });
      }
    }
    store.current = localStorage.getItem(CURRENT) || '';
  } catch (err) {
    storageFailed(err);
  }
}

function writeSlot(slot, rec) {
  store.slots.set(slot, rec);
  if (!store.ok) return;
  try {
    localStorage.setItem(PREFIX + slot, JSON.stringify(rec));
    localStorage.setItem(CURRENT, slot);
  } catch (err) {
    storageFailed(err);
  }
}

function removeSlot(slot) {
  store.slots.delete(slot);
  if (!store.ok) return;
  try { localStorage.removeItem(PREFIX + slot); } catch (err) { storageFailed(err); }
}

// markUnreadable sets a stored plan aside: listed, downloadable, untouched.
function markUnreadable(slot, why) {
  const rec = store.slots.get(slot);
  store.slots.delete(slot);
  store.unreadable.set(slot, { raw: JSON.stringify(rec), why });
}

function fmtTime(iso) { return iso ? iso.slice(0, 16).replace('T', ' ') : '—'; }

function renderLibrary() {
  $('pf-plan-count').textContent = store.slots.size;
  const rows = [];
  const sorted = [...store.slots].sort((a, b) => (b[1].changed || '').localeCompare(a[1].changed || ''));
  for (const [slot, rec] of sorted) {
    const title = rec.plan.title || 'Untitled plan';
    const cur = slot === store.current;
    const name = el('th', { scope: 'row' }, title, cur ? el('span', { className: 'pf-tag' }, ' (shown)') : '');
    const acts = el('td', { className: 'pf-row-actions' });
    for (const [label, act] of [['Open', 'open'], ['Rename', 'rename'], ['Duplicate', 'dup'], ['Delete', 'del']]) {
      if (cur && act === 'open') continue;
      const btn = el('button', { type: 'button', textContent: label, className: 'pf-lib' });
      btn.setAttribute('aria-label', `${label} “${title}”`);
      btn.dataset.act = act;
      btn.dataset.slot = slot;
      acts.append(btn, ' ');
    }
    rows.push(el('tr', cur ? { className: 'pf-current' } : {}, name, el('td', {}, el('time', { dateTime: rec.changed || '' }, fmtTime(rec.changed))), acts));
  }
  for (const [slot, u] of store.unreadable) {
    const btn = el('button', { type: 'button', textContent: 'Download it', className: 'pf-lib' });
    btn.dataset.act = 'rescue';
    btn.dataset.slot = slot;
    rows.push(el('tr', { className: 'pf-unreadable' },
      el('th', { scope: 'row' }, `A stored plan that cannot be read (${u.why}). It is kept as it was.`),
      el('td', {}, '—'), el('td', {}, btn)));
  }
  $('pf-plan-rows').replaceChildren(...rows);
}

// ---- undo ----------------------------------------------------------------

let undo = null;
function offerUndo(text, fn) {
  undo = fn;
  $('pf-undo-text').textContent = text;
  $('pf-undo').hidden = false;
}
function clearUndo() { undo = null; $('pf-undo').hidden = true; }

// ---- the form ------------------------------------------------------------

const ISO = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
function dateInput(value) {
  return el('input', { type: 'text', value: value || '', pattern: ISO, placeholder: 'YYYY-MM-DD', inputMode: 'numeric', size: 10 });
}

function meetingRow(calendar, m) {
  const cal = V.calendars.find((c) => c.id === calendar);
  const tr = el('tr');
  tr.dataset.id = m.id || `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const cell = (input, field, label) => {
    input.dataset.field = field;
    input.setAttribute('aria-label', label);
    tr.append(el('td', {}, input));
    tr.lastChild.dataset.label = label;
    return input;
  };
  cell(el('input', { type: 'text', value: m.body || '', maxLength: V.limits.text_len }), 'body', 'Body');
  cell(el('select', {}, ...cal.kinds.map((k) => el('option', { value: k.id, textContent: k.label, selected: k.id === m.kind }))), 'kind', 'Kind');
  cell(dateInput(m.start), 'start', 'First day');
  cell(dateInput(m.end), 'end', 'Last day');
  cell(el('input', { type: 'text', value: m.place || '', maxLength: V.limits.text_len }), 'place', 'Place');
  const del = el('button', { type: 'button', textContent: 'Remove', className: 'pf-remove' });
  del.setAttribute('aria-label', `Remove meeting ${m.body || ''} ${m.start || ''}`.trim());
  tr.append(el('td', {}, del));
  return tr;
}

function pinnable() {
  const d = V.deliverables.find((x) => x.id === form.elements.deliverable.value) || V.deliverables[0];
  return d.pinnable[form.elements.itu_process.value] || d.pinnable.aap;
}

function pinRow(step, date) {
  const sel = el('select', {}, ...pinnable().map((p) => el('option', { value: p.id, textContent: p.label })));
  if (step && ![...sel.options].some((o) => o.value === step)) sel.append(el('option', { value: step, textContent: step }));
  if (step) sel.value = step;
  sel.dataset.field = 'step';
  sel.setAttribute('aria-label', 'Step');
  const d = dateInput(date);
  d.setAttribute('aria-label', 'Pinned date');
  d.dataset.field = 'date';
  const del = el('button', { type: 'button', textContent: 'Remove', className: 'pf-remove' });
  del.setAttribute('aria-label', `Remove the pinned date of ${sel.selectedOptions[0] ? sel.selectedOptions[0].textContent : 'a step'}`);
  return el('tr', {}, el('td', {}, sel), el('td', {}, d), el('td', {}, del));
}

function fillForm(p) {
  form.elements.title.value = p.title || '';
  form.elements.deliverable.value = p.deliverable || V.deliverables[0].id;
  form.elements.itu_process.value = p.itu_process || V.processes[0].id;
  form.elements.mode.value = p.mode || V.modes[0].id;
  form.elements.direction.value = p.target ? 'backward' : 'forward';
  syncStages();
  form.elements.stage.value = (p.start && p.start.stage) || form.elements.stage.options[0].value;
  form.elements.start.value = (p.start && p.start.date) || '';
  form.elements.target.value = p.target || '';
  form.elements.ruleset.value = (p.rules && p.rules.set) || V.rule_sets[0].name;
  const ov = (p.rules && p.rules.overrides) || {};
  for (const e of form.querySelectorAll('.pf-override')) e.value = ov[e.dataset.rule] || '';
  for (const sec of form.querySelectorAll('.pf-calendar')) {
    const body = sec.querySelector('tbody');
    body.replaceChildren(...((p.meetings && p.meetings[sec.dataset.calendar]) || []).map((m) => meetingRow(sec.dataset.calendar, m)));
    sec.querySelector('.pf-count').textContent = body.rows.length;
  }
  const pins = (p.pins && p.pins.dates) || {};
  $('pf-pins').tBodies[0].replaceChildren(...Object.keys(pins).sort().map((k) => pinRow(k, pins[k])));
  $('pf-print-title').textContent = p.title || '';
  syncDirection();
}

// syncStages offers the starting points of the deliverable, named with its
// stage names, and the steps it can pin.
function syncStages() {
  const d = V.deliverables.find((x) => x.id === form.elements.deliverable.value) || V.deliverables[0];
  const sel = form.elements.stage;
  const keep = sel.value;
  sel.replaceChildren(...d.starts.map((s) => el('option', { value: s.id, textContent: s.label })));
  if (d.starts.some((s) => s.id === keep)) sel.value = keep;
  const opts = pinnable();
  for (const s of $('pf-pins').querySelectorAll('select')) {
    const v = s.value;
    s.replaceChildren(...opts.map((p) => el('option', { value: p.id, textContent: p.label })));
    if (!opts.some((p) => p.id === v)) s.append(el('option', { value: v, textContent: v }));
    s.value = v;
  }
}

// syncDirection disables what does not apply: the target going forward,
// the start date going backward (the engine then gives the latest start).
function syncDirection() {
  const backward = form.elements.direction.value === 'backward';
  form.elements.target.disabled = !backward;
  form.elements.start.disabled = backward;
}

// readForm builds the plan from the form, keeping what the form does not
// show (the plan's id, pinned meetings…).
function readForm() {
  const p = structuredClone(plan);
  const v = (name) => form.elements[name].value.trim();
  p.version = 1;
  p.title = v('title') || undefined;
  p.deliverable = v('deliverable');
  p.itu_process = v('itu_process');
  p.mode = v('mode');
  p.start = { stage: v('stage') };
  // A disabled field keeps its value, and the plan keeps it too.
  const backward = v('direction') === 'backward';
  if (v('start')) p.start.date = v('start');
  if (backward) p.target = v('target') || '';
  else delete p.target;
  const overrides = {};
  for (const e of form.querySelectorAll('.pf-override')) if (e.value.trim()) overrides[e.dataset.rule] = e.value.trim();
  p.rules = { set: v('ruleset') };
  if (Object.keys(overrides).length) p.rules.overrides = overrides;
  p.meetings = {};
  for (const sec of form.querySelectorAll('.pf-calendar')) {
    const list = [];
    for (const tr of sec.querySelectorAll('tbody tr')) {
      const m = { id: tr.dataset.id };
      for (const e of tr.querySelectorAll('[data-field]')) if (e.value.trim() !== '') m[e.dataset.field] = e.value.trim();
      list.push(m);
    }
    if (list.length || sec.dataset.calendar !== 'ct') p.meetings[sec.dataset.calendar] = list;
  }
  const dates = {};
  for (const tr of $('pf-pins').tBodies[0].rows) {
    const date = tr.querySelector('[data-field=date]').value.trim();
    if (date) dates[tr.querySelector('[data-field=step]').value] = date; // a new pin counts once dated
  }
  p.pins = Object.assign({}, p.pins);
  if (Object.keys(dates).length) p.pins.dates = dates;
  else delete p.pins.dates;
  if (!Object.keys(p.pins).length) delete p.pins;
  return p;
}

// ---- problems at their fields ----------------------------------------------

// fieldFor finds the input a problem's field path names (0-based indexes,
// e.g. meetings.ct[3].end, pins.dates.STEP, rules.overrides.RULE).
function fieldFor(path) {
  if (!path) return null;
  let m = /^meetings\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?/.exec(path);
  if (m) {
    const sec = form.querySelector(`.pf-calendar[data-calendar="${m[1]}"]`);
    if (!sec) return null;
    const row = m[2] !== undefined ? sec.querySelector('tbody').rows[Number(m[2])] : null;
    if (!row) return sec.querySelector('.pf-add');
    return row.querySelector(`[data-field="${m[3] || 'start'}"]`) || row.querySelector('[data-field]');
  }
  m = /^pins\.dates\.(.+)$/.exec(path);
  if (m) {
    const row = [...$('pf-pins').tBodies[0].rows].find((r) => r.querySelector('[data-field=step]').value === m[1]);
    return row ? row.querySelector('[data-field=date]') : $('pf-add-pin');
  }
  m = /^rules\.overrides\.(.+)$/.exec(path);
  if (m) return $(`ov-${m[1]}`);
  const top = { title: 'pf-title', deliverable: 'pf-deliverable', itu_process: null, mode: null, 'start.stage': 'pf-stage', 'start.date': 'pf-start', start: 'pf-start', target: 'pf-target', 'rules.set': 'pf-ruleset', rules: 'pf-ruleset' }[path];
  return top ? $(top) : null;
}

function clearFieldErrors() {
  for (const e of form.querySelectorAll('[aria-invalid]')) {
    e.removeAttribute('aria-invalid');
    e.removeAttribute('aria-describedby');
  }
  for (const e of form.querySelectorAll('.pf-err')) e.remove();
}

let errSeq = 0;
function markField(input, message) {
  const id = `pf-err-${++errSeq}`;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} ${id}`.trim());
  input.after(el('span', { className: 'pf-err', id, textContent: message }));
  const det = input.closest('details');
  if (det) det.open = true;
}

// showProblems lists what is wrong, and marks each problem at its field;
// the results are marked stale unless they are a fallback that is itself
// fine (fresh).
function showProblems(title, problems, fresh = false) {
  clearFieldErrors();
  hasProblems = !!(problems && problems.length);
  if (!hasProblems) {
    problemsEl.hidden = true;
    problemsEl.replaceChildren();
    results.classList.remove('stale');
    return;
  }
  const ul = el('ul');
  for (const pr of problems) {
    const input = fieldFor(pr.field);
    const li = el('li', {}, pr.message);
    if (input) {
      markField(input, pr.message);
      const go = el('button', { type: 'button', className: 'pf-goto', textContent: 'Go to the field' });
      go.addEventListener('click', () => input.focus());
      li.append(' ', go);
    }
    ul.append(li);
  }
  problemsEl.replaceChildren(el('h2', { textContent: title }), ul);
  problemsEl.hidden = false;
  results.classList.toggle('stale', !fresh);
}

// show displays an engine result; it returns whether the plan was planned.
function show(res) {
  if (res.plan) plan = res.plan;
  if (res.problems && res.problems.length) {
    showProblems('This plan has problems: see the marked fields', res.problems);
    setStatus('The plan has problems: each is marked at its field.');
    saveSoon();
    return false;
  }
  if (hasProblems) setStatus('The plan is planned: every change recomputes it.');
  showProblems();
  results.innerHTML = res.html; // markup made by the engine, which escapes all text
  const sel = form.elements.scenario;
  const keep = scenarioShown || sel.value;
  sel.replaceChildren(...(res.scenarios || []).map((s) => el('option', { value: s.id, textContent: s.publication ? `${s.label} (publication ${s.publication})` : s.label })));
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  // What scrolls sideways can be reached by keyboard.
  for (const w of results.querySelectorAll('.timeline-wrap, .table-wrap')) {
    w.tabIndex = 0;
    w.setAttribute('role', 'region');
    const h = w.closest('section') && w.closest('section').querySelector('h2');
    w.setAttribute('aria-label', `${h ? h.textContent : 'Results'} (scrolls sideways)`);
  }
  // Each scenario row gets a real control that shows it.
  for (const tr of results.querySelectorAll('tr[data-scenario]:not([aria-current])')) {
    const b = el('button', { type: 'button', className: 'pf-show-scenario', textContent: 'Show' });
    b.dataset.scenario = tr.dataset.scenario;
    tr.cells[0].append(b);
  }
  $('pf-print-title').textContent = plan.title || '';
  saveSoon();
  return true;
}

// saveSoon writes the plan into the address and this browser's storage once
// the reader pauses: encoding the link is a third of a recompute's work.
let saveTimer = 0;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveTimer = 0; save(); }, 150);
}

// flushSave keeps at once what saveSoon would keep later: before another
// plan is opened (the pending save belongs to the plan shown) and before the
// page goes away, so an edit is neither lost nor written into the wrong plan.
function flushSave() {
  if (!saveTimer) return;
  clearTimeout(saveTimer);
  saveTimer = 0;
  save();
}

function fragment(state) {
  const sc = form.elements.scenario;
  return sc.selectedIndex > 0 ? `#${state}&s=${sc.value}` : `#${state}`;
}

// A plan with problems has no link yet, but is kept all the same.
function save() {
  if (!store.current) return;
  let state = '';
  try {
    state = call('state', JSON.stringify(plan)).state || '';
  } catch { /* kept without a link */ }
  if (state) history.replaceState(null, '', fragment(state));
  const rec = store.slots.get(store.current);
  const same = rec && (state ? rec.state === state : JSON.stringify(rec.plan) === JSON.stringify(plan));
  if (same && rec.scenario === form.elements.scenario.value) return;
  writeSlot(store.current, { changed: new Date().toISOString(), state, scenario: form.elements.scenario.value, plan });
  renderLibrary();
}

function recompute() {
  const t0 = performance.now();
  plan = readForm();
  scenarioShown = form.elements.scenario.value;
  let res;
  try {
    res = call('compute', JSON.stringify(plan), scenarioShown, today(), clauses);
  } catch (err) {
    showProblems('The planner met an error', [{ message: err.message }]);
    return;
  }
  show(res);
  timings.recompute.push(performance.now() - t0);
}

// openPlan shows a plan text (a plan file's JSON) in its own slot, beside
// the others: the slot that holds the same plan already, else a new one.
// It returns whether the text was a plan.
function openPlan(text, what, { slot = '', scenario = '' } = {}) {
  flushSave();
  let res;
  try {
    res = call('compute', text, scenario, today(), clauses, 'plan');
  } catch (err) {
    showProblems(`${what} could not be read`, [{ message: err.message }]);
    return false;
  }
  if (!res.plan) {
    showProblems(`${what} is not a plan this planner can read`, res.problems);
    return false;
  }
  let state = '';
  try { state = call('state', JSON.stringify(res.plan)).state || ''; } catch { /* planned below anyway */ }
  if (!slot) {
    for (const [s, rec] of store.slots) if (state && rec.state === state) slot = s;
  }
  if (!slot) {
    if (!store.ok && !confirm('This browser cannot keep plans, so opening this one replaces the plan shown. Download the plan shown first if you need it. Open the new plan?')) return false;
    slot = newSlot();
    writeSlot(slot, { changed: new Date().toISOString(), state, scenario, plan: res.plan });
  }
  store.current = slot;
  try { if (store.ok) localStorage.setItem(CURRENT, slot); } catch (err) { storageFailed(err); }
  plan = res.plan;
  scenarioShown = scenario || (store.slots.get(slot) || {}).scenario || '';
  fillForm(res.plan);
  show(res);
  // Kept at once, not once the reader pauses: the plan is complete.
  clearTimeout(saveTimer);
  saveTimer = 0;
  save();
  renderLibrary();
  return true;
}

// openFromHash opens the plan the address names: a preset, or a plan's
// state with the scenario shown (#p1.…&s=ID). It returns whether it did.
async function openFromHash() {
  const hash = location.hash;
  const preset = /^#preset=([a-z0-9-]{1,60})$/.exec(hash);
  if (preset) {
    try {
      if (!form.dataset.presetNames.split(' ').includes(preset[1])) throw new Error(`there is no example named “${preset[1]}”`);
      const r = await fetch(`${form.dataset.presets}${preset[1]}.json`);
      if (!r.ok) throw new Error(`the example “${preset[1]}” could not be loaded (HTTP ${r.status})`);
      if (openPlan(await r.text(), `The example “${preset[1]}”`)) return true;
    } catch (err) {
      openCurrent();
      showProblems('The link names an example this planner does not have; your plans are as they were', [{ message: err.message }], true);
      return true;
    }
    return false;
  }
  if (hash.length <= 1) return false;
  const [state, ...opts] = hash.slice(1).split('&');
  const scenario = (opts.find((o) => o.startsWith('s=')) || '').slice(2);
  const current = store.slots.get(store.current);
  if (current && current.state === state) {
    scenarioShown = scenario;
    return false; // the plan shown already
  }
  let res;
  try {
    res = call('fromState', state, scenario, today(), clauses);
  } catch (err) {
    res = { problems: [{ message: err.message }] };
  }
  if (res.plan) return openPlan(JSON.stringify(res.plan), 'The link', { scenario });
  openCurrent();
  showProblems('The link does not hold a plan this planner can read; your plans are as they were', res.problems, true);
  return true;
}

// openCurrent opens the plan last shown in this browser, else a stored
// one, else the worked example in a new slot.
function openCurrent() {
  for (const slot of [store.current, ...store.slots.keys()]) if (store.slots.has(slot) && openRecord(slot)) return;
  newPlanFromExample();
}

// openRecord opens a stored plan; one with problems opens with its
// problems marked, and one the form cannot show is set aside.
function openRecord(slot) {
  const rec = store.slots.get(slot);
  if (openPlan(JSON.stringify(rec.plan), 'The plan saved in this browser', { slot, scenario: rec.scenario })) return true;
  try {
    store.current = slot;
    plan = structuredClone(rec.plan);
    fillForm(plan);
    recompute();
    renderLibrary();
    return true;
  } catch (err) {
    markUnreadable(slot, err.message);
    return false;
  }
}

// ---- files and links -----------------------------------------------------

function download(name, type, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function baseName(p = plan) {
  const t = (p.title || 'plan').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return t || 'plan';
}

function exportAs(format, type, ext, scenario = form.elements.scenario.value) {
  try {
    const out = call('export', JSON.stringify(plan), format, scenario);
    download(`${baseName()}${scenario === 'all' ? '-all-scenarios' : ''}.${ext}`, type, out.text);
  } catch (err) {
    showProblems(`The ${ext.toUpperCase()} file could not be made`, [{ message: err.message }]);
  }
}

// newPlan starts a plan, empty or the worked example, keeping the chosen
// calendars of the plan shown.
function newPlan() {
  const from = form.elements.newfrom.value;
  const p = from === 'example' ? structuredClone(example) : { version: 1, title: 'New plan', deliverable: V.deliverables[0].id, itu_process: V.processes[0].id, mode: V.modes[0].id, start: { stage: V.deliverables[0].starts[0].id, date: today() }, meetings: { itu: [], jtc1: [] } };
  delete p.id;
  if (from === 'example') p.title = `${p.title} (new)`;
  for (const c of form.querySelectorAll('[name=newcal]:checked')) p.meetings[c.value] = structuredClone((plan.meetings && plan.meetings[c.value]) || []);
  const slot = newSlot();
  store.slots.set(slot, { changed: new Date().toISOString(), plan: p });
  openRecord(slot);
  setStatus(`Started “${p.title}”; your other plans are kept (Your plans).`);
}

function libraryAction(act, slot) {
  flushSave();
  const rec = store.slots.get(slot);
  if (act === 'rescue') {
    const u = store.unreadable.get(slot);
    download(`unreadable-plan-${slot}.json`, 'application/json', u.raw);
    return;
  }
  if (!rec) return;
  const title = rec.plan.title || 'Untitled plan';
  if (act === 'open') openRecord(slot);
  else if (act === 'rename') startRename(slot, rec);
  else if (act === 'dup') {
    const p = structuredClone(rec.plan);
    delete p.id; // a copy is another plan: its calendar events are its own
    p.title = `${title} (copy)`;
    const s = newSlot();
    store.slots.set(s, { changed: new Date().toISOString(), plan: p });
    openPlan(JSON.stringify(p), 'The copy', { slot: s });
    setStatus(`“${p.title}” is open; “${title}” is kept.`);
  } else if (act === 'del') {
    removeSlot(slot);
    if (slot === store.current) {
      store.current = '';
      if (store.slots.size) openCurrent();
      else newPlanFromExample();
    }
    renderLibrary();
    offerUndo(`Deleted “${title}”.`, () => {
      writeSlot(slot, rec);
      openRecord(slot);
      setStatus(`“${title}” is back.`);
    });
  }
}

// startRename turns a plan's name in the list into a text field, in place:
// Enter or "Save" keeps the new title, Escape or "Cancel" leaves it as it was.
function startRename(slot, rec) {
  const title = rec.plan.title || 'Untitled plan';
  const th = $('pf-plan-rows').querySelector(`.pf-lib[data-slot="${slot}"]`).closest('tr').cells[0];
  const input = el('input', { type: 'text', value: rec.plan.title || '', maxLength: V.limits.text_len, className: 'pf-rename' });
  input.setAttribute('aria-label', `New title for “${title}”`);
  const ok = el('button', { type: 'button', textContent: 'Save' });
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  const done = (keep) => {
    if (keep && input.value.trim() && input.value.trim() !== rec.plan.title) renamePlan(slot, input.value.trim());
    renderLibrary();
    const back = $('pf-plan-rows').querySelector(`.pf-lib[data-act="rename"][data-slot="${slot}"]`);
    if (back) back.focus();
  };
  // Enter keeps the title when it is released, so that the key press does
  // not also press the Rename button that gets the focus back.
  let entering = false;
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); entering = true; }
    if (e.key === 'Escape') { e.preventDefault(); done(false); }
  });
  input.addEventListener('keyup', (e) => {
    if (e.key === 'Enter' && entering) done(true);
  });
  ok.addEventListener('click', () => done(true));
  cancel.addEventListener('click', () => done(false));
  th.replaceChildren(input, ' ', ok, ' ', cancel);
  input.focus();
  input.select();
}

// renamePlan retitles a stored plan; the plan shown is retitled through its
// form, so that its link and results follow.
function renamePlan(slot, title) {
  if (slot === store.current) {
    $('pf-title').value = title;
    recompute();
    flushSave();
  } else {
    const rec = store.slots.get(slot);
    const p = { ...rec.plan, title };
    let state = '';
    try { state = call('state', JSON.stringify(p)).state || ''; } catch { /* kept without a link */ }
    store.slots.set(slot, { ...rec, changed: new Date().toISOString(), state, plan: p });
    if (store.ok) {
      try { localStorage.setItem(PREFIX + slot, JSON.stringify(store.slots.get(slot))); } catch (err) { storageFailed(err); }
    }
  }
  setStatus(`Renamed to “${title}”.`);
}

function newPlanFromExample() {
  const slot = newSlot();
  store.slots.set(slot, { changed: new Date().toISOString(), plan: structuredClone(example) });
  openPlan(JSON.stringify(example), 'The worked example', { slot });
}

// importPick lists the events of a calendar file and lets the reader
// choose which become meetings; the planner's own exports are unticked.
function importPick(sec, file, res) {
  const pick = sec.querySelector('.pf-import-pick');
  const ours = new Set(res.ours || []);
  const have = new Set([...sec.querySelectorAll('tbody tr')].map((r) => r.dataset.id));
  const items = (res.meetings || []).map((m) => {
    const box = el('input', { type: 'checkbox', checked: !ours.has(m.id) && !have.has(m.id), disabled: have.has(m.id) });
    box.dataset.id = m.id;
    return el('li', {}, el('label', {}, box, ` ${m.start} to ${m.end}: ${m.body || 'meeting'}${m.place ? `, ${m.place}` : ''}${have.has(m.id) ? ' (already there)' : ''}`));
  });
  const note = ours.size ? `${ours.size} of these events come from this planner's own calendar export: they are steps of a plan, not meetings, and are not ticked.` : '';
  const add = el('button', { type: 'button', className: 'pf-pick-add', textContent: 'Add the ticked meetings' });
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  pick.replaceChildren(el('p', {}, `${file}: ${items.length} event${items.length === 1 ? '' : 's'}. ${note}`), el('ul', { className: 'pf-pick-list' }, ...items), el('p', {}, add, ' ', cancel));
  pick.hidden = false;
  sec.open = true;
  cancel.addEventListener('click', () => { pick.hidden = true; pick.replaceChildren(); });
  add.addEventListener('click', () => {
    const chosen = new Set([...pick.querySelectorAll('input:checked')].map((b) => b.dataset.id));
    const body = sec.querySelector('tbody');
    let added = 0;
    for (const m of res.meetings) if (chosen.has(m.id)) { body.append(meetingRow(sec.dataset.calendar, m)); added++; }
    sec.querySelector('.pf-count').textContent = body.rows.length;
    pick.hidden = true;
    pick.replaceChildren();
    setStatus(`Imported ${added} meeting${added === 1 ? '' : 's'} from ${file}.`);
    recompute();
  });
}

function wire() {
  form.addEventListener('input', (e) => {
    if (e.target.type === 'file' || !e.target.closest('#plan-fields, #plan-editor')) return;
    if (e.target.name === 'direction') syncDirection();
    if (e.target.name === 'deliverable' || e.target.name === 'itu_process') syncStages();
    recompute();
  });
  form.addEventListener('change', (e) => {
    if (e.target.type === 'file' || !e.target.closest('#plan-fields, #plan-editor')) return;
    if (e.target.name === 'deliverable' || e.target.name === 'itu_process') syncStages();
    if (e.target.name === 'direction') syncDirection();
    if (e.target.type === 'radio' || e.target.tagName === 'SELECT') recompute();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', (e) => {
    const t = e.target;
    if (t.classList.contains('pf-remove')) {
      const sec = t.closest('.pf-calendar');
      t.closest('tr').remove();
      if (sec) sec.querySelector('.pf-count').textContent = sec.querySelector('tbody').rows.length;
      recompute();
    } else if (t.classList.contains('pf-add')) {
      const sec = t.closest('.pf-calendar');
      const row = meetingRow(sec.dataset.calendar, { kind: sec.dataset.kinds.split(' ')[0] });
      sec.querySelector('tbody').append(row);
      sec.querySelector('.pf-count').textContent = sec.querySelector('tbody').rows.length;
      row.querySelector('input').focus();
      recompute();
    } else if (t.id === 'pf-add-pin') {
      const used = new Set([...$('pf-pins').querySelectorAll('select')].map((s) => s.value));
      const free = pinnable().find((p) => !used.has(p.id));
      const row = pinRow(free ? free.id : '', '');
      $('pf-pins').tBodies[0].append(row);
      row.querySelector('select').focus();
    } else if (t.classList.contains('pf-show-scenario')) {
      form.elements.scenario.value = t.dataset.scenario;
      recompute();
      form.elements.scenario.focus();
    } else if (t.classList.contains('pf-lib')) {
      libraryAction(t.dataset.act, t.dataset.slot);
    }
  });
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
  $('pf-create').addEventListener('click', newPlan);
  const overviewArgs = () => [...store.slots.values()].flatMap((r) => [r.scenario || '', JSON.stringify(r.plan)]);
  $('pf-overview').addEventListener('click', () => {
    try {
      $('pf-overview-out').innerHTML = call('overview', today(), 'html', ...overviewArgs()).html; // escaped by the engine
    } catch (err) {
      $('pf-overview-out').textContent = err.message;
    }
  });
  $('pf-overview-ics').addEventListener('click', () => {
    try {
      download(`all-plans-${today()}.ics`, 'text/calendar', call('overview', today(), 'ics', ...overviewArgs()).text);
    } catch (err) {
      $('pf-overview-out').textContent = err.message;
    }
  });
  $('pf-undo-button').addEventListener('click', () => { const f = undo; clearUndo(); if (f) f(); });
  $('pf-download').addEventListener('click', () => download(`${baseName()}.commontext.json`, 'application/json', `${JSON.stringify(plan, null, 2)}\n`));
  $('pf-ics').addEventListener('click', () => exportAs('ics', 'text/calendar', 'ics'));
  $('pf-ics-all').addEventListener('click', () => exportAs('ics', 'text/calendar', 'ics', 'all'));
  $('pf-csv').addEventListener('click', () => exportAs('csv', 'text/csv', 'csv'));
  $('pf-print').addEventListener('click', () => window.print());
  $('pf-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('The link to this plan is copied. Anyone who opens it sees this plan and this scenario; it holds the whole plan, so nothing is stored anywhere else.');
    } catch {
      setStatus('Copy the address from the address bar: it holds the whole plan.');
    }
  });
  for (const input of form.querySelectorAll('.pf-import')) {
    input.addEventListener('change', async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const sec = e.target.closest('.pf-calendar');
      if (file.size > V.limits.calendar_bytes) { // before reading: a file of any size froze the page
        showProblems(`${file.name} could not be imported`, [{ message: `the file is ${Math.round(file.size / 1024)} KiB; a calendar file is at most ${V.limits.calendar_bytes >> 10} KiB, so it was not read` }]);
        return;
      }
      let res;
      try {
        res = call('importMeetings', await file.text(), sec.dataset.calendar);
      } catch (err) {
        res = { problems: [{ message: err.message }] };
      }
      if (res.problems && res.problems.length) {
        showProblems(`${file.name} could not be imported`, res.problems);
        return;
      }
      importPick(sec, file.name, res);
    });
  }
  $('pf-upload').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > V.limits.plan_bytes) {
      showProblems(`${file.name} could not be read`, [{ message: `the file is ${Math.round(file.size / 1024)} KiB; a plan file is at most ${V.limits.plan_bytes >> 10} KiB` }]);
      return;
    }
    if (openPlan(await file.text(), file.name)) setStatus(`Opened ${file.name} beside your other plans.`);
  });
  addEventListener('pagehide', flushSave);
  // A link pasted or followed while the page is open shows its plan.
  window.addEventListener('hashchange', async () => {
    if (await openFromHash()) setStatus('Opened the plan of the link beside your other plans.');
  });
}

// ---- start ---------------------------------------------------------------

async function startEngine() {
  await import(form.dataset.wasmExec); // defines globalThis.Go
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.commontextReady = resolve; });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(form.dataset.wasm), go.importObject));
  } catch {
    const bytes = await (await fetch(form.dataset.wasm)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  go.run(instance); // runs until the page closes
  await ready;
  return globalThis.commontext;
}

async function main() {
  setStatus('Loading the planner…');
  try {
    engine = await startEngine();
  } catch (err) {
    setStatus(`The planner could not start (${err.message}). The worked example below was planned when the site was built.`);
    return;
  }
  wire();
  for (const f of fieldsets) f.disabled = false;
  for (const b of form.querySelectorAll('.pf-toolbar button, #pf-upload')) b.disabled = false;

  // The plan comes from the link (opened beside the stored plans), else the
  // plan last shown in this browser, else the worked example.
  readStore();
  if (!(await openFromHash())) openCurrent();
  renderLibrary();
  performance.mark('planner-interactive');
  let note = store.ok ? '' : ' This browser cannot keep plans: the link holds yours.';
  const n = store.unreadable.size;
  if (n) note += ` ${n} plan${n === 1 ? '' : 's'} stored in this browser cannot be read: kept as ${n === 1 ? 'it was' : 'they were'}, listed under Your plans with a download.`;
  setStatus(problemsEl.hidden
    ? `The planner is ready: every change recomputes the plan and is kept in this browser. Nothing leaves your browser.${note}`
    : `The planner is ready, but see the message below. Every change recomputes the plan; nothing leaves your browser.${note}`);
}

main();
