// The app's tus client (Rust, in the page) against @tus/server, the protocol's official Node
// implementation: proof that it speaks tus 1.0, not only our back end's dialect. The page's
// upload requests are routed to @tus/server; everything else goes to our back end.
import { fillApplicant } from '../support/pages';
import { test, expect, VIEWPORTS } from '../support/fixtures';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { createServer, type Server as HttpServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { applicant } from '../support/api';

test.use({ viewport: VIEWPORTS.phone });

let http: HttpServer;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'motcua-tus-'));
const requests: string[] = [];

test.beforeAll(async () => {
  const tus = new TusServer({ path: '/api/v1/uploads', datastore: new FileStore({ directory: dir }), relativeLocation: true });
  http = createServer((req, res) => {
    requests.push(req.method!);
    tus.handle(req, res);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => http.close(r));
  rmSync(dir, { recursive: true, force: true });
});

test('the app uploads to @tus/server in chunks and the bytes arrive intact', async ({ page }) => {
  await page.route('**/api/v1/uploads**', async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: base + url.pathname + url.search });
    await route.fulfill({ response });
  });
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Three chunks' worth (4 MiB each), so offsets are exercised.
  const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(9_000_000), Buffer.from('\n%%EOF\n')]);
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: file });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1, { timeout: 30_000 });

  expect(requests.filter((m) => m === 'POST')).toHaveLength(1);
  expect(requests.filter((m) => m === 'PATCH').length).toBeGreaterThanOrEqual(3);
  const stored = readdirSync(dir).filter((f) => !f.endsWith('.json'));
  expect(stored).toHaveLength(1);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  expect(sha(readFileSync(join(dir, stored[0])))).toBe(sha(file));
  const meta = JSON.parse(readFileSync(join(dir, `${stored[0]}.json`), 'utf8'));
  expect(meta.metadata.filename).toBe('to-khai.pdf');
  expect(meta.metadata.requirement).toBe('XA-HT-01-01');
});
