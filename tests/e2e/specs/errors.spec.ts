// What a citizen sees when the back end is down or answers nonsense: a clear message and a retry
// that works, never a blank page.
import { test, expect, checkAtBothSizes } from '../support/fixtures';

test('with the back end stopped, the error says what to do and retry recovers', async ({ page, server }) => {
  // Hold the catalogue request until the real server is stopped, so it meets a closed port.
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  await page.route('**/api/v1/procedures', async (route) => {
    await stopped;
    await route.continue().catch(() => {});
  });
  await page.goto('/');
  await server.stop();
  release();

  const alert = page.getByTestId('load-error');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Chưa tải được danh mục thủ tục');
  await expect(alert).toContainText('Không kết nối được với hệ thống');
  await checkAtBothSizes(page, 'home-backend-down', async () => {
    await expect(alert).toBeVisible();
  });

  await page.unroute('**/api/v1/procedures');
  await server.start();
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByRole('link', { name: 'Hộ tịch' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a malformed answer gets a clear message, not a crash', async ({ page }) => {
  await page.route('**/api/v1/procedures', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"fields": 3' }),
  );
  await page.goto('/');
  await expect(page.getByTestId('load-error')).toContainText('dữ liệu không đọc được');
});

test('a server error names its code and offers a retry', async ({ page }) => {
  let calls = 0;
  await page.route('**/api/v1/procedures', (route) => {
    calls += 1;
    if (calls === 1) {
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'unavailable', message: { vi: 'Bảo trì', en: 'Maintenance' } }),
      });
    }
    return route.continue();
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();
  const alert = page.getByTestId('load-error');
  await expect(alert).toContainText('code 503');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('link', { name: 'Civil status' })).toBeVisible();
});
