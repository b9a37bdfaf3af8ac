// The plan's form: filled from a plan, read back into one, and the
// problems the engine finds marked at their fields. V is the engine's
// vocabulary (#planner-vocabulary); every choice the form offers comes
// from it.

import { $, el } from './dom.js';

export function dateInput(V, value) {
  return el('input', { type: 'text', value: value || '', pattern: V.date.pattern, placeholder: V.date.placeholder, inputMode: 'numeric', size: 10 });
}

export function meetingRow(V, calendar, m) {
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
  // One line on a wide screen, read in this order: kind, body, place, days.
  cell(el('select', {}, ...cal.kinds.map((k) => el('option', { value: k.id, textContent: k.label, selected: k.id === m.kind }))), 'kind', 'Kind');
  cell(el('input', { type: 'text', value: m.body || '', maxLength: V.limits.text_len }), 'body', 'Body');
  cell(el('input', { type: 'text', value: m.place || '', maxLength: V.limits.text_len }), 'place', 'Place');
  cell(dateInput(V, m.start), 'start', 'First day');
  cell(dateInput(V, m.end), 'end', 'Last day');
  const del = el('button', { type: 'button', textContent: 'Remove', className: 'pf-remove' });
  del.setAttribute('aria-label', `Remove meeting ${m.body || ''} ${m.start || ''}`.trim());
  tr.append(el('td', {}, del));
  return tr;
}

function deliverable(form, V) {
  return V.deliverables.find((x) => x.id === form.elements.deliverable.value) || V.deliverables[0];
}

// pinnable lists the steps the deliverable can pin under the chosen process.
export function pinnable(form, V) {
  const d = deliverable(form, V);
  return d.pinnable[form.elements.itu_process.value] || d.pinnable[V.processes[0].id];
}

export function pinRow(form, V, step, date) {
  const sel = el('select', {}, ...pinnable(form, V).map((p) => el('option', { value: p.id, textContent: p.label })));
  if (step && ![...sel.options].some((o) => o.value === step)) sel.append(el('option', { value: step, textContent: step }));
  if (step) sel.value = step;
  sel.dataset.field = 'step';
  sel.setAttribute('aria-label', 'Step');
  const d = dateInput(V, date);
  d.setAttribute('aria-label', 'Pinned date');
  d.dataset.field = 'date';
  const del = el('button', { type: 'button', textContent: 'Remove', className: 'pf-remove' });
  del.setAttribute('aria-label', `Remove the pinned date of ${sel.selectedOptions[0] ? sel.selectedOptions[0].textContent : 'a step'}`);
  return el('tr', {}, el('td', {}, sel), el('td', {}, d), el('td', {}, del));
}

// meetingPinnable lists the decisions the deliverable can pin to a
// meeting under the chosen process, each with the kinds that can take it.
export function meetingPinnable(form, V) {
  const d = deliverable(form, V);
  return d.pinnable_meetings[form.elements.itu_process.value] || d.pinnable_meetings[V.processes[0].id];
}

// meetingName names a meeting row of the form as the reader wrote it:
// body, place and days, never its id.
function meetingName(tr) {
  const f = (name) => tr.querySelector(`[data-field="${name}"]`).value.trim();
  const days = f('end') && f('end') !== f('start') ? `${f('start')} to ${f('end')}` : f('start');
  return [f('body') || tr.querySelector('[data-field="kind"]').selectedOptions[0].textContent, f('place'), days].filter(Boolean).join(', ');
}

// meetingOptions fills a pinned meeting's list from the calendars the form
// holds now: first the meetings that can take the decision, then the others
// (a choice the planner then checks).
export function meetingOptions(form, V, row) {
  const sel = row.querySelector('[data-field=meeting]');
  const keep = sel.value || row.dataset.meeting || '';
  const pin = meetingPinnable(form, V).find((x) => x.id === row.querySelector('[data-field=step]').value);
  const fits = [];
  const others = [];
  for (const tr of form.querySelectorAll('.pf-calendar tbody tr')) {
    const kind = tr.querySelector('[data-field="kind"]').value;
    (pin && pin.kinds.includes(kind) ? fits : others).push(el('option', { value: tr.dataset.id, textContent: meetingName(tr) }));
  }
  const groups = [el('option', { value: '', textContent: 'Choose a meeting' })];
  if (fits.length) groups.push(el('optgroup', { label: 'Meetings that can take it' }, ...fits));
  if (others.length) groups.push(el('optgroup', { label: 'Other meetings (the planner checks the choice)' }, ...others));
  sel.replaceChildren(...groups);
  if (keep && ![...sel.options].some((o) => o.value === keep)) sel.append(el('option', { value: keep, textContent: 'A meeting no longer in the calendars' }));
  sel.value = keep;
}

export function meetingPinRow(form, V, step, meeting) {
  const steps = meetingPinnable(form, V);
  const sel = el('select', {}, ...steps.map((p) => el('option', { value: p.id, textContent: p.label })));
  if (step && !steps.some((p) => p.id === step)) sel.append(el('option', { value: step, textContent: step }));
  if (step) sel.value = step;
  sel.dataset.field = 'step';
  sel.setAttribute('aria-label', 'Decision');
  const m = el('select');
  m.dataset.field = 'meeting';
  m.setAttribute('aria-label', 'Pinned meeting');
  const del = el('button', { type: 'button', textContent: 'Remove', className: 'pf-remove' });
  del.setAttribute('aria-label', `Remove the pinned meeting of ${sel.selectedOptions[0] ? sel.selectedOptions[0].textContent : 'a decision'}`);
  const row = el('tr', {}, el('td', {}, sel), el('td', {}, m), el('td', {}, del));
  row.dataset.meeting = meeting || '';
  meetingOptions(form, V, row);
  return row;
}

export function fillForm(form, V, p) {
  form.elements.title.value = p.title || '';
  form.elements.deliverable.value = p.deliverable || V.deliverables[0].id;
  form.elements.itu_process.value = p.itu_process || V.processes[0].id;
  form.elements.mode.value = p.mode || V.modes[0].id;
  form.elements.direction.value = p.target ? 'backward' : 'forward';
  syncStages(form, V);
  form.elements.stage.value = (p.start && p.start.stage) || form.elements.stage.options[0].value;
  form.elements.start.value = (p.start && p.start.date) || '';
  form.elements.target.value = p.target || '';
  form.elements.ruleset.value = (p.rules && p.rules.set) || V.rule_sets[0].name;
  const ov = (p.rules && p.rules.overrides) || {};
  for (const e of form.querySelectorAll('.pf-override')) e.value = ov[e.dataset.rule] || '';
  for (const sec of form.querySelectorAll('.pf-calendar')) {
    const body = sec.querySelector('tbody');
    body.replaceChildren(...((p.meetings && p.meetings[sec.dataset.calendar]) || []).map((m) => meetingRow(V, sec.dataset.calendar, m)));
    countMeetings(sec);
  }
  const pins = (p.pins && p.pins.dates) || {};
  $('pf-pins').tBodies[0].replaceChildren(...Object.keys(pins).sort().map((k) => pinRow(form, V, k, pins[k])));
  const mpins = (p.pins && p.pins.meetings) || {};
  $('pf-meeting-pins').tBodies[0].replaceChildren(...Object.keys(mpins).sort().map((k) => meetingPinRow(form, V, k, mpins[k])));
  $('pf-print-title').textContent = p.title || '';
  syncDirection(form);
}

export function countMeetings(sec) {
  sec.querySelector('.pf-count').textContent = sec.querySelector('tbody').rows.length;
}

// syncStages offers the starting points of the deliverable, named with its
// stage names, and the steps it can pin.
export function syncStages(form, V) {
  const d = deliverable(form, V);
  const sel = form.elements.stage;
  const keep = sel.value;
  sel.replaceChildren(...d.starts.map((s) => el('option', { value: s.id, textContent: s.label })));
  if (d.starts.some((s) => s.id === keep)) sel.value = keep;
  const opts = pinnable(form, V);
  for (const s of $('pf-pins').querySelectorAll('select')) {
    const v = s.value;
    s.replaceChildren(...opts.map((p) => el('option', { value: p.id, textContent: p.label })));
    if (!opts.some((p) => p.id === v)) s.append(el('option', { value: v, textContent: v }));
    s.value = v;
  }
  const decisions = meetingPinnable(form, V);
  for (const s of $('pf-meeting-pins').querySelectorAll('[data-field=step]')) {
    const v = s.value;
    s.replaceChildren(...decisions.map((p) => el('option', { value: p.id, textContent: p.label })));
    if (!decisions.some((p) => p.id === v)) s.append(el('option', { value: v, textContent: v }));
    s.value = v;
  }
}

// syncDirection disables what does not apply: the target going forward,
// the start date going backward (the engine then gives the latest start).
export function syncDirection(form) {
  const backward = form.elements.direction.value === 'backward';
  form.elements.target.disabled = !backward;
  form.elements.start.disabled = backward;
}

// readForm builds the plan from the form, keeping what the form does not
// show of the plan shown (the plan's id, pinned meetings…).
export function readForm(form, V, shown) {
  const p = structuredClone(shown);
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
    // An optional calendar is left out while it is empty.
    if (list.length || !('optional' in sec.dataset)) p.meetings[sec.dataset.calendar] = list;
  }
  const dates = {};
  for (const tr of $('pf-pins').tBodies[0].rows) {
    const date = tr.querySelector('[data-field=date]').value.trim();
    if (date) dates[tr.querySelector('[data-field=step]').value] = date; // a new pin counts once dated
  }
  const meetings = {};
  for (const tr of $('pf-meeting-pins').tBodies[0].rows) {
    const id = tr.querySelector('[data-field=meeting]').value;
    if (id) meetings[tr.querySelector('[data-field=step]').value] = id; // a new pin counts once a meeting is chosen
  }
  p.pins = Object.assign({}, p.pins);
  if (Object.keys(dates).length) p.pins.dates = dates;
  else delete p.pins.dates;
  if (Object.keys(meetings).length) p.pins.meetings = meetings;
  else delete p.pins.meetings;
  if (!Object.keys(p.pins).length) delete p.pins;
  return p;
}

// fieldFor finds the input a problem's field path names (0-based indexes,
// e.g. meetings.ct[3].end, pins.dates.STEP, rules.overrides.RULE,
// actuals.dates.STEP.end).
export function fieldFor(form, path) {
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
  m = /^pins\.meetings\.(.+)$/.exec(path);
  if (m) {
    const row = [...$('pf-meeting-pins').tBodies[0].rows].find((r) => r.querySelector('[data-field=step]').value === m[1]);
    return row ? row.querySelector('[data-field=meeting]') : $('pf-add-meeting-pin');
  }
  m = /^actuals\.(dates|meetings)\.([^.]+)(?:\.(start|end))?$/.exec(path);
  if (m) {
    // An actual is recorded from its step's row in the results (the
    // engine's "Record as done" form): its problem is told there.
    const save = [...form.querySelectorAll('#plan-results .pf-life[data-act=done]')].find((b) => b.dataset.step === m[2]);
    const box = save && save.closest('.pv-record');
    if (!box) return null;
    return box.querySelector(m[1] === 'meetings' ? '[name=act-meeting]' : `[name=act-${m[3] || 'start'}]`) || box.querySelector('input, select');
  }
  m = /^rules\.overrides\.(.+)$/.exec(path);
  if (m) return $(`ov-${m[1]}`);
  const top = { title: 'pf-title', deliverable: 'pf-deliverable', itu_process: null, mode: null, 'start.stage': 'pf-stage', 'start.date': 'pf-start', start: 'pf-start', target: 'pf-target', 'rules.set': 'pf-ruleset', rules: 'pf-ruleset' }[path];
  return top ? $(top) : null;
}

export function clearFieldErrors(form) {
  for (const e of form.querySelectorAll('[aria-invalid]')) {
    e.removeAttribute('aria-invalid');
    // Keep what describes the field itself (a help text), not the errors.
    const keep = (e.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.startsWith('pf-err-')).join(' ');
    if (keep) e.setAttribute('aria-describedby', keep);
    else e.removeAttribute('aria-describedby');
  }
  for (const e of form.querySelectorAll('.pf-err, .pf-note')) e.remove();
  for (const e of form.querySelectorAll('[aria-describedby*="pf-err-note-"]')) {
    const keep = e.getAttribute('aria-describedby').split(' ').filter((id) => !id.startsWith('pf-err-note-')).join(' ');
    if (keep) e.setAttribute('aria-describedby', keep);
    else e.removeAttribute('aria-describedby');
  }
}

// markField marks input as invalid, with the message next to it.
export function markField(input, message) {
  const id = `pf-err-${document.querySelectorAll('.pf-err').length + 1}`;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} ${id}`.trim());
  input.after(el('span', { className: 'pf-err', id, textContent: message }));
  const det = input.closest('details');
  if (det) det.open = true;
}
