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
  return { ok: true, slots: new Map(), unreadable: new Map(), current: '', failed, maxRecord };
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
        const rec = JSON.parse(raw);
        if (!rec || typeof rec.plan !== 'object' || rec.plan === null) throw new Error('no plan in it');
        store.slots.set(slot, rec);
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
  store.slots.set(slot, rec);
  if (!store.ok) return;
  try {
    localStorage.setItem(PREFIX + slot, JSON.stringify(rec));
    localStorage.setItem(CURRENT, slot);
  } catch (err) {
    fail(store, err);
  }
}

// keepSlot keeps rec in slot without changing the plan shown.
export function keepSlot(store, slot, rec) {
  store.slots.set(slot, rec);
  if (!store.ok) return;
  try { localStorage.setItem(PREFIX + slot, JSON.stringify(rec)); } catch (err) { fail(store, err); }
}

export function setCurrent(store, slot) {
  store.current = slot;
  try { if (store.ok) localStorage.setItem(CURRENT, slot); } catch (err) { fail(store, err); }
}

export function removeSlot(store, slot) {
  store.slots.delete(slot);
  if (!store.ok) return;
  try { localStorage.removeItem(PREFIX + slot); } catch (err) { fail(store, err); }
}

// markUnreadable sets a stored plan aside: listed, downloadable, untouched.
export function markUnreadable(store, slot, why) {
  const rec = store.slots.get(slot);
  store.slots.delete(slot);
  store.unreadable.set(slot, { raw: JSON.stringify(rec), why });
}
