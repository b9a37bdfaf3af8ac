// The plans kept in this browser. Each plan is its own storage entry
// (commontext.plans/SLOT), so that one that cannot be read is left exactly
// as it is, listed with a way to download it, and never written over: new
// plans get new slots.

const PREFIX = 'commontext.plans/';
const CURRENT = 'commontext.plans.current';
const LEGACY = 'commontext.plan.v1';

// newStore returns the store's state; failed(err) is called when the
// browser refuses storage (the store then keeps plans in memory only);
// maxRecord is the most characters a kept record may have (a plan and its
// link): a larger one is set aside unparsed.
export function newStore(failed, maxRecord) {
  // seen holds each slot's text as this tab last read or wrote it: a save
  // finding another text there was overtaken by another tab.
  return { ok: true, slots: new Map(), unreadable: new Map(), seen: new Map(), current: '', failed, maxRecord };
}

export const slotPrefix = PREFIX;

// parseRecord reads a stored record, or throws saying what is wrong with it:
// a record the list cannot show is set aside, never allowed to block it.
export function parseRecord(raw) {
  const rec = JSON.parse(raw);
  if (!rec || typeof rec !== 'object' || typeof rec.plan !== 'object' || rec.plan === null || Array.isArray(rec.plan)) throw new Error('no plan in it');
  if (rec.changed !== undefined && (typeof rec.changed !== 'string' || Number.isNaN(Date.parse(rec.changed)))) throw new Error('its time of change is not a time');
  for (const f of ['state', 'scenario', 'from']) if (rec[f] !== undefined && typeof rec[f] !== 'string') throw new Error(`its ${f} is not text`);
  if (rec.plan.title !== undefined && typeof rec.plan.title !== 'string') throw new Error('its title is not text');
  return rec;
}

export function newSlot() { return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`; }

function fail(store, err) {
  store.ok = false;
  store.failed(err);
}

export function readStore(store) {
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
        if (raw.length > store.maxRecord) throw new Error(`larger than the ${store.maxRecord >> 10} KiB a kept plan and its link may be`);
        store.slots.set(slot, parseRecord(raw));
        store.seen.set(slot, raw);
      } catch (err) {
        store.unreadable.set(slot, { raw, why: err.message });
      }
    }
    store.current = localStorage.getItem(CURRENT) || '';
  } catch (err) {
    fail(store, err);
  }
}

// writeSlot keeps rec in slot and makes it the plan shown.
export function writeSlot(store, slot, rec) {
  keepSlot(store, slot, rec);
  if (!store.ok) return;
  try {
    localStorage.setItem(CURRENT, slot);
  } catch (err) {
    fail(store, err);
  }
}

// keepSlot keeps rec in slot without changing the plan shown.
export function keepSlot(store, slot, rec) {
  store.slots.set(slot, rec);
  if (!store.ok) return;
  try {
    const raw = JSON.stringify(rec);
    localStorage.setItem(PREFIX + slot, raw);
    store.seen.set(slot, raw);
  } catch (err) { fail(store, err); }
}

export function setCurrent(store, slot) {
  store.current = slot;
  try { if (store.ok) localStorage.setItem(CURRENT, slot); } catch (err) { fail(store, err); }
}

export function removeSlot(store, slot) {
  store.slots.delete(slot);
  store.seen.delete(slot);
  if (!store.ok) return;
  try { localStorage.removeItem(PREFIX + slot); } catch (err) { fail(store, err); }
}

// markUnreadable sets a stored plan aside: listed, downloadable, untouched.
export function markUnreadable(store, slot, why) {
  const rec = store.slots.get(slot);
  store.slots.delete(slot);
  store.unreadable.set(slot, { raw: JSON.stringify(rec), why });
}

// overtaken tells whether another tab wrote slot since this tab last read
// or wrote it.
export function overtaken(store, slot) {
  if (!store.ok || !store.seen.has(slot)) return false;
  try { return localStorage.getItem(PREFIX + slot) !== store.seen.get(slot); } catch { return false; }
}

// The tab's own memory (sessionStorage, which a reload keeps): the slot it
// shows and the link it last wrote into the address, so that reloading
// reopens that slot's latest version instead of adding the link's plan as
// another one.
const TAB = 'commontext.plans.tab';

export function tabMemory() {
  try {
    const t = JSON.parse(sessionStorage.getItem(TAB) || '{}');
    return { slot: typeof t.slot === 'string' ? t.slot : '', state: typeof t.state === 'string' ? t.state : '' };
  } catch { return { slot: '', state: '' }; }
}

export function rememberTab(slot, state) {
  try { sessionStorage.setItem(TAB, JSON.stringify({ slot, state })); } catch { /* the tab then forgets */ }
}
