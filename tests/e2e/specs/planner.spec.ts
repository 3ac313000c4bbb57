// The Friday planner, by deep link, with the browser in a time zone far from Vietnam: links are
// read as Vietnam time whatever the device says.
import type { Page } from '@playwright/test';
import { test, expect, checkAtBothSizes } from '../support/fixtures';

test.use({ timezoneId: 'America/Los_Angeles' });

const OFFICE = 'thanh-ha';
const BIRTH = 'XA-HT-01'; // Đăng ký khai sinh: same day, in the programme
const RE_REGISTRATION = 'XA-HT-07'; // Đăng ký lại khai sinh: 5 working days, not in the programme
const CLOSING_BUSINESS = 'XA-KD-04'; // Chấm dứt hoạt động hộ kinh doanh: 5 working days, in the programme
const MARITAL_STATUS = 'XA-HT-04'; // Xác nhận tình trạng hôn nhân: 3 working days, in the programme

const link = (procedure: string, at?: string) =>
  `/thu-sau?procedure=${procedure}&office=${OFFICE}` + (at ? `&at=${at}` : '');

// The dated cases below are about 2026–2027: asked from early January 2026, they lie ahead. (A
// moment already gone gets its own answer, tested at the end with today's date.)
const ASKED_ON = new Date('2026-01-05T08:00:00+07:00');
test.beforeEach(async ({ page }, info) => {
  if (!info.title.includes('already gone')) await page.clock.setFixedTime(ASKED_ON);
});

/** Every `<time>` of the answer carries a full date and time in Vietnam's offset. */
async function expectTimesInVietnam(page: Page) {
  const stamps = await page.locator('.answer time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
  expect(stamps.length).toBeGreaterThan(0);
  for (const s of stamps) {
    expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(Number.isNaN(Date.parse(s))).toBe(false);
  }
}

test('a complete dossier on a Friday morning gets the result the same day', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-11-27T10:00'));
  const answer = page.locator('[data-outcome="same-day"]');
  await expect(answer).toContainText('Có. Đến vào thứ Sáu, 27/11/2026, trước 15:30');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', '2026-11-27T10:00:00+07:00');
  await expect(answer.locator('time').last()).toHaveAttribute('datetime', '2026-11-27T16:30:00+07:00');
  await expectTimesInVietnam(page);
  await expect(page.getByRole('heading', { name: 'Giấy tờ cần nộp' })).toBeVisible();
  await expect(page.getByText('Trung tâm Phục vụ hành chính công xã Thanh Hà').last()).toBeVisible();
  await checkAtBothSizes(page, 'planner-same-day', async () => {
    await expect(answer).toBeVisible();
  });
});

test('after the 15:30 cut-off the result is due before 09:00 on the next working day', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-11-27T15:45'));
  const answer = page.locator('[data-outcome="next-working-day"]');
  await expect(answer.locator('time')).toHaveAttribute('datetime', '2026-11-30T09:00:00+07:00');
  await expect(answer).toContainText('09:00 thứ Hai, 30/11/2026');
  await expect(answer).toContainText('hãy đến trước 15:30');
});

test('on a holiday Friday the desk is closed: the answer says no first, then when it opens', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-05-01T09:00'));
  const answer = page.locator('[data-outcome="closed"]');
  await expect(answer.locator('.answer__headline').first()).toHaveText(/^Không\. /);
  await expect(answer).toContainText('nghỉ Quốc tế Lao động');
  // What follows is about the reopening, and says so.
  await expect(answer).toContainText('Nếu bạn đến khi bộ phận mở cửa trở lại:');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', '2026-05-04T07:00:00+07:00');
  const then = answer.locator('[data-outcome="legal-not-friday"]');
  // Named by its day, not "this day is not a Friday".
  await expect(then).toContainText('Nộp vào thứ Hai, 04/05/2026');
  await expect(then.locator('time').last()).toHaveAttribute('datetime', '2026-05-04T17:00:00+07:00');
  // A same-day procedure has Monday's result before any Friday's: no Friday is offered.
  await expect(then).not.toContainText('thứ Sáu');
  await expectTimesInVietnam(page);
  await checkAtBothSizes(page, 'planner-holiday', async () => {
    await expect(answer).toBeVisible();
  });
  // Five working days: the Friday it offers is the next one the desk works, not the holiday.
  await page.goto(link(CLOSING_BUSINESS, '2026-05-01T09:00'));
  await expect(then).toContainText('Nếu đến vào thứ Sáu, 08/05/2026, trước 15:30');
  await expect(then.locator('time').last()).toHaveAttribute('datetime', '2026-05-08T15:30:00+07:00');
});

test('a Thursday morning gets its result that afternoon, and no Friday is offered for a later one', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-11-26T10:00'));
  const answer = page.locator('[data-outcome="legal-not-friday"]');
  await expect(answer.locator('time').last()).toHaveAttribute('datetime', '2026-11-26T16:30:00+07:00');
  await expect(answer).toContainText('Nộp vào thứ Năm, 26/11/2026');
  await expect(answer).not.toContainText('Nếu đến vào thứ Sáu');
  await checkAtBothSizes(page, 'planner-thursday', async () => {
    await expect(answer).toBeVisible();
  });
});

test('a Friday after the cut-off begins with the answer: no', async ({ page }) => {
  // 16:00: the desk is open, after 15:30.
  await page.goto(link(BIRTH, '2026-11-27T16:00'));
  const late = page.locator('[data-outcome="next-working-day"]');
  await expect(late.locator('.answer__headline')).toHaveText(/^Không\. Đến sau 15:30/);
  // 17:00: the desk has closed.
  await page.goto(link(BIRTH, '2026-11-27T17:00'));
  const closed = page.locator('[data-outcome="closed"]');
  await expect(closed.locator('.answer__headline').first()).toHaveText(/^Không\. /);
  await expect(closed).not.toContainText('không phải thứ Sáu');
  await checkAtBothSizes(page, 'planner-friday-evening', async () => {
    await expect(closed).toBeVisible();
  });
});

test('beyond the published calendar the law still closes the desk: New Year 2027, Tết 2027 and its days in lieu', async ({ page }) => {
  await page.goto(link(BIRTH, '2027-01-01T09:00'));
  const answer = page.locator('[data-outcome="closed"]');
  await expect(answer).toContainText('nghỉ Tết Dương lịch');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', /^2027-01-04T07:30:00\+07:00$/);
  await expect(page.getByText('Lịch nghỉ lễ chính thức cho thời gian này chưa được công bố')).toBeVisible();
  // Friday 5/2/2027 is Tết's eve; Saturday 6/2 and Sunday 7/2 are made up on Wednesday and Thursday.
  await page.goto(link(BIRTH, '2027-02-05T09:00'));
  await expect(answer).toContainText('nghỉ Tết Nguyên đán');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', /^2027-02-12T07:30:00\+07:00$/);
  await checkAtBothSizes(page, 'planner-statutory-holiday', async () => {
    await expect(answer).toBeVisible();
  });
});

test('a commune centre outside the programme is named in the answer, not swapped for one inside it', async ({ page }) => {
  // Since 7/2025 every commune centre receives the procedure; only Thanh Hà's runs the programme.
  await page.goto(`/thu-sau?procedure=${BIRTH}&office=ha-dong&at=2026-11-27T10:00`);
  const answer = page.locator('[data-outcome="legal-not-in-programme"]');
  await expect(answer).toContainText('chưa thuộc chương trình “Thứ Sáu không chờ” tại Trung tâm Phục vụ hành chính công xã Hà Đông');
  await expect(page.getByLabel('Nơi nộp hồ sơ')).toHaveValue('ha-dong');
});

test('a Friday before a make-up Saturday: the next working day is that Saturday', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-01-09T15:45'));
  const answer = page.locator('[data-outcome="next-working-day"]');
  await expect(answer.locator('time')).toHaveAttribute('datetime', '2026-01-10T09:00:00+07:00');
  await expect(answer).toContainText('thứ Bảy, 10/01/2026');
});

test('a procedure outside the programme gets its legal result date', async ({ page }) => {
  await page.goto(link(RE_REGISTRATION, '2026-11-27T10:00'));
  const answer = page.locator('[data-outcome="legal-not-in-programme"]');
  await expect(answer).toContainText('chưa thuộc chương trình');
  await expect(answer.locator('time')).toHaveAttribute('datetime', '2026-12-04T16:30:00+07:00');
});

test('a weekday visit suggests the coming Friday when it gives the result sooner', async ({ page }) => {
  // Three working days from Wednesday 16:00: Monday 30/11; Friday 27/11 gives it that day.
  await page.goto(link(MARITAL_STATUS, '2026-11-25T16:00'));
  const answer = page.locator('[data-outcome="legal-not-friday"]');
  await expect(answer.locator('time').nth(1)).toHaveAttribute('datetime', '2026-11-30T16:30:00+07:00');
  await expect(answer).toContainText('Nếu đến vào thứ Sáu, 27/11/2026, trước 15:30');
  await expect(answer.locator('time').last()).toHaveAttribute('datetime', '2026-11-27T15:30:00+07:00');
});

test('the form writes the question into the URL, and the answer follows', async ({ page }) => {
  await page.goto(`/thu-sau?procedure=${BIRTH}`);
  await expect(page.getByLabel('Thủ tục')).toHaveValue(BIRTH);
  await expect(page.getByLabel('Nơi nộp hồ sơ')).toHaveValue(OFFICE);
  // The default is the coming Friday at nine, in separate fields.
  await expect(page.getByLabel('Ngày', { exact: true })).toHaveValue('9');
  await expect(page.getByLabel('Tháng', { exact: true })).toHaveValue('1');
  await expect(page.getByLabel('Năm', { exact: true })).toHaveValue('2026');
  await expect(page.getByLabel('Giờ', { exact: true })).toHaveValue('09');
  await page.getByLabel('Ngày', { exact: true }).fill('4');
  await page.getByLabel('Tháng', { exact: true }).fill('12');
  await page.getByLabel('Giờ', { exact: true }).fill('16');
  await page.getByLabel('Phút', { exact: true }).fill('00');
  await page.getByRole('button', { name: 'Xem câu trả lời' }).click();
  await expect(page).toHaveURL(/at=2026-12-04T16:00/);
  await expect(page.getByRole('heading', { name: 'Câu trả lời' })).toBeFocused();
  await expect(page.locator('[data-outcome="next-working-day"] time')).toHaveAttribute('datetime', '2026-12-07T09:00:00+07:00');
  await page.goBack();
  await expect(page).not.toHaveURL(/at=/);
});

test('a date that does not exist is named, kept as typed, and fixed in place; a phone in English reads the same fields', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(link(BIRTH));
  await page.getByLabel('Ngày', { exact: true }).fill('30');
  await page.getByLabel('Tháng', { exact: true }).fill('02');
  await page.getByRole('button', { name: 'Xem câu trả lời' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Ngày bạn định đến phải là một ngày có thật');
  await expect(page.locator('.answer')).toHaveCount(0);
  await expect(page.getByLabel('Ngày', { exact: true })).toHaveValue('30');
  await expect(page.getByLabel('Ngày', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await checkAtBothSizes(page, 'planner-date-error', async () => {
    await expect(summary).toBeVisible();
  });
  await page.setViewportSize({ width: 360, height: 740 });
  // The summary's link takes the citizen to the field.
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Ngày', { exact: true })).toBeFocused();
  await page.getByLabel('Ngày', { exact: true }).fill('27');
  await page.getByLabel('Tháng', { exact: true }).fill('11');
  await page.getByLabel('Giờ', { exact: true }).fill('25');
  await page.getByRole('button', { name: 'Xem câu trả lời' }).click();
  await expect(page.getByRole('alert')).toContainText('Giờ phải từ 0 đến 23');
  await page.getByLabel('Giờ', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Xem câu trả lời' }).click();
  await expect(page.locator('[data-outcome="same-day"]')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  // A phone set to English: the same day-month-year fields and a 24-hour time, no AM/PM.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByLabel('Day', { exact: true })).toHaveValue('27');
  await expect(page.getByLabel('Month', { exact: true })).toHaveValue('11');
  await expect(page.getByLabel('Hour', { exact: true })).toHaveValue('10');
  await expect(page.locator('input[type="date"], input[type="time"]')).toHaveCount(0);
});

test('a broken time in the link is explained in the form, and English works', async ({ page }) => {
  await page.goto(link(BIRTH, 'thu-sau-toi'));
  await expect(page.getByRole('alert')).toContainText('Thời điểm trong đường dẫn không đọc được');
  await page.goto(link(BIRTH, '2026-11-27T10:00'));
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('[data-outcome="same-day"]')).toContainText('Yes. Come on Friday 27 November 2026 before 15:30');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No-waiting Friday: will you get the result the same day?');
});

test('a procedure page leads to the planner, with the procedure chosen from its badge', async ({ page }) => {
  await page.goto('/?q=khai%20sinh');
  await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
  await page.getByRole('link', { name: 'Xem có nhận kết quả trong ngày không' }).click();
  await expect(page).toHaveURL(new RegExp(`procedure=${BIRTH}`));
  await expect(page.getByLabel('Thủ tục')).toHaveValue(BIRTH);
  await expect(page.locator('.answer [data-outcome]').first()).toBeVisible();
});

test('a moment already gone says so and offers the next useful Friday', async ({ page }) => {
  // Asked on Monday 27/4/2026 about the Friday before: the next Friday, 1/5, is Labour Day.
  await page.clock.setFixedTime(new Date('2026-04-27T08:00:00+07:00'));
  await page.goto(link(BIRTH, '2026-04-24T10:00'));
  const answer = page.locator('[data-outcome="past"]');
  await expect(answer).toContainText('đã qua');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', '2026-04-24T10:00:00+07:00');
  await expect(page.locator('[data-outcome="same-day"]')).toHaveCount(0);
  const next = answer.getByRole('link', { name: /thứ Sáu, 08\/05\/2026/ });
  await expect(next.locator('time')).toHaveAttribute('datetime', '2026-05-08T09:00:00+07:00');
  await expectTimesInVietnam(page);
  await next.click();
  await expect(page).toHaveURL(/at=2026-05-08T09:00/);
  await expect(page.locator('[data-outcome="same-day"]')).toBeVisible();
});
