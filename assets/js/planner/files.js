// Files: downloads made in the browser, and the meetings picked from an
// imported calendar file.

import { el, setStatus } from './dom.js';
import { countMeetings, meetingRow } from './form.js';

export function download(name, type, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// baseName is a file name made from the plan's title.
export function baseName(p) {
  const t = (p.title || 'plan').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return t || 'plan';
}

// importPick lists the events of a calendar file and lets the reader
// choose which become meetings; the planner's own exports are unticked.
// added() runs once the chosen meetings are in the form.
export function importPick(V, sec, file, res, added) {
  const pick = sec.querySelector('.pf-import-pick');
  const ours = new Set(res.ours || []);
  const have = new Set([...sec.querySelectorAll('tbody tr')].map((r) => r.dataset.id));
  // Each event gets a kind of this calendar, chosen by the reader; the
  // engine's guess from its summary comes first.
  const cal = V.calendars.find((c) => c.id === sec.dataset.calendar);
  const allKinds = V.calendars.flatMap((c) => c.kinds);
  const items = (res.meetings || []).map((m, i) => {
    const box = el('input', { type: 'checkbox', checked: !ours.has(m.id) && !have.has(m.id), disabled: have.has(m.id) });
    box.dataset.id = m.id;
    const what = `${m.start} to ${m.end}: ${m.body || 'meeting'}${m.place ? `, ${m.place}` : ''}`;
    const kind = el('select', { className: 'pf-pick-kind', disabled: have.has(m.id) }, ...cal.kinds.map((k) => el('option', { value: k.id, textContent: k.label, selected: k.id === m.kind })));
    kind.dataset.id = m.id;
    kind.setAttribute('aria-label', `Kind of ${what}`);
    const guess = (res.guesses || [])[i];
    const other = guess && !cal.kinds.some((k) => k.id === guess) ? allKinds.find((k) => k.id === guess) : null;
    return el('li', {}, el('label', {}, box, ` ${what}${have.has(m.id) ? ' (already there)' : ''}`), ' ', kind,
      other ? el('span', { className: 'pf-help' }, ` (its summary names a ${other.label} meeting, a kind of another calendar)`) : '');
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
    let n = 0;
    const kinds = new Map([...pick.querySelectorAll('.pf-pick-kind')].map((k) => [k.dataset.id, k.value]));
    for (const m of res.meetings) if (chosen.has(m.id)) { body.append(meetingRow(V, sec.dataset.calendar, { ...m, kind: kinds.get(m.id) || m.kind })); n++; }
    countMeetings(sec);
    pick.hidden = true;
    pick.replaceChildren();
    setStatus(`Imported ${n} meeting${n === 1 ? '' : 's'} from ${file}.`);
    added();
  });
}
