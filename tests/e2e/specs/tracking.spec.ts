// After submitting: the receipt's link opens tracking with the code filled in; the second factor
// is typed, never put in a URL; a wrong code and a wrong factor read the same; too many tries
// say how many minutes to wait; each status reads in plain words with what to do next and a
// dated history; after the result the citizen rates once; the offices' figures equal the API's.
import { test, expect, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { applicant, BIRTH_CERT, completeDossier, newDraft, uploadFor } from '../support/api';

test.use({ viewport: VIEWPORTS.phone });

async function lookUp(page: Page, factor: string) {
  await page.getByLabel('Số căn cước công dân hoặc số điện thoại').fill(factor);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
}

test('from the receipt to the result: status, next step, history, a supplement asked for, one rating', async ({
  page,
  request,
  server,
}) => {
  test.setTimeout(120_000);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const receipt = await completeDossier(request);
  const code: string = receipt.code;
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));

  // The receipt (kept on the device after submitting) links to tracking with the code in place.
  await page.goto('/');
  await page.evaluate((r) => localStorage.setItem(`motcua.receipt.${r.code}`, JSON.stringify(r)), receipt);
  await page.goto(`/nop-ho-so/bien-nhan/${encodeURIComponent(code)}`);
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

  // (Supplied through the API until the page takes uploads, see the issue.)
  const draft = newDraft();
  const upload = await uploadFor(request, BIRTH_CERT, draft);
  const supplied = await request.post(`/api/v1/dossiers/${code}/supplements`, {
    headers: { 'Draft-Token': draft },
    data: { citizen_id: applicant.citizen_id, uploads: [upload] },
  });
  expect(supplied.ok(), await supplied.text()).toBe(true);
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
  const stats = await (await request.get('/api/v1/offices/thanh-ha-thi-tran/statistics')).json();
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
  await expect(refused).toContainText('thử lại sau 15 phút');
  // Even the right factor waits while the code is locked.
  await lookUp(page, applicant.citizen_id);
  await expect(refused).toContainText('thử lại sau 15 phút');
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
  const pct = (v: number | null) => (v === null ? 'Chưa có' : `${(Math.round(v * 1000) / 10).toFixed(1).replace('.', ',')} %`);
  for (const o of offices) {
    const s = await (await request.get(`/api/v1/offices/${o.id}/statistics`)).json();
    const cells = await table.locator(`tr[data-office="${o.id}"] td`).allInnerTexts();
    expect(await table.locator(`tr[data-office="${o.id}"] th`).innerText()).toBe(o.name.vi);
    expect(cells.slice(0, 4)).toEqual([String(s.received), pct(s.online_share), pct(s.on_time_or_early_share), pct(s.late_share)]);
  }
  await expect(page.locator('.chart svg rect')).toHaveCount(offices.length * 2);
  await expect(page.locator('.chart svg')).toHaveAttribute('aria-hidden', 'true');
  await checkAtBothSizes(page, 'figures', async () => { await expect(table).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

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
    for (const o of offices) {
      const s = await (await request.get(`/api/v1/offices/${o.id}/statistics?from=${from}&to=${to}`)).json();
      await expect(table.locator(`tr[data-office="${o.id}"] td`).first()).toHaveText(String(s.received));
    }
  }
  const thisMonth = await (await request.get(`/api/v1/offices/thanh-ha-thi-tran/statistics?from=${today.slice(0, 8)}01&to=${today}`)).json();
  expect(thisMonth.received, 'the dossier made above counts this month').toBeGreaterThanOrEqual(1);
  const lastMonth = await (await request.get(`/api/v1/offices/thanh-ha-thi-tran/statistics?from=${lastMonthEnd.slice(0, 8)}01&to=${lastMonthEnd}`)).json();
  expect(lastMonth.received).toBeLessThan(thisMonth.received);
  expect((await request.get('/api/v1/offices/thanh-ha-thi-tran/statistics?from=2026-13-01')).status()).toBe(400);
  await checkAtBothSizes(page, 'figures-period', async () => { await expect(table).toBeVisible(); });
});
