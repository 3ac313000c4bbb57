// From tapping "Nộp hồ sơ qua mạng" on a procedure page to a usable applicant form, on a slow
// 4G link (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, as Lighthouse's mobile profile)
// and a phone's CPU (4× slower): first with nothing kept (cold), then on a second visit, after a
// first one on a good connection let the service worker keep the application's files in idle
// time. The link is the throttling proxy of `slow-link.mjs`. Figures, not assertions.
// Usage: node bench/tap-to-form.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import { median, slowLink } from './slow-link.mjs';

const RUNS = 3;
const { base, link: wire, close } = await slowLink(new URL(process.argv[2]));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Opens the procedure page on the slow link and times the tap to the applicant form. */
async function tap(context) {
  wire.slow = true;
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${base}/thu-tuc/XA-HT-01`);
  const link = page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' });
  await link.waitFor();
  const t0 = Date.now();
  await link.click();
  await page.getByLabel('Họ và tên').waitFor();
  const ms = Date.now() - t0;
  await page.close();
  wire.slow = false;
  return ms;
}

const cold = [];
const second = [];
for (let i = 0; i < RUNS; i++) {
  // Cold: a browser that has kept nothing (no worker, empty HTTP cache).
  const fresh = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  cold.push(await tap(fresh));
  await fresh.close();
  // A first visit on a good connection: the worker installs and keeps every bundle's files.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const first = await context.newPage();
  await first.goto(`${base}/thu-tuc/XA-HT-01`);
  await first.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).waitFor();
  // (Polled from here: `waitForFunction` takes an async predicate's promise for a yes.)
  const kept = () => first.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (reg?.active?.state !== 'activated') return false;
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      if (keys.some((r) => /\/nop-ho-so\/.*_bg\.wasm$/.test(r.url))) return true;
    }
    return false;
  });
  for (const start = Date.now(); !(await kept()); await first.waitForTimeout(200)) {
    if (Date.now() - start > 60_000) throw new Error('the worker did not keep the application within 60 s');
  }
  await first.close();
  // The second visit, on the slow link.
  second.push(await tap(context));
  await context.close();
}
await browser.close();
close();
console.log(`tap "Nộp hồ sơ qua mạng" → applicant form, slow 4G (150 ms, 1.6 Mbit/s) and 4× CPU, median of ${RUNS}: ` +
  `cold ${median(cold)} ms (${cold.join(', ')}), second visit ${median(second)} ms (${second.join(', ')}); goal < 1000 ms on the second visit`);
