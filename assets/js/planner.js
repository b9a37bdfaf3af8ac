// The planner page's glue: it reads the form into a plan, asks the engine
// (Go compiled to WebAssembly, exposed as globalThis.commontext) to plan it,
// and shows the HTML the engine renders. Every planning rule, every date and
// every piece of results markup comes from the engine; this file only moves
// values between the form, the engine, the address bar and storage.
// Nothing leaves the browser.

const form = document.getElementById('plan-form');
const fieldsets = [document.getElementById('plan-fields'), document.getElementById('plan-editor')];
const statusEl = document.getElementById('planner-status');
const results = document.getElementById('plan-results');
const problemsEl = document.getElementById('plan-problems');
const example = JSON.parse(document.getElementById('example-plan').textContent);
const clauses = form.dataset.clauses;
const STORE = 'commontext.plan.v1';
const $ = (id) => document.getElementById(id);

let plan = structuredClone(example);
let engine = null;
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

// ---- the form ------------------------------------------------------------

function meetingRow(calendar, kinds, m) {
  const tr = document.createElement('tr');
  tr.dataset.id = m.id || `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const cell = (el, label) => {
    const td = document.createElement('td');
    el.setAttribute('aria-label', label);
    td.append(el);
    tr.append(td);
    return el;
  };
  const input = (type, value, name) => {
    const el = document.createElement('input');
    el.type = type;
    el.value = value || '';
    el.dataset.field = name;
    return el;
  };
  cell(input('text', m.body, 'body'), 'Body');
  const kind = document.createElement('select');
  kind.dataset.field = 'kind';
  for (const k of kinds) {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = k.toUpperCase();
    o.selected = k === m.kind;
    kind.append(o);
  }
  cell(kind, 'Kind');
  cell(input('date', m.start, 'start'), 'First day');
  cell(input('date', m.end, 'end'), 'Last day');
  cell(input('text', m.place, 'place'), 'Place');
  const del = document.createElement('button');
  del.type = 'button';
  del.textContent = 'Remove';
  del.className = 'pf-remove';
  cell(del, `Remove meeting ${m.body || ''} ${m.start || ''}`.trim());
  return tr;
}

function pinRow(step, date) {
  const tr = document.createElement('tr');
  const td1 = document.createElement('td');
  const s = document.createElement('input');
  s.type = 'text';
  s.value = step || '';
  s.dataset.field = 'step';
  s.setAttribute('aria-label', 'Step');
  td1.append(s);
  const td2 = document.createElement('td');
  const d = document.createElement('input');
  d.type = 'date';
  d.value = date || '';
  d.dataset.field = 'date';
  d.setAttribute('aria-label', 'Pinned date');
  td2.append(d);
  const td3 = document.createElement('td');
  const del = document.createElement('button');
  del.type = 'button';
  del.textContent = 'Remove';
  del.className = 'pf-remove';
  del.setAttribute('aria-label', `Remove pin ${step || ''}`.trim());
  td3.append(del);
  tr.append(td1, td2, td3);
  return tr;
}

function fillForm(p) {
  form.elements.title.value = p.title || '';
  form.elements.deliverable.value = p.deliverable || 'is';
  form.elements.itu_process.value = p.itu_process || 'aap';
  form.elements.mode.value = p.mode || 'ct';
  form.elements.direction.value = p.target ? 'backward' : 'forward';
  form.elements.stage.value = (p.start && p.start.stage) || 'cd-ballot-opens';
  form.elements.start.value = (p.start && p.start.date) || '';
  form.elements.target.value = p.target || '';
  form.elements.ruleset.value = (p.rules && p.rules.set) || form.elements.ruleset.options[0].value;
  const ov = (p.rules && p.rules.overrides) || {};
  for (const el of form.querySelectorAll('.pf-override')) el.value = ov[el.dataset.rule] || '';
  for (const sec of form.querySelectorAll('.pf-calendar')) {
    const body = sec.querySelector('tbody');
    const kinds = sec.dataset.kinds.split(' ');
    body.replaceChildren(...((p.meetings && p.meetings[sec.dataset.calendar]) || []).map((m) => meetingRow(sec.dataset.calendar, kinds, m)));
    sec.querySelector('.pf-count').textContent = body.rows.length;
  }
  const pins = (p.pins && p.pins.dates) || {};
  $('pf-pins').tBodies[0].replaceChildren(...Object.keys(pins).sort().map((k) => pinRow(k, pins[k])));
  syncDirection();
}

// The deliverable's own names for its stages (Table 3 of the guide), and
// the starting points that apply to it.
const STAGE_NAMES = { is: ['CD', 'DIS'], amd: ['PDAM', 'DAM'], tr: ['PDTR', 'DTR'], ts: ['PDTS', 'DTS'], cor: ['DCOR', 'DCOR'] };
function syncStages() {
  const d = form.elements.deliverable.value;
  const [cd, dis] = STAGE_NAMES[d] || STAGE_NAMES.is;
  const sel = form.elements.stage;
  for (const o of sel.options) {
    const cor = o.value.startsWith('dcor');
    o.hidden = o.disabled = (d === 'cor') !== cor;
    o.textContent = o.dataset.label.replace('{cd}', cd).replace('{dis}', dis);
  }
  if (sel.selectedOptions[0] && sel.selectedOptions[0].disabled) sel.value = [...sel.options].find((o) => !o.disabled).value;
}

function syncDirection() {
  const backward = form.elements.direction.value === 'backward';
  form.elements.target.disabled = !backward;
}

// readForm builds the plan from the form, keeping what the form does not
// show (the plan's id, pinned meetings…).
function readForm() {
  const p = structuredClone(plan);
  const v = (name) => form.elements[name].value;
  p.version = 1;
  p.title = v('title') || undefined;
  p.deliverable = v('deliverable');
  p.itu_process = v('itu_process');
  p.mode = v('mode');
  p.start = { stage: v('stage') };
  if (v('start')) p.start.date = v('start');
  if (v('direction') === 'backward') p.target = v('target') || '';
  else delete p.target;
  const overrides = {};
  for (const el of form.querySelectorAll('.pf-override')) if (el.value.trim()) overrides[el.dataset.rule] = el.value.trim();
  p.rules = { set: v('ruleset') };
  if (Object.keys(overrides).length) p.rules.overrides = overrides;
  p.meetings = {};
  for (const sec of form.querySelectorAll('.pf-calendar')) {
    const list = [];
    for (const tr of sec.querySelectorAll('tbody tr')) {
      const m = { id: tr.dataset.id };
      for (const el of tr.querySelectorAll('[data-field]')) if (el.value !== '') m[el.dataset.field] = el.value;
      list.push(m);
    }
    if (list.length || sec.dataset.calendar !== 'ct') p.meetings[sec.dataset.calendar] = list;
  }
  const dates = {};
  for (const tr of $('pf-pins').tBodies[0].rows) {
    const step = tr.querySelector('[data-field=step]').value.trim();
    const date = tr.querySelector('[data-field=date]').value;
    if (step) dates[step] = date;
  }
  p.pins = Object.assign({}, p.pins);
  if (Object.keys(dates).length) p.pins.dates = dates;
  else delete p.pins.dates;
  if (!Object.keys(p.pins).length) delete p.pins;
  return p;
}

// ---- planning ------------------------------------------------------------

// showProblems lists what is wrong; the results below are marked stale
// unless they are a fallback that is itself fine (fresh).
function showProblems(title, problems, fresh = false) {
  if (!problems || !problems.length) {
    problemsEl.hidden = true;
    problemsEl.replaceChildren();
    results.classList.remove('stale');
    return;
  }
  const h = document.createElement('h2');
  h.textContent = title;
  const ul = document.createElement('ul');
  for (const pr of problems) {
    const li = document.createElement('li');
    if (pr.field) {
      const code = document.createElement('code');
      code.textContent = pr.field;
      li.append(code, ': ');
    }
    li.append(pr.message);
    ul.append(li);
  }
  problemsEl.replaceChildren(h, ul);
  problemsEl.hidden = false;
  results.classList.toggle('stale', !fresh);
}

// show displays an engine result; it returns whether the plan was planned.
function show(res) {
  if (res.plan) plan = res.plan;
  if (res.problems && res.problems.length) {
    showProblems('This plan cannot be planned yet', res.problems);
    return false;
  }
  showProblems();
  results.innerHTML = res.html; // markup made by the engine, which escapes all text
  const sel = form.elements.scenario;
  const keep = sel.value;
  sel.replaceChildren(...(res.scenarios || []).map((s) => {
    const o = document.createElement('option');
    o.value = s.id;
    o.textContent = s.publication ? `${s.label} (publication ${s.publication})` : s.label;
    return o;
  }));
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  saveSoon();
  return true;
}

// saveSoon writes the plan into the address and this browser's storage once
// the reader pauses: encoding the link is a third of a recompute's work.
let saveTimer = 0;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 150);
}

function save() {
  let res;
  try {
    res = call('state', JSON.stringify(plan));
  } catch {
    return;
  }
  if (!res.state) return;
  history.replaceState(null, '', `#${res.state}`);
  try { localStorage.setItem(STORE, JSON.stringify(plan)); } catch { /* storage full or off: the link still holds the plan */ }
}

function recompute() {
  const t0 = performance.now();
  let res;
  plan = readForm();
  try {
    res = call('compute', JSON.stringify(plan), form.elements.scenario.value, today(), clauses);
  } catch (err) {
    showProblems('The planner met an error', [{ message: err.message }]);
    return;
  }
  show(res);
  timings.recompute.push(performance.now() - t0);
}

function loadPlanText(text, what) {
  let res;
  try {
    res = call('compute', text, form.elements.scenario.value, today(), clauses, 'plan');
  } catch (err) {
    showProblems(`${what} could not be read`, [{ message: err.message }]);
    return false;
  }
  if (!res.plan) {
    showProblems(`${what} is not a plan this planner can read`, res.problems);
    return false;
  }
  fillForm(res.plan);
  return show(res);
}

// ---- files and links -----------------------------------------------------

function download(name, type, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function baseName() {
  const t = (plan.title || 'plan').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return t || 'plan';
}

function exportAs(format, type, ext) {
  try {
    const out = call('export', JSON.stringify(plan), format);
    download(`${baseName()}.${ext}`, type, out.text);
  } catch (err) {
    showProblems(`The ${ext.toUpperCase()} file could not be made`, [{ message: err.message }]);
  }
}

function wire() {
  form.addEventListener('input', (e) => {
    if (e.target.type === 'file') return;
    if (e.target.name === 'direction') syncDirection();
    if (e.target.name === 'deliverable') syncStages();
    recompute();
  });
  form.addEventListener('change', (e) => {
    if (e.target.type === 'file' || e.target.name === 'scenario') {
      if (e.target.name === 'scenario') recompute();
      return;
    }
    if (e.target.name === 'deliverable') syncStages();
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
      const kinds = sec.dataset.kinds.split(' ');
      const row = meetingRow(sec.dataset.calendar, kinds, { kind: kinds[0] });
      sec.querySelector('tbody').append(row);
      sec.querySelector('.pf-count').textContent = sec.querySelector('tbody').rows.length;
      row.querySelector('input').focus();
      recompute();
    } else if (t.id === 'pf-add-pin') {
      const row = pinRow('', '');
      $('pf-pins').tBodies[0].append(row);
      row.querySelector('input').focus();
    }
  });
  $('pf-download').addEventListener('click', () => download(`${baseName()}.commontext.json`, 'application/json', `${JSON.stringify(plan, null, 2)}\n`));
  $('pf-ics').addEventListener('click', () => exportAs('ics', 'text/calendar', 'ics'));
  $('pf-csv').addEventListener('click', () => exportAs('csv', 'text/csv', 'csv'));
  $('pf-print').addEventListener('click', () => window.print());
  $('pf-reset').addEventListener('click', () => { fillForm(example); plan = structuredClone(example); recompute(); });
  $('pf-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('The link to this plan is copied. Anyone who opens it sees this plan; it holds the whole plan, so nothing is stored anywhere else.');
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
      const body = sec.querySelector('tbody');
      const kinds = sec.dataset.kinds.split(' ');
      const have = new Set([...body.rows].map((r) => r.dataset.id));
      let added = 0;
      for (const m of res.meetings || []) {
        if (have.has(m.id)) continue;
        body.append(meetingRow(sec.dataset.calendar, kinds, m));
        added++;
      }
      sec.querySelector('.pf-count').textContent = body.rows.length;
      sec.open = true;
      const all = (res.meetings || []).length;
      setStatus(`Imported ${added} meeting${added === 1 ? '' : 's'} from ${file.name}${added < all ? ` (${all - added} already there)` : ''}.`);
      recompute();
    });
  }
  $('pf-upload').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 1 << 20) {
      showProblems(`${file.name} could not be read`, [{ message: `the file is ${Math.round(file.size / 1024)} KiB; a plan file is at most 1024 KiB` }]);
      return;
    }
    if (loadPlanText(await file.text(), file.name)) setStatus(`Opened ${file.name}.`);
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
  for (const b of form.querySelectorAll('.pf-actions button, #pf-upload')) b.disabled = false;

  // The plan comes from the link, else from this browser's storage, else
  // the worked example.
  let loaded = false;
  const preset = /^#preset=([a-z0-9-]{1,60})$/.exec(location.hash);
  if (preset) {
    let failure = null;
    try {
      if (!form.dataset.presetNames.split(' ').includes(preset[1])) throw new Error(`there is no example named “${preset[1]}”`);
      const r = await fetch(`${form.dataset.presets}${preset[1]}.json`);
      if (!r.ok) throw new Error(`the example “${preset[1]}” could not be loaded (HTTP ${r.status})`);
      loaded = loadPlanText(await r.text(), `The example “${preset[1]}”`);
    } catch (err) {
      failure = err;
    }
    if (!loaded) {
      fillForm(example);
      recompute();
      loaded = true;
      if (failure) showProblems('The link names an example this planner does not have; the worked example is shown instead', [{ message: failure.message }], true);
    }
  } else if (location.hash.length > 1) {
    let res;
    try {
      res = call('fromState', location.hash.slice(1), form.elements.scenario.value, today(), clauses);
    } catch (err) {
      res = { problems: [{ message: err.message }] };
    }
    if (res.plan) {
      fillForm(res.plan);
      loaded = show(res);
      if (!loaded) loaded = true; // the plan is in the form; its problems are shown
    } else {
      fillForm(plan);
      recompute();
      showProblems('The link does not hold a plan this planner can read; the worked example is shown instead', res.problems, true);
      loaded = true;
    }
  }
  if (!loaded) {
    let saved = null;
    try { saved = localStorage.getItem(STORE); } catch { /* storage off */ }
    if (!(saved && loadPlanText(saved, 'The plan saved in this browser'))) {
      fillForm(example);
      recompute();
    }
  }
  performance.mark('planner-interactive');
  setStatus(problemsEl.hidden
    ? 'The planner is ready: every change recomputes the plan. Nothing leaves your browser.'
    : 'The planner is ready, but see the message below. Every change recomputes the plan; nothing leaves your browser.');
}

main();
