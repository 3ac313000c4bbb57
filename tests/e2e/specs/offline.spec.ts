// Working offline: the service worker keeps every bundle's shell, the catalogue, the calendar,
// the offices and the procedures already seen; a quiet bar says the device is offline and when
// the data was fetched. A new build replaces the old one cleanly.
import { test, expect, expectAccessible, screenshot, VIEWPORTS } from '../support/fixtures';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { fillApplicant } from '../support/pages';

test.use({ serviceWorkers: 'allow', viewport: VIEWPORTS.phone });

const results = (page: Page) => page.locator('ol.results > li');

/** Waits until this build's worker controls the page. */
async function controlled(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    return navigator.serviceWorker.controller.scriptURL;
  });
}

test('offline after a first visit: the catalogue and search, a procedure seen before, the planner; an unknown procedure says why', async ({ page, context }) => {
  await page.goto('/');
  await controlled(page);
  // Online, through the worker: what the citizen sees is kept.
  await page.reload();
  await page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' }).fill('khai sinh');
  await expect(results(page).first()).toBeVisible();
  await page.goto('/thu-tuc/XA-HT-01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
  await page.goto('/thu-sau?procedure=XA-HT-01&office=thanh-ha&at=2026-11-27T10:00');
  await expect(page.locator('[data-outcome]').first()).toBeVisible();

  await context.setOffline(true);
  await page.goto('/');
  const bar = page.locator('.offline-banner');
  await expect(bar).toContainText('Bạn đang ngoại tuyến.');
  await expect(bar).toContainText(/Thông tin lấy về lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\./);
  await expect(bar).toHaveAttribute('role', 'status');
  const box = page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' });
  await box.fill('ket hon');
  await expect(results(page).first().getByRole('link')).toHaveText('Đăng ký kết hôn');
  await expectAccessible(page, 'catalogue offline');
  await screenshot(page, 'offline-catalogue');
  // The bar follows the language.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(bar).toContainText('You are offline.');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  await page.goto('/thu-tuc/XA-HT-01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
  await expect(bar).toBeVisible();

  // The planner answers from the calendar kept; another moment than the one asked online.
  await page.goto('/thu-sau?procedure=XA-HT-01&office=thanh-ha&at=2026-12-04T10:00');
  await expect(page.locator('[data-outcome]').first()).toContainText('04/12/2026');

  // Never seen: the page says it was not kept for offline use, in the citizen's words.
  await page.goto('/thu-tuc/XA-HT-07');
  await expect(page.getByText('trang này chưa được lưu trên máy để xem khi không có mạng')).toBeVisible();
  await screenshot(page, 'offline-unknown-procedure');

  // Back online: the bar goes, and the page loads by itself.
  await context.setOffline(false);
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký lại khai sinh');
});

test('offline after one visit, without a second online reload: what the first page read before the worker came is kept', async ({ page, context }) => {
  // A first visit: the catalogue is read before the worker exists.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Hộ tịch' })).toBeVisible();
  await controlled(page);
  // Then a procedure, through the worker now in control, and a wait (the citizen reads).
  await page.goto('/thu-tuc/XA-HT-02');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký kết hôn');
  const kept = () => page.evaluate(async () => (await (await caches.open('motcua-data')).keys()).map((r) => new URL(r.url).pathname));
  await expect.poll(kept).toEqual(expect.arrayContaining(['/api/v1/procedures', '/api/v1/offices', '/api/v1/calendar', '/api/v1/procedures/XA-HT-02']));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký kết hôn');
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Hộ tịch' })).toBeVisible();
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  // The planner for the procedure seen: the calendar was kept too.
  await page.goto('/thu-sau?procedure=XA-HT-02&office=thanh-ha&at=2026-12-10T10:00');
  await expect(page.locator('[data-outcome]').first()).toContainText('10/12/2026');
  await screenshot(page, 'offline-planner');
  // A procedure never opened: not kept, and it says so.
  await page.goto('/thu-tuc/XA-HT-05');
  const missing = page.getByTestId('load-error');
  await expect(missing).toContainText('chưa được lưu trên máy để xem khi không có mạng');
  await expectAccessible(page, 'a page not kept for offline use');
  // The figures page keeps its own title.
  await page.goto('/thong-ke');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kết quả giải quyết hồ sơ');
  await expect(page.getByText('Chưa tải được danh mục thủ tục')).toHaveCount(0);
  // Back online, the page tries again by itself.
  await page.goto('/thu-tuc/XA-HT-05');
  await expect(missing).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký nhận cha, mẹ, con');
});

test('a tap from a procedure page to its application: the worker answers what the page fetched moments ago, and the first step does not wait for the calendar', async ({ page, context }) => {
  await page.goto('/thu-tuc/XA-HT-01');
  await controlled(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
  // What the worker asks of the network from here on; the calendar held back.
  const asked: string[] = [];
  context.on('request', (r) => {
    if (r.serviceWorker() && r.url().includes('/api/')) asked.push(new URL(r.url()).pathname);
  });
  let release = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await context.route('**/api/v1/calendar', async (route) => { await held; await route.continue(); });
  await page.getByRole('link', { name: 'Nộp hồ sơ qua mạng' }).click();
  await expect(page.getByLabel('Họ và tên')).toBeVisible();
  // The worker did go to the network for what it had not kept (seen here, so the two below
  // are not absent for want of seeing): the form; the calendar it kept when it started.
  await expect.poll(() => asked).toContain('/api/v1/procedures/XA-HT-01/form');
  expect(asked).not.toContain('/api/v1/procedures/XA-HT-01');
  expect(asked).not.toContain('/api/v1/offices');
  // The steps after it wait for the calendar and the form, then go on as before.
  release();
  await page.goto('/nop-ho-so/XA-HT-01/giay-to');
  await expect(page.getByLabel('Họ và tên')).toBeVisible(); // nothing answered yet: back to the first step
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('link', { name: 'Điền tờ khai trực tuyến' })).toBeVisible();
  await expect(page.locator('.meter__line')).toHaveText('Còn thiếu 2 giấy tờ bắt buộc.');
  await context.unroute('**/api/v1/calendar');
});

test('API writes are never answered by the worker', async ({ page, context, request }) => {
  await page.goto('/');
  await controlled(page);
  await page.reload();
  await page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' }).fill('khai sinh');
  await expect(results(page).first()).toBeVisible();
  // Online, a lookup goes to the back end (a wrong factor: 404) and nothing of it is kept.
  const status = await page.evaluate(async () =>
    (await fetch('/api/v1/dossiers/000.21.12.H23-200101-0001/lookup', { method: 'POST', body: '{"citizen_id":"030190001234"}', headers: { 'Content-Type': 'application/json' } })).status,
  );
  expect(status).toBe(404);
  await context.setOffline(true);
  // A lookup (POST) offline fails at once; nothing kept answers it.
  const failed = await page.evaluate(async () => {
    try {
      await fetch('/api/v1/dossiers/X/lookup', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      return false;
    } catch {
      return true;
    }
  });
  expect(failed).toBe(true);
  const kept = await page.evaluate(async () => (await (await caches.open('motcua-data')).keys()).map((r) => new URL(r.url).pathname));
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.every((p) => /^\/api\/v1\/(procedures|offices|calendar)/.test(p))).toBe(true);
  await context.setOffline(false);
  expect((await request.get('/sw.js')).headers()['cache-control']).toBe('no-cache');
});

test('a new build replaces the old one: an open tab gets it on its next navigation, without errors', async ({ browser }) => {
  // A copy of the build, served by its own server; "deploying" changes one page's text (as a
  // rebuild with a changed string would) and restarts the server on the same address.
  const dist = mkdtempSync(join(tmpdir(), 'motcua-dist-'));
  cpSync(process.env.MOTCUA_DIST!, dist, { recursive: true });
  const { Server } = await import('../support/server');
  const server = new Server([], dist);
  await server.start();
  const context = await browser.newContext({ serviceWorkers: 'allow', baseURL: server.url, viewport: VIEWPORTS.phone });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto('/');
    await controlled(page);
    const cachesBefore = await page.evaluate(() => caches.keys());
    const old = cachesBefore.find((k) => k.startsWith('motcua-app-'))!;
    expect(old).toBeTruthy();

    const shell = join(dist, 'thu-tuc', 'index.html');
    writeFileSync(shell, readFileSync(shell, 'utf8').replace('<meta charset=utf-8>', '<meta charset=utf-8><meta name=motcua-build content=moi>'));
    await server.restart();

    // The tab keeps working; its next navigation loads the new page, and the new worker
    // replaces the old build's files.
    await page.goto('/thu-tuc/XA-HT-01');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
    await expect(page.locator('meta[name="motcua-build"]')).toHaveAttribute('content', 'moi');
    await expect
      .poll(async () => page.evaluate(() => caches.keys()), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^motcua-app-/)]));
    await expect
      .poll(async () => (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('motcua-app-')), { timeout: 15_000 })
      .toEqual([expect.not.stringMatching(old)]);
    await page.goto('/?q=khai%20sinh');
    await expect(results(page).first()).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await server.dispose();
  }
});

test('a kiosk wipe keeps the files of the app for the next person and drops the data kept for offline use', async ({ page }) => {
  await page.goto('/?kiosk=on');
  await controlled(page);
  await page.reload();
  await page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' }).fill('khai tu');
  await expect(results(page).first()).toBeVisible();
  await page.goto('/thu-tuc/XA-HT-03');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const kept = () => page.evaluate(() => caches.keys());
  const data = () =>
    page.evaluate(async () => (await (await caches.open('motcua-data')).keys()).map((r) => new URL(r.url).pathname));
  await expect.poll(data).toContain('/api/v1/procedures/XA-HT-03');
  await page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' }).click();
  await page.getByRole('dialog', { name: 'Xóa hết thông tin của bạn trên máy này?' }).getByRole('button', { name: 'Xóa và kết thúc' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  // What the last person looked at is gone (the start page keeps only what it reads itself);
  // the app itself is not downloaded again.
  expect(await data()).not.toContain('/api/v1/procedures/XA-HT-03');
  expect((await kept()).some((k) => k.startsWith('motcua-app-'))).toBe(true);
  expect(await page.evaluate(async () => !!(await caches.match('/nop-ho-so/index.html'))), 'a shell the start page does not load').toBe(true);
});
