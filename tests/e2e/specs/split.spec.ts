// The application's steps after the applicant, and the supplement's page after its lookup, are
// wasm modules of their own (split off when the bundle is built): the first page does not carry
// them, the page fetches them on its own early, and a citizen who cannot fetch them is told so
// and loses nothing. The worker is blocked here, so what is seen is the app's own doing.
import { test, expect, expectAccessible, screenshot, VIEWPORTS } from '../support/fixtures';
import { execFileSync } from 'node:child_process';
import { BIRTH_CERT, applicant, completeDossier } from '../support/api';
import { fillApplicant } from '../support/pages';

test.use({ serviceWorkers: 'block', viewport: VIEWPORTS.phone });

const LATER = /\/nop-ho-so\/split\/split_later_steps-[0-9a-f]{16}\.wasm$/;

test('the first page leaves the later steps out; they come on their own while the citizen types, then work offline', async ({ page, context, request }) => {
  // The page preloads its own wasm and the small loader of the split module, not the module.
  const shell = await (await request.get('/nop-ho-so/XA-HT-01')).text();
  expect(shell).toMatch(/href="?\/nop-ho-so\/split\/__wasm_split-[0-9a-f]{16}\.js/);
  expect(shell).not.toContain('split_later_steps');

  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto('/nop-ho-so/XA-HT-01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
  expect(fetched[0]).toMatch(/^\/nop-ho-so\/nop_ho_so-[0-9a-f]{8,16}_bg\.wasm$/);
  // Nobody taps anything: the later steps come on their own, once.
  await expect.poll(() => fetched.filter((p) => LATER.test(p)).length, { timeout: 10_000 }).toBe(1);

  // The link drops; the citizen goes on all the same.
  await context.setOffline(true);
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tải lên giấy tờ');
  await expect(page).toHaveURL(/\/nop-ho-so\/XA-HT-01\/giay-to$/);
  expect(fetched.filter((p) => LATER.test(p))).toHaveLength(1);
  await screenshot(page, 'split-documents-offline');
  await context.setOffline(false);
});

test('when the later steps cannot be fetched the citizen is told, keeps what was typed, and a retry brings them', async ({ page }) => {
  await page.route(LATER, (route) => route.abort('internetdisconnected'));
  await page.goto('/nop-ho-so/XA-HT-01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  const problem = page.getByTestId('load-error');
  await expect(problem).toBeVisible();
  await expect(problem.getByRole('heading')).toHaveText('Chưa tải được thông tin để nộp hồ sơ');
  await expect(problem).toContainText('Không kết nối được với hệ thống. Hãy kiểm tra mạng (Wi-Fi hoặc 4G) rồi thử lại.');
  await expect(problem).toHaveAttribute('role', 'alert');
  await expectAccessible(page, 'later steps not fetched');
  await screenshot(page, 'split-load-error');

  // The connection is back: the retry brings the step in place.
  await page.unroute(LATER);
  await problem.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tải lên giấy tờ');
  await expect(problem).toHaveCount(0);

  // Nothing typed was lost on the way.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
  await expect(page.getByLabel('Họ và tên')).toHaveValue(applicant.full_name);
  await expect(page.getByLabel('Số định danh cá nhân (số thẻ căn cước)')).toHaveValue(applicant.citizen_id);
});

test('the supplement: its first page is the lookup; the documents come as their own module, and a failed fetch says so and retries', async ({ page, request, server }) => {
  const { code } = await completeDossier(request);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  officer('accept', code);
  officer('request-supplement', code, '--message', 'Bổ sung bản sao giấy chứng sinh rõ nét hơn.', '--requirement', BIRTH_CERT);
  const module = /\/bo-sung\/split\/split_supplement_documents-[0-9a-f]{16}\.wasm$/;
  const shell = await (await request.get(`/bo-sung/${code}`)).text();
  expect(shell).not.toContain('split_supplement_documents');

  await page.route(module, (route) => route.abort('internetdisconnected'));
  await page.goto(`/bo-sung/${code}`);
  const factor = page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại');
  await factor.fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).click();
  const problem = page.getByTestId('load-error');
  await expect(problem).toContainText('Không kết nối được với hệ thống. Hãy kiểm tra mạng (Wi-Fi hoặc 4G) rồi thử lại.');
  await expectAccessible(page, 'supplement documents not fetched');

  await page.unroute(module);
  await problem.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.locator('section.requirement')).toHaveCount(1);
  await screenshot(page, 'split-supplement-documents');
});
