// Search for the commontext site. Runs in the browser only; nothing leaves
// it. The engine (MiniSearch, vendored) and the index (search-index.json,
// built by Hugo) are fetched only when the reader starts searching.
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');

let ready = null;

// load fetches the engine and the index once, on first use.
function load() {
  if (!ready) {
    ready = Promise.all([
      import(form.dataset.engine),
      fetch(form.dataset.index).then((r) => {
        if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
        return r.json();
      }),
    ]).then(([mod, docs]) => {
      const MiniSearch = mod.default;
      const ms = new MiniSearch({
        fields: ['t', 'x'],
        storeFields: ['t', 'p', 'u', 'x'],
        searchOptions: {
          boost: { t: 3 },
          prefix: true,
          fuzzy: (term) => (term.length > 5 ? 0.2 : 0),
          combineWith: 'AND',
        },
      });
      ms.addAll(docs);
      return ms;
    });
    ready.catch(() => { ready = null; });
  }
  return ready;
}

function snippet(text, terms) {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    at = lower.indexOf(t.toLowerCase());
    if (at >= 0) break;
  }
  const start = Math.max(0, at - 60);
  let s = (start > 0 ? '…' : '') + text.slice(start, start + 220) + (text.length > start + 220 ? '…' : '');
  return s;
}

function highlight(el, text, terms) {
  // Builds text nodes and <mark> elements: never innerHTML with index text.
  const words = terms.filter((t) => t.length > 1).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) { el.textContent = text; return; }
  const re = new RegExp(`(${words.join('|')})`, 'gi');
  let last = 0;
  for (const m of text.matchAll(re)) {
    el.append(text.slice(last, m.index));
    const mark = document.createElement('mark');
    mark.textContent = m[0];
    el.append(mark);
    last = m.index + m[0].length;
  }
  el.append(text.slice(last));
}

async function run(q) {
  q = q.trim();
  list.replaceChildren();
  if (!q) { status.textContent = ''; return; }
  status.textContent = 'Searching…';
  let ms;
  try {
    ms = await load();
  } catch (err) {
    status.textContent = `Search could not start: ${err.message}`;
    return;
  }
  if (input.value.trim() !== q) return; // a newer query is on its way
  let results = ms.search(q);
  if (!results.length) results = ms.search(q, { combineWith: 'OR' });
  // A clause number ("8.6.3") puts that clause first.
  if (/^\d+(\.\d+)*(bis|ter)?$/.test(q)) {
    const exact = (r) => r.t.startsWith(`${q} `);
    results = [...results.filter(exact), ...results.filter((r) => !exact(r))];
  }
  const top = results.slice(0, 30);
  status.textContent = top.length
    ? `${results.length} result${results.length === 1 ? '' : 's'} for “${q}”${results.length > top.length ? `, best ${top.length} shown` : ''}.`
    : `No results for “${q}”.`;
  for (const r of top) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = r.u;
    a.textContent = r.t;
    const where = document.createElement('div');
    where.className = 'where';
    where.textContent = r.p;
    const p = document.createElement('p');
    highlight(p, snippet(r.x, r.terms), r.terms);
    li.append(a, where, p);
    list.append(li);
  }
}

let timer = 0;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    const u = new URL(location.href);
    u.searchParams.set('q', input.value);
    history.replaceState(null, '', u);
    run(input.value);
  }, 120);
});
input.addEventListener('focus', () => { load().catch(() => {}); }, { once: true });
form.addEventListener('submit', (e) => {
  e.preventDefault();
  run(input.value);
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial);
}
