// What citizens tripped over, tried again as they would: codes and phone numbers typed their
// own way, searches for what these desks do not do, a refused file, the tracking page that
// lists the dossier just filed, and on a shared kiosk the pause and leaving an application.
import { test, expect, expectAccessible, checkAtBothSizes, screenshot, VIEWPORTS } from '../support/fixtures';
import { applicant, completeDossier, lookup } from '../support/api';
import { fillApplicant, watchUploads } from '../support/pages';
import { randomBytes } from 'node:crypto';

const KIOSK = { width: 1080, height: 1920 } as const;
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

test.describe('on a phone', () => {
  test.use({ viewport: VIEWPORTS.phone });

  test('a code in lower case with spaces and a phone as +84 find the dossier, and slips never count as wrong guesses', async ({ page, request }) => {
    const { code } = await completeDossier(request);
    // Typing slips, many times over: answered at once, never counted.
    for (let i = 0; i < 8; i++) {
      const r = await request.post(`/api/v1/dossiers/${encodeURIComponent('mã ' + i)}/lookup`, { data: { phone: '12' } });
      expect(r.status()).toBe(422);
      expect((await r.json()).fields.map((f: { field: string }) => f.field)).toEqual(['code', 'factor']);
    }
    const spelt = `  ${code.toLowerCase().replace(/-/g, ' - ')} `;
    for (let i = 0; i < 8; i++) {
      const r = await lookup(request, spelt, { phone: '+84 912 345 678' });
      expect(r.status(), 'the same dossier, however it is spelt').toBe(200);
    }
    await page.goto('/tra-cuu');
    await page.getByLabel('Mã hồ sơ').fill(`Mã hồ sơ: ${code.toLowerCase()}`);
    await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill('+84 912 345 678');
    await page.locator('form.track-form button[type=submit]').click();
    await expect(page.getByTestId('next-step')).toBeVisible();
    await expect(page.locator('.status-panel .caption')).toHaveText(code);
    // What cannot be a number is said before anything is asked of the server.
    await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill('0912 345');
    await page.locator('form.track-form button[type=submit]').click();
    const summary = page.locator('#error-summary');
    await expect(summary).toContainText('số định danh cá nhân 12 chữ số');
    await checkAtBothSizes(page, 'track-factor-format', async () => { await expect(summary).toBeVisible(); });
  });

  test('what these desks do not do gets an answer naming who does, and no unrelated procedure', async ({ page }) => {
    await page.goto('/');
    const box = page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' });
    const answer = page.getByTestId('elsewhere');
    const cases: [string, string][] = [
      ['ho khau', 'Công an xã, phường nơi bạn ở'],
      ['dang ky thuong tru', 'Công an xã, phường nơi bạn ở'],
      ['sổ đỏ', 'Văn phòng đăng ký đất đai'],
      ['so do', 'Văn phòng đăng ký đất đai'],
      ['làm căn cước', 'Công an'],
      ['hộ chiếu', 'Phòng Quản lý xuất nhập cảnh'],
    ];
    for (const [query, who] of cases) {
      await box.fill(query);
      await expect(answer).toContainText('Việc này không làm ở bộ phận một cửa');
      await expect(answer).toContainText(who);
      await expect(page.locator('ol.results > li')).toHaveCount(0);
      await expect(page.locator('.results__count')).toContainText('Không tìm thấy thủ tục nào');
    }
    await box.fill('ho khau');
    await checkAtBothSizes(page, 'search-elsewhere', async () => { await expect(answer).toBeVisible(); });
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(answer).toContainText('This is not done at the one-stop desk');
    await expect(answer).toContainText('The police of the commune or ward where you live');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    // What the desks do handle has no such answer, and the count is of what matches.
    await box.fill('đăng ký hộ kinh doanh');
    await expect(answer).toHaveCount(0);
    await expect(page.locator('ol.results > li').first().getByRole('link')).toHaveText('Đăng ký thành lập hộ kinh doanh');
    const shown = await page.locator('ol.results > li').count();
    expect(shown).toBeLessThan(10);
    await expect(page.locator('.results__count')).toHaveText(`Có ${shown} thủ tục phù hợp`);
  });

  test('a refused file says which and why, offers only "Xóa", and "Tiếp tục" names it', async ({ page }) => {
    await page.goto('/nop-ho-so/XA-HT-01');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải giấy tờ') });
    const row = page.locator('li.file[data-state="failed"]');
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('button', { name: /^Thử lại/ })).toHaveCount(0);
    await expect(row.getByRole('button', { name: /^Xóa/ })).toBeVisible();
    await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    const blocked = page.getByText(/Không dùng được “ghi-chu\.txt”/);
    await expect(blocked).toBeVisible();
    await expect(blocked).toContainText('Bấm “Xóa” bên cạnh tệp đó');
    await checkAtBothSizes(page, 'apply-refused-file', async () => { await expect(blocked).toBeVisible(); });
    await page.setViewportSize(VIEWPORTS.phone);
    await row.getByRole('button', { name: /^Xóa/ }).click();
    await expect(page.locator('li.file[data-state="failed"]')).toHaveCount(0);
  });

  test('the tracking page of the phone that filed lists that dossier, so nobody retypes its code', async ({ page }) => {
    await page.goto('/nop-ho-so/XA-HT-01');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    const code = (await page.getByTestId('dossier-code').textContent())!.trim();
    await page.goto('/tra-cuu');
    const mine = page.locator('.recent__item').filter({ hasText: code });
    await expect(mine).toHaveCount(1);
    await mine.getByRole('link').click();
    await expect(page.getByLabel('Mã hồ sơ')).toHaveValue(code);
    await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.phone);
    await page.locator('form.track-form button[type=submit]').click();
    await expect(page.getByTestId('next-step')).toBeVisible();
    await checkAtBothSizes(page, 'track-own-dossier', async () => { await expect(page.getByTestId('next-step')).toBeVisible(); });
  });
});

test.describe('on a commune kiosk', () => {
  test.use({ viewport: KIOSK, hasTouch: true });

  test('after half a minute without a touch, a page with someone\'s details is covered and asks whether they are still there', async ({ page }) => {
    await page.clock.install({ time: new Date('2026-12-01T09:00:00+07:00') });
    await page.goto('/nop-ho-so/XA-HT-01?kiosk=on');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).tap();
    await expect(page.locator('.dropzone').first()).toBeVisible();
    await page.clock.fastForward(31_000);
    const pause = page.getByTestId('pause-dialog');
    await expect(pause).toBeVisible();
    await expect(pause).toContainText('Bạn vẫn đang dùng máy?');
    await expect(page.locator('main')).toBeHidden();
    await expect(pause.getByRole('button', { name: 'Tôi vẫn đang dùng' })).toBeFocused();
    await expectAccessible(page, 'the pause on a kiosk');
    await screenshot(page, 'kiosk-pause');
    // A touch behind it reveals nothing: only the question's buttons do.
    await page.mouse.click(540, 1500);
    await expect(page.locator('main')).toBeHidden();
    await pause.getByRole('button', { name: 'Tôi vẫn đang dùng' }).tap();
    await expect(pause).toHaveCount(0);
    await expect(page.locator('.dropzone').first()).toBeVisible();
    // A page without anyone's details is left as it is.
    await page.goto('/thu-tuc/XA-HT-01');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
    await page.clock.fastForward(31_000);
    await expect(page.getByTestId('pause-dialog')).toHaveCount(0);
    // Nobody answers on the application: the countdown takes over, and then the wipe.
    await page.goto('/nop-ho-so/XA-HT-01');
    await fillApplicant(page);
    await page.clock.fastForward(31_000);
    await expect(page.getByTestId('pause-dialog')).toBeVisible();
    await page.clock.fastForward(90_000);
    await expect(page.getByTestId('idle-dialog')).toBeVisible();
    await expect(page.getByTestId('pause-dialog')).toHaveCount(0);
    await expect(page.locator('main')).toBeHidden();
    await page.clock.fastForward(61_000);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  });

  test('leaving an application by a link asks first, and leaving deletes its files on the server', async ({ page, server }) => {
    await page.goto('/nop-ho-so/XA-HT-01?kiosk=on');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).tap();
    const created = watchUploads(page);
    await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    await page.locator('a.nav-link[href="/tra-cuu"]').tap();
    const ask = page.getByRole('alertdialog', { name: 'Rời khỏi hồ sơ đang làm?' });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('button', { name: 'Ở lại làm tiếp' })).toBeFocused();
    await expectAccessible(page, 'leaving an application on a kiosk');
    await screenshot(page, 'kiosk-leave');
    await ask.getByRole('button', { name: 'Ở lại làm tiếp' }).tap();
    await expect(ask).toHaveCount(0);
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    await page.locator('a.nav-link[href="/tra-cuu"]').tap();
    await ask.getByRole('button', { name: 'Rời đi và xóa hồ sơ' }).tap();
    await expect(page).toHaveURL(/\/tra-cuu$/);
    const id = created.location.split('/').pop()!;
    const gone = await page.request.get(`${server.url}/api/v1/uploads/${id}`, { headers: { 'Draft-Token': created.token } });
    expect(gone.status()).toBe(404);
  });
});
