// The declaration form on screen: Đăng ký khai sinh answered one question per page at 360 px,
// a wrong date refused and fixed, a condition that skips the mother's page, the check-answers
// page with its "Sửa", the dossier sent with the answers, the officer reading the child's name,
// and the filled form printed on one A4 sheet. axe on every page of the form, vi and en.
import { test, expect, expectAccessible, screenshot } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { applicant } from '../support/api';
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';

const PHONE = { width: 360, height: 800 };

async function next(page: Page, continueLabel = 'Tiếp tục'): Promise<void> {
  await page.getByRole('button', { name: continueLabel, exact: true }).click();
}

/** The question on screen is `heading`; axe finds nothing on it. */
async function onQuestion(page: Page, heading: string | RegExp, what: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expectAccessible(page, what);
}

test('Đăng ký khai sinh answered on screen: date error fixed, a condition skips a page, check answers, send, officer, one A4', async ({ page, server }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await next(page);
  // The paper form's place on the documents step offers the form on screen.
  const online = page.getByRole('link', { name: 'Điền tờ khai trực tuyến' });
  await expect(online).toBeVisible();
  await expect(page.getByText('Còn thiếu 2 giấy tờ bắt buộc.')).toBeVisible();
  await online.click();

  // The person registering: prefilled from the applicant step.
  await onQuestion(page, 'Họ, chữ đệm và tên người đi đăng ký', 'declaration: first question (vi)');
  await expect(page.locator('.caption--section')).toHaveText('Người đi đăng ký');
  await expect(page.getByLabel('Họ, chữ đệm và tên người đi đăng ký')).toHaveValue(applicant.full_name);
  await screenshot(page, 'declaration-first');
  await next(page);
  await expect(page.getByLabel('Số định danh cá nhân (số thẻ căn cước)')).toHaveValue(applicant.citizen_id);
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nơi cư trú');
  await next(page);
  // Required and left empty: the summary names it and its link leads to the field.
  await onQuestion(page, 'Quan hệ với người được khai sinh', 'declaration: relationship');
  await next(page);
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Hãy điền “Quan hệ với người được khai sinh”');
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Quan hệ với người được khai sinh')).toBeFocused();
  await page.getByLabel('Quan hệ với người được khai sinh').fill('Mẹ');
  await next(page);

  // The child.
  await onQuestion(page, 'Họ, chữ đệm và tên người được khai sinh', 'declaration: child name');
  await page.getByLabel('Họ, chữ đệm và tên người được khai sinh').fill('NGUYỄN AN NHIÊN');
  await next(page);
  // 30/02/2026 does not exist: refused, the boxes keep what was typed, then fixed.
  await onQuestion(page, 'Ngày, tháng, năm sinh', 'declaration: date of birth');
  await page.getByLabel('Ngày', { exact: true }).fill('30');
  await page.getByLabel('Tháng', { exact: true }).fill('02');
  await page.getByLabel('Năm', { exact: true }).fill('2026');
  await next(page);
  await expect(summary).toContainText('“Ngày, tháng, năm sinh” phải là một ngày có thật');
  await expect(page.locator('.form-group--error .error-message')).toContainText('phải là một ngày có thật');
  await expect(page.getByLabel('Ngày', { exact: true })).toHaveValue('30');
  await expect(page.getByLabel('Ngày', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'declaration: a wrong date');
  await screenshot(page, 'declaration-date-error');
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Ngày', { exact: true })).toBeFocused();
  await page.getByLabel('Ngày', { exact: true }).fill('20');
  await page.getByLabel('Tháng', { exact: true }).fill('11');
  await next(page);
  await onQuestion(page, 'Giới tính', 'declaration: sex (radios)');
  await page.getByLabel('Nữ', { exact: true }).check();
  await next(page);
  await onQuestion(page, 'Dân tộc', 'declaration: ethnicity (select)');
  await page.getByLabel('Dân tộc').selectOption({ label: 'Kinh' });
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quốc tịch');
  await page.getByLabel('Quốc tịch').selectOption({ label: 'Việt Nam' });
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nơi cư trú');
  await page.getByLabel('Nơi cư trú').fill('Thôn Đông, xã Thanh Hà');
  await next(page);
  await page.getByLabel('Nơi sinh').fill('Trạm y tế xã Thanh Hà');
  await next(page);
  // Optional: says so, and may stay empty.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('(không bắt buộc)');
  await next(page);

  // The mother: answered "no", her questions are skipped; the father's page comes next.
  await onQuestion(page, 'Có thông tin về người mẹ không?', 'declaration: yes/no');
  await page.getByLabel('Không', { exact: true }).check();
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Có thông tin về người cha không?');
  await expect(page.locator('.caption--section')).toHaveText('Cha');
  // Back goes to the mother's question, not to her skipped page.
  await page.getByRole('link', { name: 'Quay lại' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Có thông tin về người mẹ không?');
  await expect(page.getByLabel('Không', { exact: true })).toBeChecked();
  await next(page);
  await page.getByLabel('Không', { exact: true }).check();
  await next(page);
  await onQuestion(page, /bản sao/i, 'declaration: copies');
  await page.getByLabel('Có', { exact: true }).check();
  await next(page);
  // A number out of its bounds.
  await page.getByRole('textbox').fill('30');
  await next(page);
  await expect(summary).toContainText('phải từ 1 đến 20');
  await page.getByRole('textbox').fill('2');
  await next(page);

  // Back on the documents step: the paper form needs no upload now.
  await expect(page.getByTestId('declared')).toContainText('Bạn đã điền tờ khai trực tuyến');
  await expect(page.getByText('Còn thiếu 1 giấy tờ bắt buộc.')).toBeVisible();
  await page.locator('#file-XA-HT-01-02').setInputFiles({
    name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% giấy chứng sinh\n%%EOF\n'),
  });
  await expect(page.getByText('Đã đủ giấy tờ bắt buộc.')).toBeVisible({ timeout: 20_000 });
  await next(page);

  // Check answers: the declaration's answers under the form's parts, one "Sửa" per part.
  const answers = page.getByTestId('declaration-answers');
  await expect(answers.locator('.summary-card__title')).toHaveText(['Người đi đăng ký', 'Người được khai sinh', 'Mẹ', 'Cha', 'Bản sao']);
  await expect(answers.locator('.summary-card__action')).toHaveCount(5);
  await expect(answers.locator('.summary-list__action')).toHaveCount(0);
  await expect(answers).toContainText('NGUYỄN AN NHIÊN');
  await expect(answers).toContainText('20/11/2026');
  await expect(answers).toContainText('Kinh');
  await expect(answers).not.toContainText('Họ, chữ đệm và tên người mẹ');
  await expectAccessible(page, 'check answers with the declaration (vi)');
  await screenshot(page, 'declaration-review');
  // "Sửa" the child: the part's questions in turn, answers kept, then straight back here.
  await page.locator('#sua-tre').click();
  await expect(page.getByLabel('Họ, chữ đệm và tên người được khai sinh')).toHaveValue('NGUYỄN AN NHIÊN');
  await page.getByLabel('Họ, chữ đệm và tên người được khai sinh').fill('NGUYỄN AN NHIÊN AN');
  for (let i = 0; i < 12 && !/\/kiem-tra$/.test(page.url()); i++) await next(page);
  await expect(page).toHaveURL(/\/kiem-tra$/);
  await expect(answers).toContainText('NGUYỄN AN NHIÊN AN');
  // "Sửa" the mother: now "yes", her questions are asked before coming back.
  await page.locator('#sua-me').click();
  await page.getByLabel('Có', { exact: true }).check();
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Họ, chữ đệm và tên người mẹ');
  await page.getByLabel('Họ, chữ đệm và tên người mẹ').fill('LÊ THỊ HOA');
  await next(page);
  await page.getByLabel('Ngày', { exact: true }).fill('1');
  await page.getByLabel('Tháng', { exact: true }).fill('5');
  await page.getByLabel('Năm', { exact: true }).fill('1990');
  await next(page);
  await page.getByLabel('Dân tộc').selectOption({ label: 'Kinh' });
  await next(page);
  await page.getByLabel('Quốc tịch').selectOption({ label: 'Việt Nam' });
  await next(page);
  await page.getByLabel('Nơi cư trú').fill('Thôn Đông, xã Thanh Hà');
  await next(page);
  await expect(page).toHaveURL(/\/kiem-tra$/);
  await expect(answers).toContainText('LÊ THỊ HOA');

  // The filled form, to print: laid out like the paper, on one A4 sheet.
  await page.getByRole('link', { name: 'Xem tờ khai để in và ký' }).click();
  const paper = page.locator('article.paper');
  await expect(paper).toContainText('Họ, chữ đệm và tên người được khai sinh: NGUYỄN AN NHIÊN AN');
  await expect(paper).toContainText('ngày 20 tháng 11 năm 2026');
  await expect(paper).toContainText('Giới tính: ☐ Nam ☒ Nữ');
  await expect(paper).not.toContainText('Họ, chữ đệm và tên người cha');
  // Addressed to the chosen office; the app's own questions are not printed as the form's.
  await expect(paper).toContainText('Kính gửi: Trung tâm Phục vụ hành chính công xã Thanh Hà');
  await expect(paper).not.toContainText('Có thông tin về người mẹ không?');
  await expectAccessible(page, 'printable declaration');
  await screenshot(page, 'declaration-printable');
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'Quay lại trang kiểm tra' }).click();

  // Sent: the officer reads the answers; the list names the child.
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Đã nộp hồ sơ' })).toBeVisible();
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const shown = officer('show', code);
  expect(shown).toContain('tre_ho_ten: NGUYỄN AN NHIÊN AN');
  expect(shown).toContain('tre_ngay_sinh: 2026-11-20');
  expect(shown).toContain('me_ho_ten: LÊ THỊ HOA');
  expect(shown).not.toContain('cha_ho_ten');
  const line = officer('list').split('\n').find((l) => l.startsWith(code));
  expect(line).toContain('NGUYỄN AN NHIÊN AN');
});

test('the declaration in English: the questions in English, the same checks, axe on each page', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await next(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Fill in the form online' }).click();
  await onQuestion(page, 'Full name of the person registering', 'declaration: first question (en)');
  await next(page, 'Continue');
  await next(page, 'Continue');
  await next(page, 'Continue');
  // What was typed survives a language switch before "Continue".
  await page.getByLabel('Relationship to the child').fill('Mother');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByLabel('Quan hệ với người được khai sinh')).toHaveValue('Mother');
  await page.getByRole('button', { name: 'English' }).click();
  await next(page, 'Continue');
  await page.getByLabel('Full name of the child').fill('NGUYỄN AN NHIÊN');
  await next(page, 'Continue');
  await onQuestion(page, 'Date of birth', 'declaration: date (en)');
  await page.getByLabel('Day', { exact: true }).fill('30');
  await page.getByLabel('Month', { exact: true }).fill('2');
  await page.getByLabel('Year', { exact: true }).fill('2026');
  await next(page, 'Continue');
  await expect(page.locator('.error-summary')).toContainText('“Date of birth” must be a real date');
  await expectAccessible(page, 'declaration: a wrong date (en)');
  await screenshot(page, 'declaration-date-error-en');
});

test('a procedure without a declaration form: its questions address leads to the documents', async ({ page }) => {
  await page.goto('/nop-ho-so/XA-HT-07');
  await fillApplicant(page);
  await next(page);
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-07\/giay-to$/);
  await expect(page.getByRole('link', { name: 'Điền tờ khai trực tuyến' })).toHaveCount(0);
  await page.goto('/nop-ho-so/XA-HT-07/to-khai');
  await page.getByRole('button', { name: 'Đúng là tôi: làm tiếp hồ sơ này' }).click();
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-07\/giay-to$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
