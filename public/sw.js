// The service worker: every bundle's shell, the catalogue, the calendar, the offices and the
// procedures already seen keep working offline. Hand-written and small (Workbox would add more
// than all of this); the server stamps BUILD below with this build's files and version, so a new
// build installs a new worker, which drops the old build's files.
//
// The public reads are asked of the network first, but one kept less than a minute ago is
// answered at once (see FRESH_MS). What a page read before this worker took control (the very
// first visit) is kept too: the page names it (a `keep` message from offline.js), and the
// catalogue, the offices and the calendar are fetched when the worker starts, so that after one
// visit the catalogue, the procedures seen and the planner work offline.
//
// What it never does: touch a request that is not a GET, or any API path but the public reads
// (procedures, offices, calendar). Uploads, dossiers, lookups and supplements go to the network
// alone and are never kept or replayed: idempotency stays with the app.
const BUILD = {"version":"dev","shells":[],"assets":[]};
const APP = `motcua-app-${BUILD.version}`;
const DATA = 'motcua-data';
const ROOTS = BUILD.shells.map((s) => s.replace(/\/index\.html$/, '')).filter((r) => r !== '');
const PUBLIC_READS = /^\/api\/v1\/(procedures|offices|calendar)(\/|$)/;
const KNOWN = new Set([...BUILD.shells, ...BUILD.assets]);

/** The shell of the bundle that serves `path` (as the server does). */
function shellFor(path) {
  const root = ROOTS.find((r) => path === r || path.startsWith(`${r}/`));
  return `${root ?? ''}/index.html`;
}

/** On a good connection every bundle's files come now; on a slow or metered one, only the
 *  shells and the catalogue's files, the rest as they are used. */
function roomy() {
  const c = self.navigator.connection;
  return !c || (!c.saveData && (c.effectiveType ?? '4g') === '4g');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(APP);
      const first = BUILD.assets.filter((a) => roomy() || a.lastIndexOf('/') === 0);
      await cache.addAll([...BUILD.shells, ...first]);
      await self.skipWaiting();
    })(),
  );
});

/** What every page may need offline: small, public, the same for everyone. */
const ALWAYS = ['/api/v1/procedures', '/api/v1/offices', '/api/v1/calendar'];

/** Fetches a public read of this origin and keeps it, unless one is kept already. */
async function keep(href) {
  const url = new URL(href, self.location.origin);
  if (url.origin !== self.location.origin || !PUBLIC_READS.test(url.pathname)) return;
  const cache = await caches.open(DATA);
  if (await cache.match(url.href)) return;
  try {
    const response = await fetch(url.href);
    if (response.ok) await cache.put(url.href, await stamped(response));
  } catch {
    // Offline or down: kept the next time it is read.
  }
}

/** A copy of `response` that says when it was kept. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('x-kept-at', String(Date.now()));
  return new Response(await response.clone().blob(), { status: response.status, headers });
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('motcua-app-') && name !== APP) await caches.delete(name);
      }
      await self.clients.claim();
      // Only when the app reads this origin's API (config.json names no other).
      const config = await (await caches.match('/config.json', { cacheName: APP }))?.json().catch(() => null);
      if (!config?.api_base) await Promise.all(ALWAYS.map(keep));
    })(),
  );
});

// A page names the public reads it made before this worker controlled it.
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.keep) ? event.data.keep.slice(0, 20) : [];
  event.waitUntil(Promise.all(urls.filter((u) => typeof u === 'string').map(keep)));
});

/** How long a kept public read is answered without asking the network: a tap from a procedure
 *  page to its application reuses what the page fetched moments before (a round trip saved on
 *  a slow link); older, the network is asked first. */
const FRESH_MS = 60_000;

async function networkFirst(request, name) {
  const cache = await caches.open(name);
  const kept = await cache.match(request);
  // This device's clock on both sides (the server's `date` may be off from it).
  const age = Date.now() - Number(kept?.headers.get('x-kept-at'));
  if (age >= 0 && age < FRESH_MS) return kept;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, await stamped(response));
    return response;
  } catch (offline) {
    if (kept) return kept;
    throw offline;
  }
}

async function navigate(request, url) {
  try {
    return await fetch(request);
  } catch (offline) {
    const shell = await caches.match(shellFor(url.pathname), { cacheName: APP });
    if (shell) return shell;
    throw offline;
  }
}

async function cacheFirst(request, url) {
  const kept = await caches.match(request, { cacheName: APP, ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && KNOWN.has(url.pathname)) await (await caches.open(APP)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (PUBLIC_READS.test(url.pathname)) event.respondWith(networkFirst(request, DATA));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
  } else if (KNOWN.has(url.pathname)) {
    // `/config.json` too: its bytes are part of the version, so a new one comes with a new
    // worker, and a page does not wait a round trip for it.
    event.respondWith(cacheFirst(request, url));
  }
});
