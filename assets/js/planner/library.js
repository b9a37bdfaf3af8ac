// The list of plans kept in this browser, renamed in place, and the undo
// of a deletion.

import { $, el } from './dom.js';

function fmtTime(iso) { return typeof iso === 'string' && iso ? iso.slice(0, 16).replace('T', ' ') : '—'; }

// libButton finds a list button by what it does and the slot it acts on,
// comparing values: no selector is built from a slot key, which may hold
// any character.
function libButton(act, slot) {
  return [...$('pf-plan-rows').querySelectorAll('.pf-lib')].find((b) => b.dataset.act === act && b.dataset.slot === slot) || null;
}

export function renderLibrary(store) {
  $('pf-plan-count').textContent = store.slots.size;
  const rows = [];
  const sorted = [...store.slots].sort((a, b) => String(b[1].changed || '').localeCompare(String(a[1].changed || '')));
  for (const [slot, rec] of sorted) {
    const title = rec.plan.title || 'Untitled plan';
    const cur = slot === store.current;
    const name = el('th', { scope: 'row' }, title, rec.from ? el('span', { className: 'pf-tag' }, ` (opened beside “${rec.from}”)`) : '', cur ? el('span', { className: 'pf-tag' }, ' (shown)') : '');
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

// startRename turns a plan's name in the list into a text field, in place:
// Enter or "Save" calls rename(newTitle), Escape or "Cancel" leaves it as
// it was; either way the list is redrawn by done().
export function startRename(V, slot, rec, rename, done) {
  const title = rec.plan.title || 'Untitled plan';
  const th = libButton('rename', slot).closest('tr').cells[0];
  const input = el('input', { type: 'text', value: rec.plan.title || '', maxLength: V.limits.text_len, className: 'pf-rename' });
  input.setAttribute('aria-label', `New title for “${title}”`);
  const ok = el('button', { type: 'button', textContent: 'Save' });
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  const finish = (keep) => {
    if (keep && input.value.trim() && input.value.trim() !== rec.plan.title) rename(input.value.trim());
    done();
    const back = libButton('rename', slot);
    if (back) back.focus();
  };
  // Enter keeps the title when it is released, so that the key press does
  // not also press the Rename button that gets the focus back.
  let entering = false;
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); entering = true; }
    if (e.key === 'Escape') { e.preventDefault(); finish(false); }
  });
  input.addEventListener('keyup', (e) => {
    if (e.key === 'Enter' && entering) finish(true);
  });
  ok.addEventListener('click', () => finish(true));
  cancel.addEventListener('click', () => finish(false));
  th.replaceChildren(input, ' ', ok, ' ', cancel);
  input.focus();
  input.select();
}

// offerUndo shows text with a button (Undo, or label) that runs fn once.
export function offerUndo(text, fn, label = 'Undo') {
  $('pf-undo-text').textContent = text;
  $('pf-undo').hidden = false;
  $('pf-undo-button').textContent = label;
  $('pf-undo-button').onclick = () => { clearUndo(); fn(); };
}

export function clearUndo() {
  $('pf-undo').hidden = true;
  $('pf-undo-button').onclick = null;
}
