// "Không chờ" for real (#31): from the planner's answer to a time at the desk and its ticket on a
// phone; wrong paths on the way (nothing chosen, details to fix, a wrong number to cancel); cancel,
// book again with the details still typed; the officer checks the ticket in; a kiosk gives a
// walk-in number, large, and keeps nothing. A server whose clock reads Friday 11/12/2026, 09:10 in
// Vietnam (a programme Friday at Thanh Hà: windows by 15:30 get the result the same day).
import { test, expect, expectAccessible, checkAtBothSizes, screenshot, VIEWPORTS } from '../support/fixtures';
import { execFileSync } from 'node:child_process';
import { Server } from '../support/server';
import { fillApplicant } from '../support/pages';
import { applicant } from '../support/api';
import { randomBytes } from 'node:crypto';

const KIOSK = { width: 1080, height: 1920 } as const;
const friday = new Server(['--pretend-now', '2026-12-11T09:10:00+07:00']);
const officer = (...args: string[]) =>
  execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', friday.dataDir, ...args], { encoding: 'utf8' });

test.beforeAll(async () => friday.start());
test.afterAll(async () => friday.dispose());

test('planner → Đặt lịch → ticket → cancel → book again, then the officer checks it in (phone)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(VIEWPORTS.phone);
  await page.goto(`${friday.url}/thu-sau?procedure=XA-HT-01&office=ha-dong&at=2026-12-11T10:00`);
  await page.getByTestId('book-link').click();

  // Where: every desk of the province that receives it, the citizen's own commune first.
  await expect(page).toHaveURL(/\/dat-lich\/XA-HT-01\?noi=ha-dong$/);
  await expect(page.locator('h1')).toHaveText('Bạn muốn đến nộp ở đâu?');
  const desks = page.locator('input[name=office]');
  await expect(desks).toHaveCount(5);
  expect(await desks.evaluateAll((ds) => ds.map((d) => (d as HTMLInputElement).value))).toEqual([
    'ha-dong', 'thanh-ha', 'hai-phong', 'hai-phong-cn-le-thanh-nghi', 'hai-phong-cn-kien-an',
  ]);
  await expect(desks.first()).toBeChecked();
  await expect(page.locator('#office-ha-dong-hint')).toContainText('Xã, phường của bạn');
  await expect(page.locator('#office-hai-phong-cn-kien-an-hint')).toContainText('Chi nhánh của Trung tâm Phục vụ hành chính công thành phố Hải Phòng');
  await expect(page.locator('#office-hai-phong-hint')).toContainText('Không áp dụng Thứ Sáu không chờ');
  await expect(page.locator('#office-thanh-ha-hint')).toContainText('Có chương trình Thứ Sáu không chờ');
  // Put another commune first.
  await page.locator('#noi').selectOption('thanh-ha');
  await page.getByRole('button', { name: 'Xếp nơi của tôi lên đầu' }).click();
  await expect(page).toHaveURL(/noi=thanh-ha$/);
  await expect(desks.first()).toHaveValue('thanh-ha');
  await checkAtBothSizes(page, 'booking-where', async () => { await expect(desks.first()).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // When: today first (a programme Friday), its times with the places left and the promise.
  await expect(page).toHaveURL(/\/dat-lich\/XA-HT-01\/thanh-ha$/);
  await expect(page.locator('input[name=day]').first()).toBeChecked();
  await expect(page.locator('label[for="day-2026-12-11"]')).toHaveText('thứ Sáu, 11/12/2026');
  const first = page.getByRole('radio', { name: '09:30–10:00' });
  await expect(first).toHaveAccessibleDescription('còn 3 chỗ · trả kết quả trong ngày');
  await expect(page.getByRole('radio', { name: '16:00–16:30' })).toHaveAccessibleDescription('còn 3 chỗ · trả trước 9 giờ ngày làm việc tiếp theo');
  // Nothing chosen: said at the top, and how to fix it.
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('#error-summary')).toContainText('Hãy chọn một giờ');
  // By keyboard: the first time, then the arrow key to the next.
  await first.focus();
  await page.keyboard.press('Space');
  await expect(first).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: '10:00–10:30' })).toBeChecked();
  await checkAtBothSizes(page, 'booking-when', async () => { await expect(first).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  // Another day shows its own times (Monday: no promise).
  await page.locator('label[for="day-2026-12-14"]').click();
  await expect(page).toHaveURL(/ngay=2026-12-14/);
  await expect(page.getByRole('radio', { name: '07:30–08:00' })).toHaveAccessibleDescription('còn 3 chỗ');
  await page.locator('label[for="day-2026-12-11"]').click();
  await page.getByRole('radio', { name: '10:00–10:30' }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Who: what was chosen, then the details, checked before anything is sent.
  await expect(page.locator('h1')).toHaveText('Ai sẽ đến?');
  await expect(page.locator('.summary-list')).toContainText('10:00 thứ Sáu, 11/12/2026');
  await page.getByRole('button', { name: 'Đặt lịch' }).click();
  await expect(page.locator('#error-summary li')).toHaveCount(3);
  await expect(page.locator('#citizen_id')).toHaveAttribute('aria-invalid', 'true');
  await page.locator('#full_name').fill('Nguyễn Thị Hoa');
  await page.locator('#citizen_id').fill('0301 9000 1234');
  await page.locator('#phone').fill('0912 345 678');
  await checkAtBothSizes(page, 'booking-who', async () => { await expect(page.locator('#full_name')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByRole('button', { name: 'Đặt lịch' }).click();

  // The ticket: the number, where and when, the promise, a QR code of this page.
  await expect(page).toHaveURL(/\/dat-lich\/phieu\/[0-9a-f]{32}$/);
  const ticketId = page.url().split('/').pop()!;
  await expect(page.getByTestId('ticket-number')).toHaveText('1000-1');
  await expect(page.getByTestId('ticket-time')).toContainText('10:00 thứ Sáu, 11/12/2026–10:30');
  await expect(page.getByTestId('ticket')).toContainText('trả kết quả trong ngày');
  await expect(page.locator('.qr svg path')).toHaveCount(1);
  const html = await page.content();
  expect(html).not.toContain('Nguyễn Thị Hoa');
  await checkAtBothSizes(page, 'booking-ticket', async () => { await expect(page.getByTestId('ticket-number')).toBeVisible(); });
  await page.setViewportSize(VIEWPORTS.phone);

  // Cancel: a wrong number is refused and says so; the right one cancels.
  await page.locator('#factor').fill('030190009999');
  await page.getByRole('button', { name: 'Hủy lịch hẹn' }).click();
  await expect(page.locator('#factor-error')).toContainText('không khớp');
  await page.locator('#factor').fill('0912345678');
  await page.getByRole('button', { name: 'Hủy lịch hẹn' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Đã hủy lịch hẹn. Chỗ của bạn đã được trả lại cho người khác.');
  await screenshot(page, 'booking-cancelled');
  const slots = await (await page.request.get(`${friday.url}/api/v1/offices/thanh-ha/slots?procedure=XA-HT-01&from=2026-12-11&to=2026-12-11`)).json();
  expect(slots.find((s: { start: string }) => s.start === '2026-12-11T10:00:00+07:00').free).toBe(3);

  // Book again: the details typed before are still there.
  await page.getByTestId('book-again').click();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('radio', { name: '10:30–11:00' }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('#full_name')).toHaveValue('Nguyễn Thị Hoa');
  await page.getByRole('button', { name: 'Đặt lịch' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('1030-1');
  const again = page.url().split('/').pop()!;
  expect(again).not.toBe(ticketId);

  // A second booking for the same procedure is refused with a sentence.
  await page.goto(`${friday.url}/dat-lich/XA-HT-01/thanh-ha/nguoi-dat?gio=${encodeURIComponent('2026-12-11T11:00:00+07:00')}`);
  await page.getByRole('button', { name: 'Đặt lịch' }).click();
  await expect(page.locator('#error-summary')).toContainText('Nhập họ và tên');
  await page.locator('#full_name').fill('Nguyễn Thị Hoa');
  await page.locator('#citizen_id').fill('030190001234');
  await page.locator('#phone').fill('0912345678');
  await page.getByRole('button', { name: 'Đặt lịch' }).click();
  await expect(page.locator('#error-summary')).toContainText('Bạn đã có một lịch hẹn cho thủ tục này');

  // At the desk: the day's list, the check-in; the ticket says so.
  const day = officer('day', 'thanh-ha', '2026-12-11');
  expect(day).toContain(`10:30  1030-1  XA-HT-01  Nguyễn Thị Hoa  booked  ${again}`);
  expect(officer('check-in', again)).toContain('checked in');
  await page.goto(`${friday.url}/dat-lich/phieu/${again}`);
  await expect(page.getByTestId('ticket-status')).toHaveText('Bạn đã được tiếp nhận theo lịch hẹn này.');
  await expect(page.getByTestId('cancel-form')).toHaveCount(0);
  // An unknown ticket says so.
  await page.goto(`${friday.url}/dat-lich/phieu/${'0'.repeat(32)}`);
  await expect(page.getByTestId('ticket-missing')).toBeVisible();
});

test('moving a ticket to another time keeps the old one until the new one is booked', async ({ page, request }) => {
  await page.setViewportSize(VIEWPORTS.phone);
  const booked = await request.post(`${friday.url}/api/v1/appointments`, {
    data: { office_id: 'ha-dong', procedure_id: 'XA-HT-02', start: '2026-12-14T08:00:00+07:00', applicant: { full_name: 'Trần Văn Bình', citizen_id: '030190005678', phone: '0987654321' } },
  });
  expect(booked.status()).toBe(201);
  const { id } = await booked.json();
  await page.goto(`${friday.url}/dat-lich/phieu/${id}`);
  await page.getByTestId('move-ticket').click();
  await expect(page.getByText('Bạn đang đổi giờ của lịch hẹn đã đặt')).toBeVisible();
  await page.locator('label[for="day-2026-12-14"]').click();
  await page.getByRole('radio', { name: '09:00–09:15' }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('h1')).toHaveText('Xác nhận lịch hẹn của bạn');
  await page.locator('#factor').fill('0987 654 321');
  await page.getByRole('button', { name: 'Đổi sang giờ này' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('0900-1');
  const old = await (await request.get(`${friday.url}/api/v1/appointments/${id}`)).json();
  expect(old.status).toBe('cancelled');
});

test('"apply online first" from a ticket: the dossier carries the appointment, and the desk sees it', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(VIEWPORTS.phone);
  const booked = await request.post(`${friday.url}/api/v1/appointments`, {
    data: { office_id: 'ha-dong', procedure_id: 'XA-HT-01', start: '2026-12-15T09:00:00+07:00', applicant: { full_name: applicant.full_name, citizen_id: applicant.citizen_id, phone: applicant.phone } },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const { id } = await booked.json();
  await page.goto(`${friday.url}/dat-lich/phieu/${id}`);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến trước' }).click();
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-01\?hen=/);
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const pdf = () => ({ mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4000), Buffer.from('\n%%EOF\n')]) });
  await page.locator('#file-XA-HT-01-01').setInputFiles({ name: 'to-khai.pdf', ...pdf() });
  await page.locator('#file-XA-HT-01-02').setInputFiles({ name: 'giay-chung-sinh.pdf', ...pdf() });
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
  const code = decodeURIComponent(page.url().split('/').pop()!);
  // Filed at the desk of the appointment (Hà Đông's unit code), not the first office offered.
  expect(code).toMatch(/^000\.22\.12\.H23-/);
  const ticket = await (await request.get(`${friday.url}/api/v1/appointments/${id}`)).json();
  expect(ticket.dossier_code).toBe(code);
  expect(officer('day', 'ha-dong', '2026-12-15')).toContain(`dossier ${code}`);
  await page.goto(`${friday.url}/dat-lich/phieu/${id}`);
  await expect(page.getByTestId('ticket-dossier')).toContainText(code);
});

test('a kiosk gives a walk-in number for today, large, prints it, and keeps nothing', async ({ page }) => {
  await page.setViewportSize(KIOSK);
  await page.goto(`${friday.url}/dat-lich/lay-so?kiosk=on`);
  // A kiosk not yet told where it stands: every desk to choose from.
  await page.getByRole('link', { name: 'Trung tâm Phục vụ hành chính công xã Thanh Hà' }).click();
  await expect(page.locator('h1')).toHaveText('Lấy số thứ tự');
  await page.locator('#procedure').selectOption('XA-HT-03');
  await expectAccessible(page, 'walk-in form on a kiosk');
  await screenshot(page, 'booking-walk-in-form');
  await page.getByRole('button', { name: 'Lấy số' }).click();
  const number = page.getByTestId('walk-in-number');
  await expect(number).toHaveText(/^\d{4}-\d$/);
  await expect(number).toBeFocused();
  const size = await number.evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
  expect(size).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId('walk-in')).toContainText('Mời bạn đến quầy lúc');
  await expect(page.getByTestId('walk-in')).toContainText('trả kết quả trong ngày');
  await expectAccessible(page, 'walk-in number on a kiosk');
  await screenshot(page, 'booking-walk-in-number');
  const taken = (await number.textContent())!;
  expect(officer('day', 'thanh-ha', '2026-12-11')).toContain(`${taken}  XA-HT-03  (walk-in)  booked`);
  // Printed: the number and the time, not the buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('walk-in-next')).toBeHidden();
  await expect(number).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  // The next person finds the empty form; the device keeps only that it is a kiosk.
  await page.getByTestId('walk-in-next').click();
  await expect(page.getByRole('button', { name: 'Lấy số' })).toBeVisible();
  await expect(page.getByText(taken)).toHaveCount(0);
  const kept = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
  expect(kept.local).toEqual(['motcua.kiosk']);
});

test('the time picker reflows at 320 px with text at 200 %', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  for (const [name, path] of [
    ['where', '/dat-lich/XA-HT-01?noi=thanh-ha'],
    ['when', '/dat-lich/XA-HT-01/hai-phong-cn-le-thanh-nghi'],
    ['who', `/dat-lich/XA-HT-01/thanh-ha/nguoi-dat?gio=${encodeURIComponent('2026-12-11T14:00:00+07:00')}`],
  ]) {
    await page.goto(`${friday.url}${path}`);
    await expect(page.locator('form button[type=submit]').last()).toBeVisible();
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(36);
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > limit + 0.5 && !el.matches('.skip-link') && !el.closest('.visually-hidden')) {
          return `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" reaches ${r.right.toFixed(0)} px of ${limit}`;
        }
      }
      return document.documentElement.scrollWidth > limit ? `the page scrolls sideways (${document.documentElement.scrollWidth} px)` : null;
    });
    expect(wide, `${name} at 320 px, 200 %`).toBeNull();
    await screenshot(page, `booking-reflow-${name}`);
  }
});
