// Bytes over the wire for one citizen's journey: home → a procedure → the application (the
// applicant step filled, on to the documents), first with an empty cache (cold), then again in
// the same browser (warm: what the HTTP cache saves). One wasm per bundle means each step into a
// new bundle costs its wasm once; this keeps that cost visible. Figures, not assertions.
// Usage: node bench/journey-bytes.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
let bytes = 0;
let requests = 0;
cdp.on('Network.loadingFinished', (e) => {
  bytes += e.encodedDataLength;
  requests++;
});

async function journey() {
  const steps = [];
  const mark = async (name, go) => {
    const [b0, r0] = [bytes, requests];
    await go();
    await page.waitForLoadState('networkidle');
    steps.push([name, bytes - b0, requests - r0]);
  };
  await mark('home', async () => {
    await page.goto(`${base}/`);
    await page.locator('#search-q').waitFor();
  });
  await mark('procedure', async () => {
    await page.goto(`${base}/thu-tuc/XA-HT-01`);
    await page.locator('.doc').first().waitFor();
  });
  await mark('application', async () => {
    await page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).click();
    await page.getByLabel('Họ và tên').waitFor();
  });
  await mark('documents', async () => {
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Mai');
    await page.getByLabel('Năm sinh').fill('1990');
    await page.getByLabel('Số định danh cá nhân (số thẻ căn cước)').fill('030190001234');
    await page.getByLabel('Nữ').check();
    await page.getByLabel('Số điện thoại di động').fill('0912345678');
    await page.getByLabel('Địa chỉ nơi ở hiện nay').fill('Thôn Đông, xã Thanh Hà, Hải Phòng');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator('.dropzone').first().waitFor();
  });
  return steps;
}

const kib = (n) => (n / 1024).toFixed(1).padStart(7);
const cold = await journey();
// Forget the draft, keep the HTTP cache: a second visit.
await page.evaluate(() => localStorage.clear());
const warm = await journey();
await browser.close();
console.log('step           cold KiB  requests   warm KiB  requests');
let [tc, tw] = [0, 0];
for (let i = 0; i < cold.length; i++) {
  tc += cold[i][1];
  tw += warm[i][1];
  console.log(`${cold[i][0].padEnd(13)} ${kib(cold[i][1])}  ${String(cold[i][2]).padStart(8)}   ${kib(warm[i][1])}  ${String(warm[i][2]).padStart(8)}`);
}
console.log(`${'whole journey'.padEnd(13)} ${kib(tc)}             ${kib(tw)}`);
