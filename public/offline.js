// Beside every bundle, outside the wasm (no bundle pays for it): registers the service worker
// (sw.js) and, while the device is offline, says so in a quiet bar at the bottom with the time
// the data on screen was fetched. Its sentences follow the page's language (`<html lang>`, set by
// the app's i18n), in Vietnamese and English like every string of the app.
(() => {
  const TEXT = {
    vi: { offline: 'Bạn đang ngoại tuyến.', at: (t) => `Thông tin lấy về lúc ${t}.`, unknown: 'Thông tin có thể chưa mới nhất.' },
    en: { offline: 'You are offline.', at: (t) => `Information fetched at ${t}.`, unknown: 'Information may not be the latest.' },
  };
  // Registered once the page has loaded and the device is idle: on a first visit its install
  // fetches the other bundles' files (on a good connection), which must not compete with this
  // page's own files and reads.
  if ('serviceWorker' in navigator) {
    const register = () => navigator.serviceWorker.register('/sw.js').catch(() => {});
    // The public reads this page made before the worker controlled it (a first visit) are
    // named to it, so it keeps them for offline use too.
    navigator.serviceWorker.ready
      .then((reg) => {
        const reads = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(`${location.origin}/api/v1/`) && /\/api\/v1\/(procedures|offices|calendar)(\/|$|\?)/.test(new URL(u).pathname));
        if (reads.length) reg.active?.postMessage({ keep: reads });
      })
      .catch(() => {});
    const idle = () => setTimeout(() => (self.requestIdleCallback ?? setTimeout)(register, { timeout: 5000 }), 2000);
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }

  /** When the newest answer kept for offline use was fetched (its `Date`), in ms; 0 if none. */
  async function fetchedAt() {
    try {
      const cache = await caches.open('motcua-data');
      let newest = 0;
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        newest = Math.max(newest, Date.parse(response?.headers.get('date') ?? '') || 0);
      }
      return newest;
    } catch {
      return 0;
    }
  }

  /** "14:05 29/11/2026", Vietnam time, as every time in the app. */
  function vietnamTime(ms) {
    const d = new Date(ms + 7 * 3600 * 1000);
    const p = (n) => String(n).padStart(2, '0');
    return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  }

  let bar = null;
  async function show() {
    const when = await fetchedAt();
    if (navigator.onLine) return;
    const t = TEXT[document.documentElement.lang === 'en' ? 'en' : 'vi'];
    if (!bar) {
      // Styled here, not in main.css, so no bundle's first page pays for it (CSSOM, allowed by
      // the strict CSP): a bar over the bottom of the page, so nothing on it moves.
      bar = Object.assign(document.createElement('p'), { className: 'offline-banner no-print' });
      bar.setAttribute('role', 'status');
      Object.assign(bar.style, {
        position: 'fixed', left: '0', right: '0', bottom: '0', zIndex: '20', margin: '0', maxWidth: 'none',
        padding: '0.6rem 1rem', background: '#0b0c0c', color: '#fff', textAlign: 'center',
      });
    }
    bar.textContent = `${t.offline} ${when ? t.at(vietnamTime(when)) : t.unknown}`;
    if (!bar.isConnected) document.body.append(bar);
    document.body.style.paddingBottom = '4rem';
  }
  addEventListener('offline', show);
  addEventListener('online', () => {
    bar?.remove();
    document.body.style.paddingBottom = '';
  });
  new MutationObserver(() => bar?.isConnected && show()).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  if (!navigator.onLine) show();
})();
