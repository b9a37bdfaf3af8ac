// The script of every page, small and optional: the pages work without
// it. It marks the section being read in "On this page" and in the clause
// tree, makes "/" focus the search box, and registers the service worker that keeps the site for offline
// reading, then says so in the footer.

// Links to headings of this page, by heading id: in "On this page"
// (levels 2 and 3) and in the clause tree (level 2).
function linksTo(selector) {
  const m = new Map();
  for (const a of document.querySelectorAll(selector)) {
    const u = new URL(a.href);
    if (u.pathname !== location.pathname) continue;
    const id = decodeURIComponent(u.hash.slice(1));
    if (!m.has(id)) m.set(id, []);
    m.get(id).push(a);
  }
  return m;
}
const lists = [linksTo('.on-this-page a[href*="#"]'), linksTo('.sidebar a[href*="#"]')];
const heads = [...new Set(lists.flatMap((m) => [...m.keys()]))]
  .map((id) => document.getElementById(id)).filter(Boolean)
  .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
const current = [null, null];
let queued = false;

// mark sets aria-current="location", in each list, on the link to the
// last heading it lists that has reached the top third of the window.
function mark() {
  queued = false;
  lists.forEach((m, i) => {
    let h = null;
    for (const x of heads) {
      if (x.getBoundingClientRect().top > innerHeight / 3) break;
      if (m.has(x.id)) h = x;
    }
    if (h === current[i]) return;
    for (const a of current[i] ? m.get(current[i].id) : []) a.removeAttribute('aria-current');
    current[i] = h;
    for (const a of h ? m.get(h.id) : []) a.setAttribute('aria-current', 'location');
  });
}
if (heads.length) {
  addEventListener('scroll', () => {
    if (!queued) { queued = true; requestAnimationFrame(mark); }
  }, { passive: true });
  addEventListener('hashchange', mark);
  mark();
}

// "/" focuses the search box (the search page's own, or the header's).
addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
  const box = document.getElementById('q') || document.getElementById('site-q');
  if (!box) return;
  e.preventDefault();
  box.closest('details')?.setAttribute('open', '');
  box.focus();
});

// The offline copy. Installing it fetches the whole site, the planner's
// WebAssembly among it: on the planner's page that waits until the plan
// shown is interactive (the page marks 'planner-interactive'), for on two
// cores the install otherwise competes with the engine's own download,
// compile and first computation (issue 22's load trace).
const state = document.getElementById('offline-state');
if (state && state.dataset.sw && 'serviceWorker' in navigator) {
  const register = () => navigator.serviceWorker.register(state.dataset.sw).catch(() => {});
  if (document.getElementById('planner-status')) afterMark('planner-interactive', register);
  else register();
  navigator.serviceWorker.ready.then(() => {
    state.textContent = '✓ Available offline: this browser keeps the whole guide, search and the planner.';
    state.hidden = false;
  });
}

// afterMark calls f once the page has made the performance mark name, or
// after 15 s (a planner that cannot start still gets its offline copy).
function afterMark(name, f) {
  if (performance.getEntriesByName(name, 'mark').length) {
    f();
    return;
  }
  let done = false;
  const obs = new PerformanceObserver((list) => {
    if (list.getEntriesByName(name).length) go();
  });
  const go = () => {
    if (done) return;
    done = true;
    obs.disconnect();
    f();
  };
  obs.observe({ type: 'mark' });
  setTimeout(go, 15000);
}
