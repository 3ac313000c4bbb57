import { chromium } from 'playwright-core';
import { slowLink } from './slow-link.mjs';
const { base, link: wire, close } = await slowLink(new URL(process.argv[2]));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (let i = 0; i < 2; i++) {
const ctx = await b.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
const page = await ctx.newPage();
await page.addInitScript(() => { addEventListener('TrunkApplicationStarted', () => { window.__started = performance.now(); }); const f = WebAssembly.instantiateStreaming; WebAssembly.instantiateStreaming = (...a) => { window.__inst = performance.now(); return f(...a).then((r) => { window.__instDone = performance.now(); return r; }); }; });
const cdp = await ctx.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
wire.slow = true;
const t0 = Date.now();
await page.goto(base + (process.argv[3] || '/tra-cuu'), { waitUntil: 'commit' });
await page.getByLabel('Mã hồ sơ').waitFor();
console.log('ready', Date.now() - t0, await page.evaluate(() => `instantiate called ${Math.round(window.__inst)} done ${Math.round(window.__instDone)} started ${Math.round(window.__started)} dcl ${Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventStart)}`));
console.log(await page.evaluate(() => performance.getEntriesByType('resource').map(e => `${e.name.replace(location.origin, '').slice(0, 45).padEnd(45)} ${e.initiatorType.padEnd(6)} start ${Math.round(e.startTime)} conn ${Math.round(e.connectEnd - e.connectStart)} req ${Math.round(e.requestStart)} end ${Math.round(e.responseEnd)}`).join('\n')));
wire.slow = false;
await ctx.close();
}
await b.close(); close();
