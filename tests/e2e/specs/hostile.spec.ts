// Hostile data from a back end (a province's, or one that was broken into): text that looks like
// markup, ids that try to close an attribute, links that would run code. Every page must show
// it as text, never as markup or a live link; the strict CSP is a second line, not the first.
import { test, expect } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { applicant, BIRTH_CERT, completeDossier, FORM, PROCEDURE } from '../support/api';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';

const HOSTILE = `<img src=x onerror="alert(1)"> "quoted" </script> \u202Eevil`;
const ID = `x" onmouseover="alert(1)`;

/** The procedure as the real back end gives it, with hostile names, a hostile id and form link. */
async function hostileProcedure(page: Page) {
  await page.route(`**/api/v1/procedures/${PROCEDURE}`, async (route) => {
    const res = await route.fetch();
    const detail = await res.json();
    detail.summary.name.vi = `Đăng ký khai sinh ${HOSTILE}`;
    const birth = detail.requirements[1];
    birth.name.vi = `Giấy chứng sinh ${HOSTILE}`;
    birth.form_url = 'javascript:alert(1)';
    detail.requirements.push({ ...birth, id: ID, required: false, form_url: '//evil.example/mau.pdf' });
    await route.fulfill({ response: res, json: detail });
  });
}

/** Nothing the data carried became markup: no element of its making, no handler, no live link. */
async function expectInert(page: Page, where: string) {
  const found = await page.evaluate(() => ({
    img: document.querySelectorAll('main img[src="x"]').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((e) => e.hasAttribute('onerror') || e.hasAttribute('onmouseover')).length,
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!).filter((h) => /^\s*javascript:|^\/\//i.test(h)),
  }));
  expect(found, where).toEqual({ img: 0, handlers: 0, links: [] });
}

test('hostile procedure data is shown as text on the procedure page and in the application', async ({ page }) => {
  await hostileProcedure(page);
  await page.goto(`/thu-tuc/${PROCEDURE}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<img src=x onerror="alert(1)">');
  await expectInert(page, 'procedure page');
  await page.goto(`/nop-ho-so/${PROCEDURE}`);
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('.dropzone').first()).toBeVisible();
  await expect(page.locator('section.requirement').nth(1)).toContainText('Giấy chứng sinh <img src=x');
  // The hostile id is an attribute's value, whole: the heading has it as its id, nothing more.
  const ids = await page.locator('section.requirement h2').evaluateAll((hs) => hs.map((h) => h.id));
  expect(ids).toContain(`req-${ID}`);
  await expectInert(page, 'documents step');
});

/** Every text the back end sends in both languages (names of procedures, offices, fields,
 * requirements, holidays; officers' messages; next steps) comes with hostile text after it. */
async function hostileWords(page: Page) {
  const spoil = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(spoil);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 2 && typeof o.vi === 'string' && typeof o.en === 'string') {
        return { vi: `${o.vi} ${HOSTILE}`, en: `${o.en} ${HOSTILE}` };
      }
      return Object.fromEntries(keys.map((k) => [k, spoil(o[k])]));
    }
    return v;
  };
  await page.route('**/api/v1/**', async (route) => {
    const req = route.request();
    // Reads, lookups and the receipt a submission answers with.
    if (req.method() !== 'GET' && !/\/(lookup|dossiers)$/.test(new URL(req.url()).pathname)) return route.continue();
    const res = await route.fetch();
    if (!(res.headers()['content-type'] ?? '').includes('json') || res.status() >= 300) return route.fulfill({ response: res });
    await route.fulfill({ response: res, json: spoil(await res.json()) });
  });
}

/** The page shows hostile text, as text, and nothing of it became markup. */
async function expectShownInert(page: Page, where: string) {
  await expect(page.locator('main'), where).toContainText('<img src=x onerror="alert(1)">');
  await expectInert(page, where);
}

test('the back end’s words reach every page as text: catalogue, procedure, blank form, planner, application, receipt, tracking with an officer’s message, supplement, figures', async ({ page, request, server }) => {
  test.setTimeout(120_000);
  const { code } = await completeDossier(request);
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  officer('accept', code);
  officer('request-supplement', code, '--message', `Bổ sung ${HOSTILE}`, '--message-en', `Add ${HOSTILE}`, '--requirement', BIRTH_CERT);
  await hostileWords(page);

  await page.goto('/?q=khai+sinh');
  await expect(page.locator('.procedure__name').first()).toBeVisible();
  await expectShownInert(page, 'search results');
  await page.goto('/');
  await expectShownInert(page, 'home: fields and offices');
  await page.goto(`/thu-tuc/${PROCEDURE}`);
  await expectShownInert(page, 'procedure page');
  await page.goto(`/thu-tuc/${PROCEDURE}/to-khai`);
  await expect(page.locator('article.paper')).toBeVisible();
  await expectShownInert(page, 'blank form');
  await page.goto(`/thu-sau?procedure=${PROCEDURE}&office=thanh-ha&at=2027-01-08T10:00`);
  await expect(page.locator('[data-outcome]').first()).toBeVisible();
  await expectShownInert(page, 'planner');
  // The selects' options are text too.
  expect(await page.locator('#planner-procedure option').first().textContent()).toContain('<img src=x');

  await page.goto(`/nop-ho-so/${PROCEDURE}`);
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.locator('.dropzone').first()).toBeVisible();
  await expectShownInert(page, 'documents step');
  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);
  for (const id of [FORM, BIRTH_CERT]) {
    await page.locator(`#file-${id}`).setInputFiles({ name: `${id}.pdf`, mimeType: 'application/pdf', buffer: pdf() });
  }
  await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('button', { name: 'Nộp hồ sơ' })).toBeVisible();
  await expectShownInert(page, 'check your answers');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByTestId('dossier-code')).toBeVisible();
  await expectShownInert(page, 'receipt');

  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('main')).toContainText('Bổ sung <img src=x');
  await expectShownInert(page, 'tracking, the officer’s message');

  await page.goto(`/bo-sung/${code}`);
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại').fill(applicant.citizen_id);
  await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).click();
  await expect(page.locator('section.requirement')).toHaveCount(1);
  await expectShownInert(page, 'supplement');

  await page.goto('/thong-ke');
  await expect(page.getByTestId('figures')).toBeVisible();
  await expectShownInert(page, 'figures');
});
