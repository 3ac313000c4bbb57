// Hostile data from a back end (a province's, or one that was broken into): text that looks like
// markup, ids that try to close an attribute, links that would run code. Every page must show
// it as text, never as markup or a live link; the strict CSP is a second line, not the first.
import { test, expect } from '../support/fixtures';
import { fillApplicant } from '../support/pages';
import { PROCEDURE } from '../support/api';
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
