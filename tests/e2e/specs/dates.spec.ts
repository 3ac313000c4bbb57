// Dates as a citizen reads them on receipts: a dossier filed online on a Sunday evening counts as
// received at Monday's opening (and its result date runs from then), every <time> carries
// Vietnam's offset, and a receipt not on this device says so.
import { test, expect, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import { Server } from '../support/server';
import { fillApplicant } from '../support/pages';
import { randomBytes } from 'node:crypto';

test.use({ viewport: VIEWPORTS.phone });

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

test('filed online on a Sunday evening: received Monday at opening, due Monday, and the receipt says why', async ({ page }) => {
  test.setTimeout(120_000);
  // A server whose clock reads Sunday 29/11/2026, 20:12 in Vietnam.
  const sunday = new Server(['--pretend-now', '2026-11-29T20:12:00+07:00']);
  await sunday.start();
  try {
    await page.goto(`${sunday.url}/nop-ho-so/XA-HT-01`);
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(5000) });
    await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(5000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);

    await expect(page.getByTestId('submitted-at').locator('time')).toHaveAttribute('datetime', /^2026-11-29T20:1\d:\d\d\+07:00$/);
    await expect(page.getByTestId('submitted-at')).toContainText('29/11/2026');
    // Thanh Hà's winter hours open at 07:30; a same-day procedure is due at closing, 16:30.
    await expect(page.getByTestId('counted-from').locator('time')).toHaveAttribute('datetime', '2026-11-30T07:30:00+07:00');
    await expect(page.getByTestId('counted-from')).toContainText('07:30 thứ Hai, 30/11/2026');
    await expect(page.getByTestId('appointment').locator('time')).toHaveAttribute('datetime', '2026-11-30T16:30:00+07:00');
    await expect(page.getByText('được tính là tiếp nhận từ đầu giờ làm việc tiếp theo')).toBeVisible();
    // Every moment on the page is machine-readable Vietnam time.
    const stamps = await page.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect(stamps.length).toBe(3);
    for (const s of stamps) {
      expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      expect(Number.isNaN(Date.parse(s))).toBe(false);
    }
    await checkAtBothSizes(page, 'receipt-outside-hours', async () => {
      await expect(page.getByTestId('counted-from')).toBeVisible();
    });
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('Counts as received from')).toBeVisible();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    // Tracking tells the same truth as the receipt, weekdays included.
    const code = (await page.getByTestId('dossier-code').textContent())!.trim();
    await page.goto(`${sunday.url}/tra-cuu?ma=${encodeURIComponent(code)}`);
    await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill('+84 912 345 678');
    await page.locator('form.track-form button[type=submit]').click();
    await expect(page.getByTestId('received')).toContainText('Chủ nhật, 29/11/2026');
    await expect(page.getByTestId('counted-from')).toContainText('07:30 thứ Hai, 30/11/2026');
    await expect(page.getByTestId('appointment')).toContainText('16:30 thứ Hai, 30/11/2026');
    await expect(page.getByText('được tính là tiếp nhận từ đầu giờ làm việc tiếp theo')).toBeVisible();
    await checkAtBothSizes(page, 'track-outside-hours', async () => {
      await expect(page.getByTestId('counted-from')).toBeVisible();
    });
  } finally {
    await sunday.stop();
  }
});

test('a receipt this device does not hold says so, with a way to look the dossier up', async ({ page }) => {
  // An address from before receipts moved to the tracking bundle still leads there.
  await page.goto('/nop-ho-so/bien-nhan/KHONG-CO');
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\/KHONG-CO$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không có biên nhận này trên máy');
  await expect(page.locator('main')).not.toContainText('Đã nộp');
  await expect(page.getByRole('link', { name: 'Xem tình trạng hồ sơ này' })).toHaveAttribute('href', '/tra-cuu?ma=KHONG-CO');
  await checkAtBothSizes(page, 'receipt-missing', async () => {
    await expect(page.getByTestId('receipt-missing')).toBeVisible();
  });
});
