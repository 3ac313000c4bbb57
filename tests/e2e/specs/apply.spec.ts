// The online application on a phone: applicant errors and their fix, three uploads (one an 8 MB
// photo) cut off mid-way, a reload that resumes them, a double-tapped submit that makes one
// dossier, the server's files equal to what was sent, and a receipt with a QR code.
import { fillApplicant } from '../support/pages';
import { test, expect, expectAccessible, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { applicant } from '../support/api';

test.use({ viewport: VIEWPORTS.phone });

const FORM = 'XA-HT-01-01';
const BIRTH_CERT = 'XA-HT-01-02';

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A real 12-megapixel JPEG of about 8 MB, made by the browser's own encoder. */
async function photo(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(4000, 3000);
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(4000, 3000);
    let seed = 7;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const v = 60 + (seed % 160);
      img.data[i] = v; img.data[i + 1] = (v * 3) % 256; img.data[i + 2] = 255 - v; img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

async function draftIn(page: Page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('motcua.draft.XA-HT-01') ?? 'null'));
}

test('apply on a phone: errors, interrupted uploads resumed after a reload, one dossier, a receipt', async ({
  page,
  server,
}) => {
  test.setTimeout(180_000);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const dossiersBefore = officer('list').trim().split('\n').filter((l) => l.includes('-')).length;

  await page.goto('/thu-tuc/XA-HT-01');
  await page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');

  // 1. A wrong ID number: the summary lists it, its link takes focus to the field.
  await fillApplicant(page, '12345');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Cần sửa các mục sau' });
  await expect(summary).toBeFocused();
  const idError = summary.getByRole('link');
  await expect(idError).toHaveCount(1);
  await expectAccessible(page, 'applicant with errors');
  await idError.click();
  await expect(page.getByLabel('Số định danh cá nhân (số thẻ căn cước)')).toBeFocused();
  await expect(page.getByLabel('Số định danh cá nhân (số thẻ căn cước)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước)').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-01\/giay-to$/);

  // 2. Three files; the connection drops while they are on their way.
  const form = pdf(300_000);
  const big = pdf(12_000_000); // three 4 MiB chunks
  const original = await photo(page);
  expect(original.length).toBeGreaterThan(7_000_000);
  let patches = 0;
  let cut = false;
  await page.route('**/api/v1/uploads/**', async (route) => {
    if (route.request().method() === 'PATCH' && ++patches > 3) {
      cut = true;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.locator(`#file-${FORM}`).setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: form });
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles([
    { name: 'giay-chung-sinh.jpg', mimeType: 'image/jpeg', buffer: original },
    { name: 'giay-chung-sinh-trang-2.pdf', mimeType: 'application/pdf', buffer: big },
  ]);
  await expect.poll(() => cut, { timeout: 30_000 }).toBe(true);
  await page.context().setOffline(true);
  await expect(page.locator('li.file')).toHaveCount(3);
  await expect(page.locator('li.file[data-state="uploading"]').first()).toBeVisible();
  await expectAccessible(page, 'documents while uploading');
  const stuck = await draftIn(page);
  const partial = stuck.files.find((f: { name: string }) => f.name === 'giay-chung-sinh-trang-2.pdf');
  expect(partial.upload_url, 'the big file was created on the server before the cut').toBeTruthy();

  // 3. Back online, the page reloaded: nothing is picked again, the uploads carry on.
  await page.unroute('**/api/v1/uploads/**');
  await page.context().setOffline(false);
  const resumedAt: number[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().endsWith(partial.upload_url)) resumedAt.push(Number(r.headers()['upload-offset']));
  });
  await page.reload();
  // A reload finds the draft on the device: offered back masked, resumed only when claimed.
  await expect(page.getByTestId('resume-offer')).toContainText('Số định danh …');
  await page.getByRole('button', { name: 'Đúng là tôi: làm tiếp hồ sơ này' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tải lên giấy tờ');
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(3, { timeout: 60_000 });
  expect(resumedAt.length, 'the big file went on after the reload').toBeGreaterThan(0);
  expect(Math.min(...resumedAt), 'the big file resumed where the server had it, not from 0').toBeGreaterThan(0);
  await expect(page.getByText('Đã đủ giấy tờ bắt buộc.')).toBeVisible();

  // A file the desk cannot open is refused on the device with what to do.
  await page.locator(`#file-${FORM}`).setInputFiles({ name: 'thu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('PK\u0003\u0004 not a pdf') });
  const refused = page.locator('li.file[data-state="failed"]');
  await expect(refused).toContainText('không phải ảnh');
  await checkAtBothSizes(page, 'apply-documents', async () => {
    await expect(refused).toBeVisible();
  });
  await page.setViewportSize(VIEWPORTS.phone);
  await refused.getByRole('button', { name: /^Xóa/ }).click();
  await expect(refused).toHaveCount(0);

  // The server holds exactly the bytes that were sent: PDFs untouched, the photo scaled down.
  const done = await draftIn(page);
  const onServer = (f: { upload_url: string }) =>
    readFileSync(join(server.dataDir, 'uploads', `${f.upload_url.split('/').pop()}.part`));
  const byName = (n: string) => done.files.find((f: { name: string }) => f.name === n);
  expect(sha(onServer(byName('to-khai.pdf')))).toBe(sha(form));
  expect(sha(onServer(byName('giay-chung-sinh-trang-2.pdf')))).toBe(sha(big));
  const sentPhoto = onServer(byName('giay-chung-sinh.jpg'));
  expect(sentPhoto.subarray(0, 3).toString('hex')).toBe('ffd8ff');
  // Noise is the worst case for JPEG; 12 → 4.3 megapixels still shrinks it well over 2.5×.
  expect(original.length / sentPhoto.length, 'the photo is scaled down').toBeGreaterThanOrEqual(2.5);

  // 4. Check answers, then a double tap on submit.
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra lại trước khi nộp');
  await expect(page.getByText(applicant.full_name)).toBeVisible();
  await expect(page.locator('dl.summary-list').getByText('giay-chung-sinh-trang-2.pdf')).toBeVisible();
  await checkAtBothSizes(page, 'apply-review', async () => {
    await expect(page.getByRole('button', { name: 'Nộp hồ sơ' })).toBeVisible();
  });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).dblclick();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();
  expect(code).toMatch(/^000\.21\.12\.H23-\d{6}-\d{4}$/);
  await expect(page.locator('.qr svg path')).toHaveCount(1);
  await checkAtBothSizes(page, 'apply-receipt', async () => {
    await expect(page.getByTestId('dossier-code')).toBeVisible();
  });
  const dossiersAfter = officer('list').trim().split('\n').filter((l) => l.includes('-')).length;
  expect(dossiersAfter - dossiersBefore, 'one dossier for a double tap').toBe(1);
  expect(officer('list')).toContain(code);

  // The receipt reopens from its URL; the draft is gone.
  await page.reload();
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
  expect(await draftIn(page)).toBeNull();
});

test('a draft is offered again on return, masked, and continues only when its owner claims it', async ({ page }) => {
  await page.goto('/nop-ho-so/XA-HT-01');
  await page.getByLabel('Họ và tên').fill('Trần Văn Bình');
  await page.getByLabel('Năm sinh').fill('1985');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.goto('/');
  await page.goto('/nop-ho-so/XA-HT-01');
  await expect(page.getByTestId('resume-offer')).toContainText('Trần V… B.');
  await expect(page.locator('body')).not.toContainText('Trần Văn Bình');
  await page.getByRole('button', { name: 'Đúng là tôi: làm tiếp hồ sơ này' }).click();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Văn Bình');
});

test('a photo too small to read gets a warning with "retake" and "use anyway"; screen readers hear when it is done', async ({
  page,
}) => {
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page, applicant.citizen_id);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const small = Buffer.from(
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(400, 300);
      const x = c.getContext('2d')!;
      x.fillStyle = '#fff'; x.fillRect(0, 0, 400, 300);
      x.fillStyle = '#000'; x.font = '20px serif';
      for (let y = 30; y < 300; y += 30) x.fillText('Giấy chứng sinh — bản chụp nhỏ', 10, y);
      const u = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      return btoa(String.fromCharCode(...u));
    }),
    'base64',
  );
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'nho.jpg', mimeType: 'image/jpeg', buffer: small });
  const row = page.locator('li.file', { hasText: 'nho.jpg' });
  await expect(row.getByText('Ảnh hơi nhỏ, chữ có thể khó đọc.')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Chụp lại' })).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('status').filter({ hasText: 'Đã tải lên nho.jpg.' })).toBeAttached();
  await expectAccessible(page, 'photo warning');
  await row.getByRole('button', { name: 'Vẫn dùng ảnh này' }).click();
  await expect(row.getByText('Ảnh hơi nhỏ')).toHaveCount(0);
  await expect(row).toBeVisible();
  // "Retake" removes the photo so another can be taken.
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'nho-2.jpg', mimeType: 'image/jpeg', buffer: small });
  const second = page.locator('li.file', { hasText: 'nho-2.jpg' });
  await second.getByRole('button', { name: 'Chụp lại' }).click();
  await expect(second).toHaveCount(0);
});
