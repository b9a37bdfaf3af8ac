// The service worker (static/, published as it is): keeps the whole site
// (every page, search, the planner and its WebAssembly) in one cache per
// version of the site, so that after the first visit everything works
// with no network. The build (internal/sitebuild) stamps VERSION, a hash
// of every file it wrote, and writes offline.json, the list of those files
// relative to this script; a new version installs beside the old one and
// replaces it when complete.
const VERSION = '__COMMONTEXT_VERSION__';
const scope = self.registration.scope;
const PREFIX = `commontext ${scope} `;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const r = await fetch(new URL(`offline.json?v=${VERSION}`, scope), { cache: 'no-store' });
    if (!r.ok) throw new Error(`offline.json: HTTP ${r.status}`);
    const files = await r.json();
    const cache = await caches.open(CACHE);
    await cache.addAll(files.map((f) => new Request(new URL(f, scope), { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) {
      if (k.startsWith(PREFIX) && k !== CACHE) await caches.delete(k);
    }
    await self.clients.claim();
  })());
});

// Files of the site come from the cache (a query such as the search
// page's ?q= does not matter); anything else from the network.
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || !req.url.startsWith(scope)) return;
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    try {
      return await fetch(req);
    } catch (err) {
      const missing = req.mode === 'navigate' && await cache.match(new URL('404.html', scope));
      if (missing) return missing;
      throw err;
    }
  })());
});
