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
    let n = 0;
    for (const m of res.meetings) if (chosen.has(m.id)) { body.append(meetingRow(V, sec.dataset.calendar, m)); n++; }
    countMeetings(sec);
    pick.hidden = true;
    pick.replaceChildren();
    setStatus(`Imported ${n} meeting${n === 1 ? '' : 's'} from ${file}.`);
    added();
  });
}
