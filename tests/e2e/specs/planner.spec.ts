// The Friday planner, by deep link, with the browser in a time zone far from Vietnam: links are
// read as Vietnam time whatever the device says.
import { test, expect, checkAtBothSizes } from '../support/fixtures';

test.use({ timezoneId: 'America/Los_Angeles' });

const OFFICE = 'thanh-ha';
const BIRTH = 'XA-HT-01'; // Đăng ký khai sinh: same day, in the programme
const RE_REGISTRATION = 'XA-HT-07'; // Đăng ký lại khai sinh: 5 working days, not in the programme

const link = (procedure: string, at?: string) =>
  `/thu-sau?procedure=${procedure}&office=${OFFICE}` + (at ? `&at=${at}` : '');

test('a complete dossier on a Friday morning gets the result the same day', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-11-27T10:00'));
  const answer = page.locator('[data-outcome="same-day"]');
  await expect(answer).toContainText('Có. Đến vào thứ Sáu, 27/11/2026, trước 15:30');
  await expect(answer.locator('time')).toHaveAttribute('datetime', '2026-11-27T16:30:00+07:00');
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

test('on a holiday Friday the desk is closed and the answer says when it opens', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-05-01T09:00'));
  const answer = page.locator('[data-outcome="closed"]');
  await expect(answer).toContainText('nghỉ Quốc tế Lao động');
  // What follows is about the reopening, and says so.
  await expect(answer).toContainText('Nếu bạn đến khi bộ phận mở cửa trở lại:');
  await expect(answer.locator('time').first()).toHaveAttribute('datetime', '2026-05-04T07:00:00+07:00');
  const then = answer.locator('[data-outcome="legal-not-friday"]');
  await expect(then.locator('time')).toHaveAttribute('datetime', '2026-05-04T17:00:00+07:00');
  // The Friday it suggests is the next one the desk works, not the holiday itself.
  await expect(then).toContainText('Nếu đến vào thứ Sáu, 08/05/2026, trước 15:30');
  await checkAtBothSizes(page, 'planner-holiday', async () => {
    await expect(answer).toBeVisible();
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

test('a weekday visit suggests the coming Friday', async ({ page }) => {
  await page.goto(link(BIRTH, '2026-11-25T16:00'));
  const answer = page.locator('[data-outcome="legal-not-friday"]');
  await expect(answer.locator('time')).toHaveAttribute('datetime', '2026-11-26T16:30:00+07:00');
  await expect(answer).toContainText('Nếu đến vào thứ Sáu, 27/11/2026, trước 15:30');
});

test('the form writes the question into the URL, and the answer follows', async ({ page }) => {
  await page.goto(`/thu-sau?procedure=${BIRTH}`);
  await expect(page.getByLabel('Thủ tục')).toHaveValue(BIRTH);
  await expect(page.getByLabel('Nơi nộp hồ sơ')).toHaveValue(OFFICE);
  await page.getByLabel('Ngày', { exact: true }).fill('2026-12-04');
  await page.getByLabel('Giờ', { exact: true }).fill('16:00');
  await page.getByRole('button', { name: 'Xem câu trả lời' }).click();
  await expect(page).toHaveURL(/at=2026-12-04T16:00/);
  await expect(page.getByRole('heading', { name: 'Câu trả lời' })).toBeFocused();
  await expect(page.locator('[data-outcome="next-working-day"] time')).toHaveAttribute('datetime', '2026-12-07T09:00:00+07:00');
  await page.goBack();
  await expect(page).not.toHaveURL(/at=/);
});

test('a broken time in the link is explained, and English works', async ({ page }) => {
  await page.goto(link(BIRTH, 'thu-sau-toi'));
  await expect(page.getByText('Thời điểm trong đường dẫn không đúng dạng')).toBeVisible();
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
