// Search time in Chromium (wasm), measured through the page: the catalogue answer is replaced by
// a synthetic one of 5,000 procedures made from the real ones (as domain/examples/search_bench.rs
// does natively), each query is typed into the search box, and the app's own `motcua:search`
// performance measures (around the search call only) are collected. Figures, not assertions.
// Usage: node bench/search-in-browser.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';

const base = process.argv[2];
const QUERIES = ['khai sinh', 'ket hon', 'giay xac nhan doc than', 'cong chung ban sao', '1.001193',
  'chuyenn truong', 'dang ky kinh doan', 'mai táng', 'trích lục khai sinh', 'di chuc'];
const ROUNDS = 10;

const real = await (await fetch(`${base}/api/v1/procedures`)).json();
const suffixes = ['', ' tại xã', ' trực tuyến', ' (trường hợp đặc biệt)', ' cho người cao tuổi', ' lưu động'];
const n = real.procedures.length;
const procedures = Array.from({ length: 5000 }, (_, i) => {
  const p = real.procedures[i % n];
  return { ...p, id: `${p.id}-${i}`, name: { vi: `${p.name.vi}${suffixes[Math.floor(i / n) % suffixes.length]} ${i}`, en: p.name.en } };
});
const body = JSON.stringify({ fields: real.fields, procedures });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
await page.route('**/api/v1/procedures', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
await page.goto(`${base}/`);
await page.getByRole('searchbox').waitFor();
const box = page.getByRole('searchbox');
// Typing letter by letter exercises the prefix path, as a citizen would.
for (let r = 0; r < ROUNDS; r++) {
  for (const q of QUERIES) {
    await box.fill('');
    await box.fill(q);
    await page.locator('.results__count:not(:empty)').waitFor();
  }
}
const durations = await page.evaluate(() =>
  performance.getEntriesByName('motcua:search').map((e) => e.duration));
await browser.close();
durations.sort((a, b) => a - b);
const at = (p) => durations[Math.min(durations.length - 1, Math.floor(durations.length * p))];
console.log(`search in Chromium (wasm) over ${procedures.length} procedures: per query median ${at(0.5).toFixed(2)} ms, ` +
  `p90 ${at(0.9).toFixed(2)} ms, max ${durations[durations.length - 1].toFixed(2)} ms (${durations.length} searches; ` +
  `browser timer resolution 0.1 ms)`);
