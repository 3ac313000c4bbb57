// @scale: the application journey through a load balancer in front of two instances of the
// back end on one PostgreSQL database and one S3-compatible bucket, each request to the next
// instance in turn: a phone applies (a 7 MB file, its parts cut on both instances), gets its
// receipt, an officer accepts on the command line, the phone tracks it. Needs the services
// `cargo xtask test scale` starts (MOTCUA_TEST_DATABASE_URL, MOTCUA_TEST_OBJECT_STORE, AWS_*).
import { test as base, expect, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { applicant } from '../support/api';
import { Server } from '../support/server';
import { startBalancer } from '../support/balancer.mjs';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const FORM = 'XA-HT-01-01';
const BIRTH_CERT = 'XA-HT-01-02';
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const databaseUrl = process.env.MOTCUA_TEST_DATABASE_URL;
const objectStore = process.env.MOTCUA_TEST_OBJECT_STORE;

type Pair = { a: Server; b: Server; balancer: Awaited<ReturnType<typeof startBalancer>>; storage: string[] };

/** A fresh database on the test server, by psql (the client comes with PostgreSQL). */
function freshDatabase(url: string): string {
  const name = `e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  execFileSync('psql', [url, '-q', '-c', `CREATE DATABASE ${name}`]);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const test = base.extend<{}, { pair: Pair }>({
  pair: [
    async ({}, use) => {
      const storage = ['--database-url', freshDatabase(databaseUrl!), '--object-store', `${objectStore}/${randomUUID()}`];
      const a = new Server(storage);
      const b = new Server(storage);
      await a.start();
      await b.start();
      const balancer = await startBalancer([a.url, b.url]);
      await use({ a, b, balancer, storage });
      await balancer.close();
      await a.dispose();
      await b.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ pair }, use) => use(pair.balancer.url),
});

test.skip(!databaseUrl || !objectStore, 'needs PostgreSQL and S3-compatible storage: cargo xtask test scale');
test.use({ viewport: VIEWPORTS.phone });

test('@scale a phone applies and tracks through a balancer alternating two instances', async ({ page, pair }) => {
  test.setTimeout(180_000);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', pair.a.dataDir, ...pair.storage.slice(0, 2), ...args], {
      encoding: 'utf8',
    });
  const served: string[] = [];
  page.on('response', (r) => served.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`));

  await page.goto('/');
  await page.goto('/thu-tuc/XA-HT-01');
  await page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).click();
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-01\/giay-to$/);
  const big = pdf(7_000_000);
  await page.locator(`#file-${FORM}`).setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(30_000) });
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: big });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2, { timeout: 60_000 });
  await checkAtBothSizes(page, 'scale-documents', async () => {
    await expect(page.getByText('Đã đủ giấy tờ bắt buộc.')).toBeVisible();
  });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();
  expect(code).toMatch(/^000\.21\.12\.H23-\d{6}-0001$/);

  // Both instances did the work; the file is whole in the bucket, as sent.
  const patches = served.filter((s) => s.startsWith('PATCH /api/v1/uploads/'));
  expect(patches.length, 'the 7 MB file went in several PATCHes').toBeGreaterThan(1);
  expect(Math.min(...pair.balancer.counts), `requests per instance: ${pair.balancer.counts}`).toBeGreaterThan(5);
  const shown = officer('show', code);
  expect(shown).toContain(sha(big));

  // An officer accepts (on the command line, against the shared database); the phone sees it.
  officer('accept', code);
  await page.getByRole('link', { name: 'Xem tình trạng hồ sơ này' }).click();
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('#status-heading')).toContainText('Đã tiếp nhận');
  await checkAtBothSizes(page, 'scale-tracking', async () => {
    await expect(page.locator('#status-heading')).toBeVisible();
  });
  console.log(`balancer: ${pair.balancer.counts.join(' and ')} requests to the two instances; ${patches.length} PATCHes`);
});
