// Moving around inside a bundle and between bundles: the app's own router (src/router). A link
// inside the bundle changes the page without loading it again; back and forward work; a link
// into another bundle, a modified click and the skip link are the browser's.
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';

const PROCEDURE = 'XA-HT-01';

/** Marks the running page: the mark survives a navigation the app makes, not a page load. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { kept: number }).kept = 1));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { kept?: number }).kept === 1);

test('a link inside the bundle changes the page without loading it, and back and forward follow', async ({ page }) => {
  const loads: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document') loads.push(r.url());
  });
  await page.goto(`/thu-tuc/${PROCEDURE}`);
  const blank = page.locator('a.doc__form').first();
  await expect(blank).toBeVisible();
  await mark(page);
  // Far down the page: the next page starts at its top.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await blank.click();
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${PROCEDURE}/to-khai$`));
  await expect(page.getByRole('link', { name: 'Về trang thủ tục' })).toBeVisible();
  expect(await marked(page)).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${PROCEDURE}$`));
  await expect(page.locator('a.doc__form').first()).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`/to-khai$`));
  await expect(page.getByRole('link', { name: 'Về trang thủ tục' })).toBeVisible();
  await page.getByRole('link', { name: 'Về trang thủ tục' }).click();
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${PROCEDURE}$`));
  expect(await marked(page)).toBe(true);
  expect(loads).toHaveLength(1);

  // Into another bundle (the application): a full load of that bundle.
  await page.getByRole('link', { name: /Nộp hồ sơ qua mạng/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${PROCEDURE}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
  expect(await marked(page)).toBe(false);
  expect(loads).toHaveLength(2);
});

test('a click with a modifier key is left to the browser: the link opens beside the page', async ({ page, context }) => {
  await page.goto(`/thu-tuc/${PROCEDURE}`);
  const blank = page.locator('a.doc__form').first();
  await expect(blank).toBeVisible();
  const opened = context.waitForEvent('page');
  await blank.click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(new RegExp(`/thu-tuc/${PROCEDURE}/to-khai$`));
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${PROCEDURE}$`));
  await tab.close();
});

test('the skip link takes the keyboard to the content, on the same page', async ({ page }) => {
  await page.goto('/?q=khai%20sinh');
  await expect(page.locator('ol.results > li').first()).toBeVisible();
  await mark(page);
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await expect(page).toHaveURL(/#main$/);
  expect(await marked(page)).toBe(true);
  // The catalogue is still drawn, not the not-found page.
  await expect(page.locator('ol.results > li').first()).toBeVisible();
});

test('an address inside a bundle that no page has answers 404 with the not-found page', async ({ page }) => {
  const answer = await page.goto(`/thu-tuc/${PROCEDURE}/khong-co`);
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
});
