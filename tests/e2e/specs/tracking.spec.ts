// After submitting: the receipt's link opens tracking with the code filled in; the second factor
// is typed, never put in a URL; a wrong code and a wrong factor read the same; too many tries
// say how many minutes to wait; each status reads in plain words with what to do next and a
// dated history; after the result the citizen rates once; the offices' figures equal the API's.
import { fillApplicant } from '../support/pages';
import { test, expect, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applicant, BIRTH_CERT, completeDossier, FORM } from '../support/api';

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

test.use({ viewport: VIEWPORTS.phone });

async function lookUp(page: Page, factor: string) {
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(factor);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
}

test('the whole loop: apply, the receipt, track, a supplement uploaded through a cut and a reload, the result, one rating', async ({
  page,
  request,
  server,
}) => {
  test.setTimeout(180_000);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));

  // Apply in the browser: applicant, two documents, check answers, the receipt.
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator(`#file-${FORM}`).setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(20_000) });
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(20_000) });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();

  // The receipt's link (the QR code holds the same URL) opens tracking with the code in place.
  const qrTarget = await page.getByRole('link', { name: 'Xem tình trạng hồ sơ này' }).getAttribute('href');
  expect(qrTarget).toBe(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await page.getByRole('link', { name: 'Xem tình trạng hồ sơ này' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\?ma=/);
  await expect(page.getByLabel('Mã hồ sơ')).toHaveValue(code);
  await checkAtBothSizes(page, 'track-form', async () => { await expect(page.getByLabel('Mã hồ sơ')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // Nothing typed: GOV.UK's error summary.
  await page.getByLabel('Mã hồ sơ').fill('');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary li')).toHaveCount(2);

  // A wrong factor and an unknown code read exactly the same.
  await page.getByLabel('Mã hồ sơ').fill(code);
  await lookUp(page, '030190009999');
  const refused = page.getByTestId('lookup-refused');
  await expect(refused).toBeVisible();
  const wrongFactor = await refused.innerText();
  await page.getByLabel('Mã hồ sơ').fill(code.replace(/\d{4}$/, '9999'));
  await lookUp(page, applicant.citizen_id);
  await expect(refused).toHaveText(wrongFactor);
  expect(wrongFactor).toContain('Không tìm thấy hồ sơ');
  await checkAtBothSizes(page, 'track-not-found', async () => { await expect(refused).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // The right pair: the status in plain words, the next step, a history in Vietnam time.
  await page.getByLabel('Mã hồ sơ').fill(code);
  await lookUp(page, applicant.citizen_id);
  await expect(page.locator('#status-heading')).toContainText('Đã gửi, đang chờ cán bộ tiếp nhận');
  await expect(page.locator('#status-heading')).toBeFocused();
  await expect(page.getByTestId('next-step')).toContainText('cán bộ sẽ kiểm tra');
  await expect(page.locator('.timeline time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  expect(urls.filter((u) => u.includes(applicant.citizen_id)), 'the factor never goes in a URL').toEqual([]);
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toContain(applicant.citizen_id);
  await checkAtBothSizes(page, 'track-submitted', async () => { await expect(page.locator('#status-heading')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // The officer asks for a document: the message and the document, in the citizen's words.
  officer('accept', code);
  officer('request-supplement', code, '--message', 'Bổ sung bản sao giấy chứng sinh rõ nét hơn.', '--message-en', 'Add a clearer copy of the birth certificate.', '--requirement', BIRTH_CERT);
  await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
  await page.getByLabel('Mã hồ sơ').fill(code);
  await lookUp(page, applicant.phone);
  await expect(page.locator('#status-heading')).toContainText('Cần bổ sung giấy tờ');
  const supplement = page.getByTestId('supplement');
  await expect(supplement).toContainText('Bổ sung bản sao giấy chứng sinh rõ nét hơn.');
  await expect(supplement).toContainText('Giấy chứng sinh');
  await checkAtBothSizes(page, 'track-supplement', async () => { await expect(supplement).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#status-heading')).toContainText('More documents needed');
  await expect(supplement).toContainText('Add a clearer copy of the birth certificate.');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  // The citizen answers from the tracking page: the factor goes along once, never in a URL.
  await page.getByRole('link', { name: 'Tải lên giấy tờ bổ sung' }).click();
  await expect(page).toHaveURL(new RegExp(`/bo-sung/${code.replace(/\./g, '\\.')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bổ sung giấy tờ cho hồ sơ');
  await expect(page.getByTestId('officer-message')).toContainText('Bổ sung bản sao giấy chứng sinh rõ nét hơn.');
  await expect(page.locator('section.requirement')).toHaveCount(1);
  await expect(page.locator('section.requirement h2')).toHaveText(/^Giấy chứng sinh;/);
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(applicant.citizen_id.slice(-4));

  // Sending with nothing attached says what is missing.
  await page.getByRole('button', { name: 'Gửi giấy tờ bổ sung' }).click();
  await expect(page.getByTestId('send-problem')).toHaveText(/^Hãy tải lên: Giấy chứng sinh;.*\.$/);
  await checkAtBothSizes(page, 'supplement-documents', async () => { await expect(page.getByTestId('send-problem')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Add documents to your application');
  await expect(page.getByTestId('officer-message')).toContainText('Add a clearer copy of the birth certificate.');
  await expect(page.getByTestId('send-problem')).toContainText('Upload: Birth certificate');
  await checkAtBothSizes(page, 'supplement-documents-en', async () => { await expect(page.getByTestId('send-problem')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  // A 12 MB scan in three chunks; the connection drops after the first.
  const scan = pdf(12_000_000);
  let patches = 0;
  let cut = false;
  await page.route('**/api/v1/uploads/**', async (route) => {
    if (route.request().method() === 'PATCH' && ++patches > 1) {
      cut = true;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'giay-chung-sinh-ro.pdf', mimeType: 'application/pdf', buffer: scan });
  await expect.poll(() => cut, { timeout: 30_000 }).toBe(true);
  await page.context().setOffline(true);
  await expect(page.locator('li.file[data-state="uploading"]')).toHaveCount(1);
  const key = `motcua.draft.bo-sung:${code}`;
  const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), key);
  const url: string = saved.files[0].upload_url;
  expect(url, 'created on the server before the cut').toBeTruthy();
  expect(JSON.stringify(saved)).not.toContain(applicant.citizen_id);

  // Back online and reloaded: the factor is asked again, then the upload carries on where it was.
  await page.unroute('**/api/v1/uploads/**');
  await page.context().setOffline(false);
  const offsets: number[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().endsWith(url)) offsets.push(Number(r.headers()['upload-offset']));
  });
  await page.reload();
  await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await checkAtBothSizes(page, 'supplement-factor', async () => { await expect(page.locator('#error-summary')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill('030190009999');
  await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).click();
  await expect(page.getByTestId('lookup-refused')).toContainText('Không tìm thấy hồ sơ');
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).click();
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1, { timeout: 60_000 });
  expect(offsets.length, 'the upload went on after the reload').toBeGreaterThan(0);
  expect(Math.min(...offsets), 'resumed where the server had it, not from 0').toBeGreaterThan(0);
  const onServer = readFileSync(join(server.dataDir, 'uploads', `${url.split('/').pop()}.part`));
  expect(onServer.equals(scan), 'the server holds exactly the bytes picked').toBe(true);

  // One send (a double tap attaches once); the code stays the same; nothing stays on the device.
  await page.getByRole('button', { name: 'Gửi giấy tờ bổ sung' }).dblclick();
  await expect(page.getByTestId('supplement-sent')).toContainText('Đã gửi giấy tờ bổ sung');
  await expect(page.getByTestId('supplement-sent')).toContainText(code);
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
  await checkAtBothSizes(page, 'supplement-sent', async () => { await expect(page.getByTestId('supplement-sent')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  expect(officer('show', code)).toContain('giay-chung-sinh-ro.pdf');
  await page.getByRole('link', { name: 'Xem tình trạng hồ sơ' }).click();
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('#status-heading')).toContainText('Đang giải quyết');
  await expect(page.locator('.timeline__note').last()).toContainText('Đã bổ sung 1 tệp.');
  expect(urls.filter((u) => u.includes(applicant.citizen_id) || u.includes('0912')), 'the factor never goes in a URL').toEqual([]);

  officer('finish', code);
  officer('return', code);

  // The result is out: returned, and the rating in words.
  await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
  await page.getByLabel('Mã hồ sơ').fill(code);
  await lookUp(page, applicant.citizen_id);
  await expect(page.locator('#status-heading')).toContainText('Đã trả kết quả');
  await expect(page.locator('.timeline__event')).toHaveCount(6);
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByText('Chọn một mức đánh giá.')).toBeVisible();
  await checkAtBothSizes(page, 'track-rate', async () => { await expect(page.getByRole('radio', { name: 'Hài lòng', exact: true })).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('radio', { name: 'Hài lòng', exact: true }).check();
  await page.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cán bộ hướng dẫn "rất" tận tình.');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByTestId('rated')).toContainText('Cảm ơn bạn đã đánh giá');
  await checkAtBothSizes(page, 'track-rated', async () => { await expect(page.getByTestId('rated')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // A second rating is refused, with words that say why.
  await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
  await page.getByLabel('Mã hồ sơ').fill(code);
  await lookUp(page, applicant.citizen_id);
  await page.getByRole('radio', { name: 'Rất hài lòng' }).check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByTestId('rated')).toContainText('đã được đánh giá');
  const stats = await (await request.get('/api/v1/offices/thanh-ha/statistics')).json();
  expect(stats.ratings).toBeGreaterThanOrEqual(1);

  // The code is remembered on the device (never the factor), and can be forgotten.
  await page.goto('/tra-cuu');
  const recent = page.locator('.recent__item').filter({ hasText: code });
  await expect(recent).toHaveCount(1);
  await recent.getByRole('button', { name: /Xóa khỏi danh sách/ }).click();
  await expect(page.locator('.recent__item').filter({ hasText: code })).toHaveCount(0);
  await page.reload();
  await expect(page.locator('.recent__item').filter({ hasText: code })).toHaveCount(0);
});

test('too many wrong tries: the page says how many minutes to wait', async ({ page, request }) => {
  const { code } = await completeDossier(request);
  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  const refused = page.getByTestId('lookup-refused');
  for (let i = 0; i < 6; i++) {
    await lookUp(page, `03019000${1000 + i}`);
    await expect(refused).toBeVisible();
  }
  // After five wrong numbers the code waits a minute (then longer, at most 15): never locked.
  await expect(refused).toContainText('thử lại sau 1 phút');
  // Even the right factor waits meanwhile: nothing is checked for the code.
  await lookUp(page, applicant.citizen_id);
  await expect(refused).toContainText('thử lại sau 1 phút');
  await checkAtBothSizes(page, 'track-limited', async () => { await expect(refused).toBeVisible(); });
});

test("the offices' figures are the API's, as a table and a chart", async ({ page, request }) => {
  await completeDossier(request);
  const offices: { id: string; name: { vi: string } }[] = await (await request.get('/api/v1/offices')).json();
  await page.goto('/');
  await page.getByRole('link', { name: 'Kết quả giải quyết hồ sơ của các bộ phận một cửa' }).click();
  await expect(page).toHaveURL(/\/thong-ke$/);
  const table = page.getByTestId('figures');
  await expect(table.locator('tbody tr')).toHaveCount(offices.length);
  // Each share with the number of applications it is of.
  const pct = (v: number | null, of: number) =>
    v === null ? 'Chưa có' : `${(Math.round(v * 1000) / 10).toFixed(1).replace('.', ',')} % (${Math.round(v * of)} hồ sơ)`;
  for (const o of offices) {
    const s = await (await request.get(`/api/v1/offices/${o.id}/statistics`)).json();
    const cells = await table.locator(`tr[data-office="${o.id}"] td`).allInnerTexts();
    expect(await table.locator(`tr[data-office="${o.id}"] th`).innerText()).toBe(o.name.vi);
    expect(cells.slice(0, 4)).toEqual([
      String(s.received),
      pct(s.online_share, s.received),
      pct(s.on_time_or_early_share, s.finished),
      pct(s.late_share, s.finished),
    ]);
  }
  // The period is named, and what is counted said.
  await expect(page.getByTestId('figures-period')).toHaveText('Toàn bộ thời gian');
  await expect(page.getByText('Chỉ tính hồ sơ nhận qua hệ thống Một Cửa này')).toBeVisible();
  // Every bar has its office and its figure beside it.
  const bars = page.locator('.bars__item');
  await expect(bars).toHaveCount(offices.length);
  await expect(bars.first().locator('.bars__name')).toHaveText(offices[0].name.vi);
  await expect(bars.first().locator('.bars__value')).not.toBeEmpty();
  await expect(page.locator('.bars svg rect')).toHaveCount(offices.length * 2);
  await expect(page.locator('.bars')).toHaveAttribute('aria-hidden', 'true');
  await checkAtBothSizes(page, 'figures', async () => { await expect(table).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // Each office card on a procedure page leads to its office's row, marked.
  await page.goto('/thu-tuc/XA-HT-01');
  const cardLink = page.getByRole('link', { name: 'Kết quả giải quyết hồ sơ của bộ phận này' }).first();
  const target = (await cardLink.getAttribute('href'))!;
  expect(target).toMatch(/^\/thong-ke#[a-z0-9-]+$/);
  await cardLink.click();
  const row = table.locator(`tr[data-office="${target.split('#')[1]}"]`);
  await expect(row).toHaveClass(/chosen/);
  await expect(row).toBeInViewport();
  await expect(table.locator('tr.chosen')).toHaveCount(1);

  // A period, kept in the URL: this month's and last month's figures are the API's for those days.
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  const [y, m] = today.split('-').map(Number);
  const lastMonthEnd = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
  const periods: [string, string, string][] = [
    ['Tháng này', `${today.slice(0, 8)}01`, today],
    ['Tháng trước', `${lastMonthEnd.slice(0, 8)}01`, lastMonthEnd],
  ];
  for (const [name, from, to] of periods) {
    await page.getByLabel('Hồ sơ nhận trong').selectOption({ label: name });
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await expect(page).toHaveURL(/\?ky=thang-/);
    await expect(page.getByLabel('Hồ sơ nhận trong')).toHaveValue(name === 'Tháng này' ? 'thang-nay' : 'thang-truoc');
    // Named: "Tháng 11/2026", "Tháng 12/2026, đến 07/12/2026".
    const [fy, fm] = from.split('-').map(Number);
    await expect(page.getByTestId('figures-period')).toContainText(`Tháng ${fm}/${fy}`);
    for (const o of offices) {
      const s = await (await request.get(`/api/v1/offices/${o.id}/statistics?from=${from}&to=${to}`)).json();
      await expect(table.locator(`tr[data-office="${o.id}"] td`).first()).toHaveText(String(s.received));
    }
  }
  const thisMonth = await (await request.get(`/api/v1/offices/thanh-ha/statistics?from=${today.slice(0, 8)}01&to=${today}`)).json();
  expect(thisMonth.received, 'the dossier made above counts this month').toBeGreaterThanOrEqual(1);
  const lastMonth = await (await request.get(`/api/v1/offices/thanh-ha/statistics?from=${lastMonthEnd.slice(0, 8)}01&to=${lastMonthEnd}`)).json();
  expect(lastMonth.received).toBeLessThan(thisMonth.received);
  expect((await request.get('/api/v1/offices/thanh-ha/statistics?from=2026-13-01')).status()).toBe(400);
  await checkAtBothSizes(page, 'figures-period', async () => { await expect(table).toBeVisible(); });
});
