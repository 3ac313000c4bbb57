// Uploads from the app over a throttled link (Chromium's network emulation, 1.6 Mbit/s up,
// 150 ms), through a TCP proxy that counts the bytes the browser sends and can cut connections
// mid-transfer. Reports throughput / link rate, bytes sent again after resets, and the size and
// time of scaling a 12-megapixel photo. Figures, not assertions.
// Usage: node bench/upload-throttled.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const target = new URL(process.argv[2]);
const LINK_BPS = 1_600_000;

// A proxy in front of the app: counts upstream bytes; `cutEvery` bytes it resets the connection.
let upstream = 0, cutEvery = Infinity, nextCut = Infinity, resets = 0;
const proxy = net.createServer((client) => {
  const server = net.connect(Number(target.port), target.hostname);
  client.on('data', (d) => {
    upstream += d.length;
    if (upstream >= nextCut) {
      nextCut = upstream + cutEvery;
      resets++;
      client.destroy(); server.destroy();
      return;
    }
    server.write(d);
  });
  server.on('data', (d) => client.write(d));
  const end = () => { client.destroy(); server.destroy(); };
  client.on('error', end); server.on('error', end); client.on('close', end); server.on('close', end);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${proxy.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function session() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${base}/nop-ho-so/XA-HT-01`);
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
  await page.getByLabel('Năm sinh').fill('1990');
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước)').fill('030190001234');
  await page.getByLabel('Số điện thoại di động').fill('0912345678');
  await page.getByLabel('Địa chỉ nơi ở hiện nay').fill('Thanh Hà');
  await page.getByLabel('Nữ').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator('#file-XA-HT-01-01').waitFor({ state: 'attached' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: LINK_BPS / 8, uploadThroughput: LINK_BPS / 8,
  });
  return { context, page };
}

async function uploadOnce(label, size, cut) {
  const { context, page } = await session();
  const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
  upstream = 0; resets = 0; cutEvery = cut; nextCut = cut;
  const t0 = Date.now();
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: file });
  await page.locator('li.file[data-state="done"]').waitFor({ timeout: 600_000 });
  const secs = (Date.now() - t0) / 1000;
  const sent = upstream;
  cutEvery = Infinity; nextCut = Infinity;
  const ratio = (file.length * 8) / secs / LINK_BPS;
  console.log(`${label}: ${(file.length / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s = ${(ratio * 100).toFixed(0)} % of the 1.6 Mbit/s link; ` +
    `${resets} connection resets; bytes sent ${(sent / file.length).toFixed(3)}× the file (${(((sent - file.length) / file.length) * 100).toFixed(1)} % extra, headers included)`);
  await context.close();
}

await uploadOnce('upload, clean link', 2_000_000, Infinity);
await uploadOnce('upload, clean link', 8_000_000, Infinity);
await uploadOnce('upload, a reset every 1.5 MB sent', 8_000_000, 1_500_000);

// A phone photo: 12 megapixels of a document-like page (strokes on paper, camera noise), JPEG 0.92.
{
  const { context, page } = await session();
  await cdpOff(page, context);
  const original = Buffer.from(await page.evaluate(async () => {
    const c = new OffscreenCanvas(4000, 3000); const x = c.getContext('2d');
    x.fillStyle = '#f4f1ea'; x.fillRect(0, 0, 4000, 3000);
    x.fillStyle = '#222'; x.font = '44px serif';
    for (let y = 200; y < 2900; y += 70) x.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Giấy chứng sinh số ' + y, 200, y);
    const img = x.getImageData(0, 0, 4000, 3000); let s = 3;
    for (let i = 0; i < img.data.length; i += 4) { s = (s * 1103515245 + 12345) & 0x7fffffff; const n = (s % 13) - 6; img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n; }
    x.putImageData(img, 0, 0);
    const b = await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const u = new Uint8Array(await b.arrayBuffer()); let str = '';
    for (let i = 0; i < u.length; i += 0x8000) str += String.fromCharCode(...u.subarray(i, i + 0x8000));
    return btoa(str);
  }), 'base64');
  upstream = 0;
  await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'anh.jpg', mimeType: 'image/jpeg', buffer: original });
  await page.locator('li.file[data-state="done"]').waitFor({ timeout: 120_000 });
  const prepareMs = await page.evaluate(() => performance.motcuaPrepareMs);
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('motcua.draft.XA-HT-01')));
  const url = draft.files[0].upload_url;
  // The upload opens only to its draft's token (the draft's secret, kept on the device).
  const status = await (await fetch(`${target.origin}${url.startsWith('/') ? url : new URL(url).pathname}`,
    { headers: { 'Draft-Token': draft.draft_id } })).json();
  console.log(`photo: 12 MP JPEG ${(original.length / 1e6).toFixed(2)} MB → sent ${(status.length / 1e6).toFixed(2)} MB ` +
    `(${(original.length / status.length).toFixed(1)}× smaller); checked and scaled on the device in ${prepareMs.toFixed(0)} ms`);
  await context.close();
}

async function cdpOff(page, context) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

await browser.close();
proxy.close();
