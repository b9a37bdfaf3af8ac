// Search for the commontext site. Runs in the browser only; nothing leaves
// it. The engine (MiniSearch, vendored) and the index (search-index.json,
// built by Hugo) are fetched only when the reader searches.
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');

const MAX = 30;

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
        searchOptions: { boost: { t: 3 }, combineWith: 'AND' },
      });
      ms.addAll(docs);
      return { ms, docs };
    });
    ready.catch(() => { ready = null; });
  }
  return ready;
}

// rank returns the results for q, best first: the clause a clause number
// names, and exact matches of every word (so "DIS" finds the acronym, not
// "discrete"); then, marked partial, prefix and fuzzy matches.
function rank({ ms, docs }, q) {
  const seen = new Set();
  const out = [];
  const add = (rs, partial) => {
    for (const r of rs) {
      if (!seen.has(r.id)) { seen.add(r.id); out.push({ ...r, partial, rank: out.length }); }
    }
  };
  if (/^\d+(\.\d+)*(bis|ter)?$/.test(q)) {
    add(docs.filter((d) => d.t.startsWith(`${q} `)).map((d) => ({ ...d, terms: [q] })), false);
  }
  // "Figure 5a", "table 3": the figure or table of that number, first.
  const numbered = /^(figure|table)\s+(\d+[a-z]?)$/i.exec(q);
  if (numbered) {
    const name = `${numbered[1][0].toUpperCase()}${numbered[1].slice(1).toLowerCase()} ${numbered[2].toLowerCase()} – `;
    add(docs.filter((d) => d.t.startsWith(name)).map((d) => ({ ...d, terms: [numbered[1].toLowerCase(), numbered[2].toLowerCase()] })), false);
  }
  add(ms.search(q), false);
  add(ms.search(q, { prefix: true, fuzzy: (t) => (t.length > 5 ? 0.2 : 0) }), true);
  if (!out.length) add(ms.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'OR' }), true);
  return out;
}

// snippet cuts about 220 characters around the first matched term,
// starting and ending at a word.
function snippet(text, terms) {
  // The first use of a term as a whole word ("DIS", not "discrete"), else
  // as the start of one.
  let at = -1;
  for (const edge of ['\\b', '']) {
    for (const t of terms) {
      const m = new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${edge}`, 'i').exec(text);
      if (m) { at = m.index; break; }
    }
    if (at >= 0) break;
  }
  let start = Math.max(0, at - 60);
  if (start > 0) start = text.lastIndexOf(' ', start) + 1; // back to the start of its word
  let end = Math.min(text.length, start + 220);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
}

// highlight marks the matched terms in text, as whole words only: the
// terms are the index's words that matched (for "resol", "resolution"),
// so "DIS" marks the acronym, never the DIS of "FDIS" or the "dis" of
// "discuss".
function highlight(el, text, terms) {
  // Builds text nodes and <mark> elements: never innerHTML with index text.
  const words = terms.filter((t) => t.length > 1).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) { el.textContent = text; return; }
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
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

// groups lists results grouped by the clause (or glossary part) they
// belong to, groups in the order of their best result, under headings of
// the given level.
function groups(results, level) {
  const byClause = new Map();
  for (const r of results) {
    if (!byClause.has(r.p)) byClause.set(r.p, []);
    byClause.get(r.p).push(r);
  }
  const out = [];
  for (const [title, rs] of byClause) {
    const g = document.createElement('li');
    g.className = 'group';
    const h = document.createElement(`h${level}`);
    h.textContent = title;
    const ol = document.createElement('ol');
    for (const r of rs) {
      const li = document.createElement('li');
      li.dataset.rank = r.rank;
      const a = document.createElement('a');
      a.href = r.u;
      a.textContent = r.t;
      const p = document.createElement('p');
      highlight(p, snippet(r.x, r.terms), r.terms);
      li.append(a, p);
      ol.append(li);
    }
    g.append(h, ol);
    out.push(g);
  }
  return out;
}

// show lists the exact matches, grouped, then the partial ones.
function show(results, q) {
  list.append(...groups(results.filter((r) => !r.partial), 2));
  const partial = results.filter((r) => r.partial);
  if (!partial.length) return;
  const tier = document.createElement('li');
  tier.className = 'partial';
  const h = document.createElement('h2');
  h.textContent = `Words that begin with or resemble “${q}”`;
  const ol = document.createElement('ol');
  ol.append(...groups(partial, 3));
  tier.append(h, ol);
  list.append(tier);
}

async function run(q) {
  q = q.trim();
  list.replaceChildren();
  delete list.dataset.q; // set again once the results for q are shown
  if (!q) { status.textContent = ''; return; }
  status.textContent = 'Searching…';
  let index;
  try {
    index = await load();
  } catch (err) {
    status.textContent = `Search could not start: ${err.message}`;
    return;
  }
  if (input.value.trim() !== q) return; // a newer query is on its way
  const results = rank(index, q);
  const top = results.slice(0, MAX);
  status.textContent = top.length
    ? `${results.length} result${results.length === 1 ? '' : 's'} for “${q}”${results.length > top.length ? `, best ${top.length} shown` : ''}. Arrow keys move through them.`
    : `No results for “${q}”.`;
  show(top, q);
  list.dataset.q = q;
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
form.addEventListener('submit', (e) => {
  e.preventDefault();
  run(input.value);
});

// Arrow keys: down from the field into the results, up and down through
// them, up from the first back to the field.
document.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...list.querySelectorAll('a')];
  if (!links.length) return;
  const i = links.indexOf(document.activeElement);
  if (document.activeElement !== input && i < 0) return;
  e.preventDefault();
  const next = document.activeElement === input
    ? (e.key === 'ArrowDown' ? 0 : -1)
    : i + (e.key === 'ArrowDown' ? 1 : -1);
  if (next < 0) input.focus();
  else links[Math.min(next, links.length - 1)].focus();
});

// A search sent from another page (the header's field): once its results
// are shown, focus goes to the first, so the arrow keys move through them
// at once; with none, to the field.
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial).then(() => {
    const first = list.querySelector('a');
    (first || input).focus();
  });
}
