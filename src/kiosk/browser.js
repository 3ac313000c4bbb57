// Calls `callback` on any sign of someone at the machine (one listener per kind of input,
// passive, for the life of the page).
export function on_activity(callback) {
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'scroll']) {
    addEventListener(type, () => callback(), { passive: true, capture: true });
  }
}

// Wipes what the app keeps in this browser for the next person at a shared kiosk: localStorage
// (except the key that says this is a kiosk), sessionStorage, every IndexedDB database, Cache
// Storage (but the app's own files) and the origin's cookies. Kept in JS: these APIs have no compact binding in web-sys.
export async function wipe_browser(keep) {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k !== keep) localStorage.removeItem(k);
  }
  sessionStorage.clear();
  if (self.indexedDB) {
    const names = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : ['motcua'];
    await Promise.all(names.map((n) => new Promise((done) => {
      const req = indexedDB.deleteDatabase(n);
      req.onsuccess = req.onerror = req.onblocked = () => done();
    })));
  }
  if (self.caches) {
    // The app's own files (the service worker's `motcua-app-*`, the same for everyone) stay, so
    // the next person does not download the app again; everything else goes, the data kept for
    // offline use too (it would show which procedures this person looked at).
    for (const k of await caches.keys()) if (!k.startsWith('motcua-app-')) await caches.delete(k);
  }
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0].trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}
