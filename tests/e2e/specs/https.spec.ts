// The reference back end over HTTPS, as a province deploys it (`--tls-self-signed` here; a real
// certificate with --tls-cert/--tls-key): a browser gets HTTP/2 and fetches the page, its files
// and its reads on one connection; a client that offers only HTTP/1.1 still gets it; a client
// that connects and never says hello is let go after the header timeout.
import { test, expect, VIEWPORTS } from '../support/fixtures';
import { Server } from '../support/server';
import { fillApplicant } from '../support/pages';
import { randomBytes } from 'node:crypto';
import { connect as tcp } from 'node:net';
import { connect as tls } from 'node:tls';

test.use({ viewport: VIEWPORTS.phone, ignoreHTTPSErrors: true });

const server = new Server(['--tls-self-signed', '--header-timeout-secs', '2']);
test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.dispose();
});

test('over HTTPS a browser gets HTTP/2 for the page, its files and its reads, and the app works', async ({ page }) => {
  expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  await page.goto(`${server.url}/`);
  await expect(page.locator('main ul.fields > li').first()).toBeVisible();
  await page.getByRole('searchbox').fill('khai sinh');
  await expect(page.locator('main').getByRole('link', { name: /khai sinh/i }).first()).toBeVisible();
  const protocols = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(
      (e) => `${(e as PerformanceResourceTiming).nextHopProtocol} ${e.name.replace(location.origin, '')}`,
    ),
  );
  // The wasm, the glue, the stylesheet and the API's answers: all over HTTP/2.
  expect(protocols.length).toBeGreaterThan(5);
  expect(protocols.filter((p) => !p.startsWith('h2 '))).toEqual([]);
  expect(protocols.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(protocols.some((p) => p.includes('/api/v1/procedures'))).toBe(true);
});

test('over HTTP/2 an application goes through: uploads sent in pieces, the dossier filed, its receipt shown', async ({ page }) => {
  const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
  await page.goto(`${server.url}/nop-ho-so/XA-HT-01`);
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  // One file larger than a piece (the upload client sends 4 MiB at a time), so it takes several PATCHes.
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(9 << 20) });
  await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(5000) });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2, { timeout: 30_000 });
  const uploads = await page.evaluate(() =>
    performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/uploads')).map((r) => (r as PerformanceResourceTiming).nextHopProtocol),
  );
  expect(uploads.length).toBeGreaterThanOrEqual(4);
  expect(new Set(uploads)).toEqual(new Set(['h2']));
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('over HTTPS a client offering only HTTP/1.1 gets HTTP/1.1', async () => {
  const port = Number(new URL(server.url).port);
  const answer = await new Promise<{ alpn: string | false; head: string }>((resolve, reject) => {
    const socket = tls({ host: '127.0.0.1', port, ALPNProtocols: ['http/1.1'], rejectUnauthorized: false }, () => {
      socket.write('GET /api/v1/offices HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    let head = '';
    socket.on('data', (d) => (head += d.toString('latin1')));
    socket.on('end', () => resolve({ alpn: socket.alpnProtocol ?? false, head }));
    socket.on('error', reject);
  });
  expect(answer.alpn).toBe('http/1.1');
  expect(answer.head).toMatch(/^HTTP\/1\.1 200 /);
});

test('over HTTPS a connection that never starts its handshake is closed after the header timeout', async () => {
  const port = Number(new URL(server.url).port);
  const started = Date.now();
  const closed = await new Promise<number>((resolve, reject) => {
    const socket = tcp(port, '127.0.0.1');
    socket.on('close', () => resolve(Date.now() - started));
    socket.on('error', reject);
    setTimeout(() => reject(new Error('still open after 10 s')), 10_000);
  });
  // --header-timeout-secs 2: closed after about two seconds, not before.
  expect(closed).toBeGreaterThanOrEqual(1_900);
  expect(closed).toBeLessThan(6_000);
});
