// A first visit to each page on a slow 4G link (the proxy of `slow-link.mjs`) and a phone's CPU
// (4× slower), nothing kept: the time from asking for the page until its app has replaced the
// shell and shows what the page is for, with the first paint beside it. Figures, not assertions.
// Usage: node bench/cold-ready.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import { median, slowLink } from './slow-link.mjs';

const RUNS = 5;
const PAGES = [
  ['home', '/', (page) => page.getByRole('searchbox').waitFor()],
  ['procedure', '/thu-tuc/XA-HT-01', (page) => page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).waitFor()],
  ['application', '/nop-ho-so/XA-HT-01', (page) => page.getByLabel('Họ và tên').waitFor()],
  ['planner', '/thu-sau', (page) => page.locator('form select').first().waitFor()],
  ['tracking', '/tra-cuu', (page) => page.getByLabel('Mã hồ sơ').waitFor()],
];
const { base, link: wire, close } = await slowLink(new URL(process.argv[2]));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`page          ready ms (median of ${RUNS})   first paint ms`);
for (const [name, path, ready] of PAGES) {
  const times = [];
  const paints = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    wire.slow = true;
    const t0 = Date.now();
    await page.goto(`${base}${path}`, { waitUntil: 'commit' });
    await ready(page);
    times.push(Date.now() - t0);
    wire.slow = false;
    paints.push(await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1)));
    await context.close();
  }
  console.log(`${name.padEnd(13)} ${String(median(times)).padStart(5)} (${times.join(', ')})`.padEnd(44) + String(median(paints)).padStart(5));
}
await browser.close();
close();
