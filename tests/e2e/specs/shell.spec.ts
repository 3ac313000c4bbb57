// The app shell: catalogue on the home page, language switch, not-found route, static shell.
import { test, expect, checkAtBothSizes } from '../support/fixtures';

test('the home page lists procedures by field, Vietnamese by default', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  const civilStatus = page.getByRole('region', { name: /Hộ tịch/ });
  await expect(civilStatus.getByText('Đăng ký khai sinh', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(5);
  await expect(page).toHaveTitle('Thủ tục hành chính – Một Cửa');
  await checkAtBothSizes(page, 'home', async () => {
    await expect(page.getByText('Đăng ký khai sinh', { exact: true })).toBeVisible();
  });
});

test('switching to English changes the interface and is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Đăng ký khai sinh', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrative procedures');
  await expect(page.getByText('Birth registration', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Civil status/ })).toBeVisible();
  await expect(page).toHaveTitle('Administrative procedures – Một Cửa');
  await checkAtBothSizes(page, 'home-en', async () => {
    await expect(page.getByText('Birth registration', { exact: true })).toBeVisible();
  });

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrative procedures');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
});

test('an unknown address shows a not-found page with a way back', async ({ page }) => {
  await page.goto('/khong-co-trang-nay');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
  await checkAtBothSizes(page, 'not-found', async () => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
  await page.getByRole('link', { name: 'Về trang danh mục thủ tục' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Đăng ký khai sinh', { exact: true })).toBeVisible();
});

test('the static shell paints before the app and the app replaces it', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toContain('<h1>Thủ tục hành chính</h1>');
  expect(html).toMatch(/class="?site-header"?[ >]/);
  await page.goto('/');
  // The shell has no language button; the running app does.
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.locator('h1')).toHaveCount(1);
});

test('responses carry the security headers and a CSP without unsafe-inline', async ({ request }) => {
  for (const path of ['/', '/api/v1/procedures', '/khong-co']) {
    const res = await request.get(path);
    const csp = res.headers()['content-security-policy'];
    expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(csp, path).not.toContain('unsafe-inline');
    expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
  }
  const api = await request.get('/api/v1/procedures');
  expect(api.headers()['cache-control']).toBe('no-store');
});
