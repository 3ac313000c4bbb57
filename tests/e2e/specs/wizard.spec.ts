// The application's wrong turns: going on without the required documents, a review reached
// without them, the one-stop system down versus the citizen offline, and Back from the receipt.
import { test, expect, checkAtBothSizes, VIEWPORTS } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { randomBytes } from 'node:crypto';

test.use({ viewport: VIEWPORTS.phone });

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

test('missing documents stop the citizen with their names; the review links to each; failures say whose', async ({ page }) => {
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/giay-to$/);

  // "Continue" with nothing uploaded: stays, and names what is missing.
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const blocked = page.getByTestId('documents-blocked');
  await expect(blocked).toContainText('Còn thiếu giấy tờ bắt buộc: Tờ khai');
  await expect(page).toHaveURL(/\/giay-to$/);
  await checkAtBothSizes(page, 'apply-documents-missing', async () => { await expect(blocked).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(4000) });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
  await expect(blocked).toContainText('Giấy chứng sinh');
  await expect(blocked).not.toContainText('Tờ khai');

  // The review reached anyway (an old link): the missing document is listed, and submit says so.
  await page.goto('/nop-ho-so/XA-HT-01/kiem-tra');
  await page.getByRole('button', { name: 'Đúng là tôi: làm tiếp hồ sơ này' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra lại trước khi nộp');
  await expect(page.locator('.summary-list').getByText('Chưa có: giấy tờ này bắt buộc.')).toHaveCount(1);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(1);
  await expect(summary.getByRole('link')).toContainText('Chưa có Giấy chứng sinh');
  await checkAtBothSizes(page, 'apply-review-missing', async () => { await expect(summary).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await summary.getByRole('link').click();
  await expect(page.locator('#doc-XA-HT-01-02')).toBeFocused();
  await page.locator('#doc-XA-HT-01-02').click();
  await expect(page).toHaveURL(/\/giay-to$/);
  await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(4000) });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('#error-summary')).toHaveCount(0);

  // The one-stop system down (the browser online): not blamed on the citizen's network.
  await page.route('**/api/v1/dossiers', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'không trả lời' });
  await expect(failure).toContainText('Hệ thống một cửa đang không trả lời');
  await expect(failure).not.toContainText('mất mạng');
  // The citizen offline: the network, said so.
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'mất mạng' })).toBeVisible();
  await page.context().setOffline(false);
  await page.unroute('**/api/v1/dossiers');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();

  // Back from the receipt: the receipt again, never an empty review with a working submit.
  await page.goBack();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
  await expect(page.getByRole('button', { name: 'Nộp hồ sơ' })).toHaveCount(0);
  await page.goto('/nop-ho-so/XA-HT-01/kiem-tra');
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  // A new application for the same procedure starts at its first step.
  await page.goto('/nop-ho-so/XA-HT-01');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');
});

test('on a phone, a tap right after typing lands where the finger is: nothing moves when a field is left', async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  try {
    await page.goto('/nop-ho-so/XA-HT-01');
    // Errors on every field first, as after a hasty "Continue".
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.locator('#error-summary')).toBeVisible();
    await fillApplicantExceptGender(page);
    const male = page.getByLabel('Nam', { exact: true });
    // Typing in the address, then tapping "Nam" at once: the field loses focus on the tap.
    await page.getByLabel('Địa chỉ nơi ở hiện nay').fill('Thị trấn Thanh Hà, Hải Phòng');
    await male.scrollIntoViewIfNeeded();
    await expect(page.getByLabel('Địa chỉ nơi ở hiện nay')).toBeFocused();
    const before = await male.boundingBox();
    await page.touchscreen.tap(before!.x + before!.width / 2, before!.y + before!.height / 2);
    await expect(male).toBeChecked();
    expect(await male.boundingBox()).toEqual(before);
  } finally {
    await context.close();
  }
});

async function fillApplicantExceptGender(page: import('@playwright/test').Page) {
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
  await page.getByLabel('Năm sinh').fill('1990');
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước)').fill('030090001234');
  await page.getByLabel('Số điện thoại di động').fill('0912345678');
}

/** The documents step with a 6 MB file on its way over a slow uplink (so it is still on its way
 * when the connection drops); its row. */
async function slowUpload(page: import('@playwright/test').Page) {
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: 1_000_000, uploadThroughput: 400_000 });
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(6_000_000) });
  const row = page.locator('li.file', { hasText: 'to-khai.pdf' });
  await expect(row).toHaveAttribute('data-state', 'uploading');
  return { row, cdp };
}

test('a file on its way says the connection dropped within 2 s, and carries on when it is back', async ({ page }) => {
  test.setTimeout(120_000);
  const { row, cdp } = await slowUpload(page);
  await expect(row.locator('progress')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.context().setOffline(true);
  await expect(row.getByText('Mất mạng: sẽ tự tải tiếp khi có mạng')).toBeVisible({ timeout: 2000 });
  await page.context().setOffline(false);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
});

test('a keyboard user on “Xóa” stays there when the file row changes its words', async ({ page }) => {
  test.setTimeout(120_000);
  const { row } = await slowUpload(page);
  // On its way (its address on the server known): the row is only redrawn from now on.
  await page.waitForTimeout(1500);
  const remove = row.getByRole('button', { name: 'Xóa to-khai.pdf' });
  await remove.focus();
  await expect(remove).toBeFocused();
  // The network drops: the row's words change under the focus, which stays on “Xóa”.
  await page.context().setOffline(true);
  await expect(row.getByText('Mất mạng: sẽ tự tải tiếp khi có mạng')).toBeVisible({ timeout: 2000 });
  await expect(remove).toBeFocused();
  await page.context().setOffline(false);
  await expect(row.getByText('Mất mạng: sẽ tự tải tiếp khi có mạng')).toBeHidden({ timeout: 5000 });
  await expect(remove).toBeFocused();
  // And Enter there does what it says.
  await page.keyboard.press('Enter');
  await expect(row).toHaveCount(0);
});
