// Declaration forms as data: the back end serves them per procedure; the procedure page and
// the application link each form's blank, laid out like the official paper, to print.
import { test, expect, checkAtBothSizes } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { applicant, BIRTH_CERT, newDraft, OFFICE, PROCEDURE, submit, uploadFor } from '../support/api';

const FORMS: Record<string, string> = {
  'XA-HT-01': 'TỜ KHAI ĐĂNG KÝ KHAI SINH',
  'XA-HT-02': 'TỜ KHAI ĐĂNG KÝ KẾT HÔN',
  'XA-HT-03': 'TỜ KHAI ĐĂNG KÝ KHAI TỬ',
  'XA-HT-04': 'TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN',
  'XA-KD-01': 'GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH',
};

type Question = { id: string; kind: string; options?: unknown[]; questions?: Question[] };

test('five procedures serve their declaration form as data; curator notes stay behind; named lists come whole', async ({ request }) => {
  for (const id of Object.keys(FORMS)) {
    const res = await request.get(`/api/v1/procedures/${id}/form`);
    expect(res.status(), id).toBe(200);
    const form = await res.json();
    expect(form.procedure_id).toBe(id);
    expect(JSON.stringify(form)).not.toContain('curator_note');
    // The requirement it stands in for links the blank form.
    const detail = await (await request.get(`/api/v1/procedures/${id}`)).json();
    const replaced = detail.requirements.find((r: { id: string }) => r.id === form.replaces_requirement);
    expect(replaced.form_url).toBe(`/thu-tuc/${id}/to-khai`);
    expect(detail.requirements.filter((r: { form_url: string | null }) => r.form_url)).toHaveLength(1);
  }
  const birth = await (await request.get('/api/v1/procedures/XA-HT-01/form')).json();
  const questions: Question[] = birth.pages.flatMap((p: { questions: Question[] }) => p.questions);
  expect(questions.find((q) => q.id === 'tre_dan_toc')!.options).toHaveLength(55);
  expect((await request.get('/api/v1/procedures/XA-HT-07/form')).status()).toBe(404);
  expect((await request.get('/api/v1/procedures/KHONG-CO/form')).status()).toBe(404);
});

test('the blank birth registration form: linked from the procedure, laid out like the paper, Vietnamese in either language, printable', async ({ page }) => {
  await page.goto('/thu-tuc/XA-HT-01');
  const link = page.getByRole('link', { name: 'Tải mẫu tờ khai để in' });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page).toHaveURL(/\/thu-tuc\/XA-HT-01\/to-khai$/);
  const paper = page.locator('article.paper');
  await expect(paper.getByRole('heading', { level: 1 })).toHaveText(FORMS['XA-HT-01'], { useInnerText: true });
  await expect(paper).toHaveAttribute('lang', 'vi');
  await expect(paper).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  await expect(paper).toContainText('Giới tính: ☐ Nam ☐ Nữ');
  // A question keeps its question mark alone, no colon after it.
  // The app's own questions ("is there information about the mother?") are not the paper's.
  await expect(paper).not.toContainText('Có thông tin về người mẹ không?');
  await expect(paper).toContainText('Họ, chữ đệm và tên người mẹ:');
  await expect(paper).toContainText('Kính gửi:');
  await expect(paper).toContainText('Ngày, tháng, năm sinh: ngày ....... tháng ....... năm');
  await expect(paper).not.toContainText('Chỉ điền phần dưới đây nếu “Có thông tin về người cha không?”');
  await expect(paper).toContainText('Người khai');
  await checkAtBothSizes(page, 'blank-form', async () => {
    await expect(paper).toBeVisible();
  });
  // In English the page around it changes; the form is filed in Vietnamese and stays so.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Print the form' })).toBeVisible();
  await expect(paper.getByRole('heading', { level: 1 })).toHaveText(FORMS['XA-HT-01'], { useInnerText: true });
  // Printed: the form alone, on A4.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print the form' })).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeLessThanOrEqual(2);
});

test('every form prints; a procedure without one says so', async ({ page }) => {
  for (const [id, title] of Object.entries(FORMS)) {
    await page.goto(`/thu-tuc/${id}/to-khai`);
    await expect(page.locator('article.paper h1')).toHaveText(title, { useInnerText: true });
  }
  await page.goto('/thu-tuc/XA-HT-07/to-khai');
  await expect(page.getByText('Thủ tục này chưa có tờ khai mẫu trên hệ thống')).toBeVisible();
});

test('the application links the blank form beside the document it is, in a new tab', async ({ page }) => {
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const link = page.getByRole('link', { name: /Tải mẫu tờ khai để in/ });
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', '/thu-tuc/XA-HT-01/to-khai');
  await expect(link).toHaveAttribute('target', '_blank');
  // It sits in the declaration's own section.
  await expect(page.locator('section.requirement', { has: link }).getByRole('heading')).toContainText('Tờ khai đăng ký khai sinh');
});

test('a dossier filed with the form answered online: the same validator refuses a wrong date field by field, then the answers stand in for the paper form', async ({ request, server }) => {
  const draft = newDraft();
  const uploads = [await uploadFor(request, BIRTH_CERT, draft)];
  const child = {
    yc_ho_ten: applicant.full_name, yc_so_dinh_danh: applicant.citizen_id, yc_noi_cu_tru: applicant.address, yc_quan_he: 'Mẹ',
    tre_ho_ten: 'NGUYỄN AN NHIÊN', tre_ngay_sinh: '2026-02-30', tre_gioi_tinh: 'nu', tre_dan_toc: 'kinh', tre_quoc_tich: 'VN',
    tre_noi_cu_tru: 'Thôn Đông, xã Thanh Hà', tre_noi_sinh: 'Trạm y tế xã Thanh Hà',
    co_me: 'yes', me_ho_ten: applicant.full_name, me_ngay_sinh: '1990-05-01', me_dan_toc: 'kinh', me_quoc_tich: 'VN', me_noi_cu_tru: applicant.address,
    co_cha: 'no', ban_sao: 'no',
  };
  const body = { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads, declaration: child };
  const wrong = await submit(request, randomUUID(), body, draft);
  expect(wrong.status()).toBe(422);
  const error = await wrong.json();
  expect(error.code).toBe('invalid_declaration');
  expect(error.fields.map((f: { field: string }) => f.field)).toEqual(['declaration.tre_ngay_sinh']);
  expect(error.fields[0].message.vi).toContain('phải là một ngày có thật');
  // Without the form answered, the paper form's upload is still asked for.
  const noForm = await submit(request, randomUUID(), { ...body, declaration: undefined }, draft);
  expect((await noForm.json()).fields.map((f: { field: string }) => f.field)).toEqual(['requirements.XA-HT-01-01']);
  // Fixed: received, and the officer reads the answers (the father's part, not asked, is absent).
  const ok = await submit(request, randomUUID(), { ...body, declaration: { ...child, tre_ngay_sinh: '2026-11-20', cha_ho_ten: 'BỎ QUA' } }, draft);
  expect(ok.status()).toBe(201);
  const { code } = await ok.json();
  const shown = execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, 'show', code], { encoding: 'utf8' });
  expect(shown).toContain('declaration to-khai-khai-sinh v1');
  expect(shown).toContain('tre_ho_ten: NGUYỄN AN NHIÊN');
  expect(shown).toContain('tre_ngay_sinh: 2026-11-20');
  expect(shown).not.toContain('cha_ho_ten');
});

test('the shared cases of declaration answers: the back end says what the one validator says, field by field', async ({ request }) => {
  const cases = JSON.parse(readFileSync(join(process.cwd(), '../cases/declaration-khai-sinh.json'), 'utf8'));
  expect(cases.procedure).toBe(PROCEDURE);
  for (const c of cases.cases as { name: string; change: Record<string, string | null>; expect: [string, string][] }[]) {
    const declaration: Record<string, string> = { ...cases.base };
    for (const [k, v] of Object.entries(c.change)) {
      if (v === null) delete declaration[k];
      else declaration[k] = v;
    }
    const draft = newDraft();
    const uploads = [await uploadFor(request, BIRTH_CERT, draft)];
    const res = await submit(request, randomUUID(), { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads, declaration }, draft);
    if (c.expect.length === 0) {
      expect(res.status(), c.name).toBe(201);
      continue;
    }
    expect(res.status(), c.name).toBe(422);
    const body = await res.json();
    expect(body.code, c.name).toBe('invalid_declaration');
    expect(body.fields.map((f: { field: string; code: string }) => [f.field, f.code]), c.name).toEqual(
      c.expect.map(([field, code]) => [`declaration.${field}`, code]),
    );
  }
});
