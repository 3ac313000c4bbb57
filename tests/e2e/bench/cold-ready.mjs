// A first visit to each page on a slow 4G link (the proxy of `slow-link.mjs`) and a phone's CPU
// (4× slower), nothing kept: the time from asking for the page until its app has replaced the
// shell, read what it needs and shows what the page is for, with the first paint beside it. Figures, not assertions.
// Usage: node bench/cold-ready.mjs http://127.0.0.1:PORT (or https://, the server's self-signed
// certificate accepted)
import { chromium } from 'playwright-core';
import { median, slowLink } from './slow-link.mjs';

const RUNS = 7;
// Each page and what shows it is ready (once nothing in <main> says it is still loading).
const PAGES = [
  ['home', '/', 'ul.fields > li'],
  ['procedure', '/thu-tuc/XA-HT-01', 'a[href^="/nop-ho-so/"]'],
  ['application', '/nop-ho-so/XA-HT-01', '#full_name'],
  ['planner', '/thu-sau', 'form button[type="submit"]'],
  ['tracking', '/tra-cuu', '#ma'],
];
const { base, link: wire, close } = await slowLink(new URL(process.argv[2]));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Over HTTPS the server's self-signed certificate: taken by Chromium itself (Playwright's
    // ignoreHTTPSErrors intercepts through the DevTools protocol, which costs a first visit ~0.2 s).
    ...(process.argv[2].startsWith('https:') ? ['--ignore-certificate-errors'] : [])],
});
console.log(`page          ready ms from the request (median of ${RUNS})   first paint ms`);
for (const [name, path, selector] of PAGES) {
  const times = [];
  const paints = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    // Timed in the page (the moment a mutation shows it ready), not by polling from outside,
    // which a 4× slower CPU makes coarse.
    await page.addInitScript((sel) => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(`main ${sel}`) && !document.querySelector('main .loading')) {
          window.__ready = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, selector);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    wire.slow = true;
    await page.goto(`${base}${path}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__ready, null, { timeout: 30_000 });
    times.push(Math.round(await page.evaluate(() => window.__ready)));
    wire.slow = false;
    paints.push(await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1)));
    await context.close();
  }
  console.log(`${name.padEnd(13)} ${String(median(times)).padStart(5)} (${times.join(', ')})`.padEnd(58) + String(median(paints)).padStart(5));
}
await browser.close();
close();
