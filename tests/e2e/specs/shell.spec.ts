// The app shell: catalogue on the home page, language switch, not-found route, static shell.
import type { Page } from '@playwright/test';
import { test, expect, checkAtBothSizes, screenshot } from '../support/fixtures';
import { fillApplicant } from '../support/pages';

test('the home page puts the search box first, then the fields; Vietnamese by default', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  await expect(page.getByRole('searchbox', { name: 'Bạn cần làm thủ tục gì?' })).toBeVisible();
  const fields = page.locator('ul.fields > li');
  await expect(fields).toHaveCount(5);
  await expect(fields.first()).toHaveText('Hộ tịch 21 thủ tục');
  await expect(page).toHaveTitle('Thủ tục hành chính – Một Cửa');
  await checkAtBothSizes(page, 'home', async () => {
    await expect(page.getByRole('link', { name: 'Hộ tịch' })).toBeVisible();
  });
});

test('switching to English changes the interface and is remembered', async ({ page }) => {
  await page.goto('/?q=khai%20sinh');
  await expect(page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrative procedures');
  await expect(page.getByRole('link', { name: 'Birth registration', exact: true })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'What do you need to do?' })).toBeVisible();
  await expect(page).toHaveTitle('Administrative procedures – Một Cửa');
  await checkAtBothSizes(page, 'home-en', async () => {
    await expect(page.getByRole('link', { name: 'Birth registration', exact: true })).toBeVisible();
  });

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrative procedures');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
});

test('an unknown address answers 404 and shows a not-found page with a way back', async ({ page, request }) => {
  const res = await page.goto('/khong-co-trang-nay');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
  // Under a bundle too: its own page explains, with the same status.
  const deep = await page.goto('/thu-sau/khong-co');
  expect(deep!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
  // Every bundle's own addresses stay 200.
  for (const path of ['/', '/thu-tuc/XA-HT-01', '/thu-sau?procedure=XA-HT-01', '/nop-ho-so/XA-HT-01', '/nop-ho-so/XA-HT-01/giay-to',
    '/tra-cuu/bien-nhan/000.21.12.H23-261127-0001', '/tra-cuu?ma=X', '/thong-ke?ky=nam-nay', '/bo-sung/000.21.12.H23-261127-0001']) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
  await page.goto('/khong-co-trang-nay');
  await checkAtBothSizes(page, 'not-found', async () => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
  await page.getByRole('link', { name: 'Về trang danh mục thủ tục' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Hộ tịch' })).toBeVisible();
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

test('each page carries its styles: no stylesheet to wait for, hashed in the CSP, and applied', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ['/', '/thu-tuc/XA-HT-01', '/nop-ho-so/XA-HT-01', '/tra-cuu']) {
    const res = await page.goto(path);
    const csp = res!.headers()['content-security-policy'];
    const styles = await page.locator('head style').evaluateAll((s) => s.length);
    expect(styles, path).toBe(1);
    expect(csp, path).toMatch(/style-src 'self' 'sha256-[^']+'/);
    const sheets = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.css')).length);
    expect(sheets, path).toBe(0);
    // The frame is styled (the header's band, body text 18 px) before and after the app starts.
    await expect(page.locator('.site-header')).toHaveCSS('background-color', 'rgb(11, 61, 145)');
    await expect(page.locator('main p').first()).toHaveCSS('font-size', /^(1[89]|2\d)(\.\d+)?px$/);
  }
  expect(violations).toEqual([]);
});

test('installable: every page links a Vietnamese web manifest with its icons, and Chromium finds nothing missing', async ({ page, request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/manifest+json');
  const m = await res.json();
  expect(m).toMatchObject({ lang: 'vi', start_url: '/', scope: '/', display: 'standalone', short_name: 'Một Cửa', theme_color: '#0b3d91' });
  expect(m.icons.map((i: { purpose: string }) => i.purpose).sort()).toEqual(['any', 'any', 'maskable']);
  for (const icon of m.icons as { src: string; sizes: string; type: string }[]) {
    const png = await request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    const body = await png.body();
    // The PNG header's width and height (IHDR) are the declared size.
    expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  for (const path of ['/', '/thu-tuc/XA-HT-01', '/thu-sau', '/nop-ho-so/XA-HT-01', '/tra-cuu', '/thong-ke', '/bo-sung/X']) {
    const html = await (await request.get(path)).text();
    // Trunk minifies the shells: attributes lose their quotes and change order.
    expect(html, path).toMatch(/<link[^>]*\brel="?manifest"?[^>]*>/);
    expect(html.match(/<link[^>]*\brel="?manifest"?[^>]*>/)![0], path).toContain('/manifest.webmanifest');
  }
  await page.goto('/');
  await expect(page.locator('#search-q')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A test browser context is incognito, which alone keeps it from installing; nothing else may be
  // missing (manifest, icons, start URL, scope).
  const errors = installabilityErrors.map((e: { errorId: string }) => e.errorId);
  expect(errors.filter((id: string) => id !== 'in-incognito')).toEqual([]);
});

test('each page asks for its config and its first public reads beside the wasm, once, not after it has started; tracking for nothing', async ({ page }) => {
  // Each page: what it preloads, and what its app asks for once it knows (the application reads
  // the declaration form once the procedure says it has one).
  const pages: [string, string[], string[]][] = [
    ['/', ['/config.json', '/api/v1/procedures', '/api/v1/offices'], []],
    ['/thu-tuc/XA-HT-01', ['/config.json', '/api/v1/procedures/XA-HT-01', '/api/v1/offices'], []],
    [
      '/nop-ho-so/XA-HT-01',
      ['/config.json', '/api/v1/procedures/XA-HT-01', '/api/v1/offices', '/api/v1/calendar'],
      ['/api/v1/procedures/XA-HT-01/form'],
    ],
    // (The planner then reads the details of the procedure it offers first.)
    ['/thu-sau', ['/config.json', '/api/v1/procedures', '/api/v1/offices', '/api/v1/calendar'], ['/api/v1/procedures/XA-HT-01']],
    // Tracking reads nothing until the citizen asks.
    ['/tra-cuu', [], []],
  ];
  for (const [path, reads, own] of pages) {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => {
      const p = new URL(r.url()).pathname;
      if (p === '/config.json' || p.startsWith('/api/')) asked.push(p);
    };
    page.on('request', listen);
    await page.goto(path);
    await expect(page.locator('.loading')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
    page.off('request', listen);
    // The shell's preloads (the page's own link, the server's Link header) are the only
    // requests: the app's fetches took their answers.
    expect(asked.sort(), path).toEqual([...reads, ...own].sort());
    const timing = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const wasm = entries.find((e) => e.name.endsWith('_bg.wasm'));
      const reads = entries.filter((e) => e.name.endsWith('/config.json') || new URL(e.name).pathname.startsWith('/api/'));
      return {
        reads: reads.map((e) => ({ path: new URL(e.name).pathname, by: e.initiatorType, start: e.startTime })),
        wasmEnd: wasm?.responseEnd ?? -1,
      };
    });
    timing.reads = timing.reads.filter((r) => !own.includes(r.path));
    expect(timing.reads.map((r) => r.path).sort(), path).toEqual([...reads].sort());
    for (const read of timing.reads) {
      expect(read.by, read.path).toBe('link');
      // Asked before the wasm had arrived, so the app does not wait a round trip for them.
      expect(read.start, path).toBeLessThan(timing.wasmEnd);
    }
  }
});

/** Holds back the page's wasm until the returned function is called. */
async function holdWasm(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/*_bg.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('a landing page’s shell carries what its app draws first, so the largest paint comes with the page', async ({ page }) => {
  const lcp = () =>
    page.evaluate(
      () =>
        new Promise<{ at: number; size: number; text: string }[]>((resolve) => {
          new PerformanceObserver((list) => {
            resolve(
              list.getEntries().map((e) => {
                const l = e as PerformanceEntry & { element?: Element | null; size: number };
                return { at: Math.round(l.startTime), size: l.size, text: l.element?.textContent?.trim() ?? '' };
              }),
            );
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
  const landings: [string, string, string][] = [
    ['/tra-cuu', 'Tra cứu hồ sơ', '.lead'],
    ['/nop-ho-so/XA-HT-01', 'Thông tin người nộp hồ sơ', '.caption'],
  ];
  // A phone, where the header's tagline wraps beside the language button.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [path, heading, other] of landings) {
    // The wasm held back: what shows is the shell alone.
    const release = await holdWasm(page);
    await page.goto(path, { waitUntil: 'commit' });
    // (Both versions are in the page; the stylesheet shows one.)
    await expect(page.locator('main h1:visible')).toHaveText([heading]);
    const shellText = await page.locator(`main ${other}:visible`).textContent();
    expect(shellText, path).toBeTruthy();
    const beforeApp = await lcp();
    // The largest paint so far is the shell's heading or its line.
    expect([heading, shellText], path).toContain(beforeApp.at(-1)!.text);
    const headingBox = async () => (await page.locator('main h1:visible').boundingBox())!;
    const shellHeading = await headingBox();
    release();
    await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
    await expect(page.locator('.loading')).toHaveCount(0);
    // The app draws the same heading and line (the shell's copy of them must not drift), and
    // nothing larger: the largest paint is still the shell's.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    // In the same place: the shell holds the header's language button's room.
    expect(await headingBox(), path).toEqual(shellHeading);
    const appText = (await page.locator(`main ${other}`).first().textContent())!;
    expect(appText.startsWith(shellText!), `${path}: "${appText}" begins with the shell's "${shellText}"`).toBe(true);
    const strip = (xs: { at: number; size: number }[]) => xs.map(({ at, size }) => ({ at, size }));
    expect(strip(await lcp()), path).toEqual(strip(beforeApp));
    await page.unroute('**/*_bg.wasm');
  }
  // A deep link into the bundle keeps the plain shell: no step's heading before the app knows.
  const release = await holdWasm(page);
  await page.goto('/nop-ho-so/XA-HT-01/giay-to', { waitUntil: 'commit' });
  await expect(page.locator('main h1:visible')).toHaveText(['Nộp hồ sơ']);
  await expect(page.locator('main .caption:visible')).toHaveCount(0);
  release();
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await page.unroute('**/*_bg.wasm');

  // A citizen coming back to a draft kept on this device: the app first offers the draft back,
  // so the shell does not show the first step's heading either.
  await page.goto('/nop-ho-so/XA-HT-01');
  await fillApplicant(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/giay-to$/);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('motcua.draft.XA-HT-01'))).not.toBeNull();
  const back = await holdWasm(page);
  await page.goto('/nop-ho-so/XA-HT-01', { waitUntil: 'commit' });
  await expect(page.locator('main h1:visible')).toHaveText(['Nộp hồ sơ']);
  await expect(page.locator('main .caption:visible')).toHaveCount(0);
  back();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trên máy này có một hồ sơ đang làm dở');
  await page.unroute('**/*_bg.wasm');
  // Another procedure without a draft still lands on its first step's lines.
  const other = await holdWasm(page);
  await page.goto('/nop-ho-so/XA-HT-07', { waitUntil: 'commit' });
  await expect(page.locator('main h1:visible')).toHaveText(['Thông tin người nộp hồ sơ']);
  other();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
  await page.unroute('**/*_bg.wasm');
});

test('on a kiosk the shell is already the kiosk’s: large text and the finish button’s room, so nothing moves when the app comes', async ({ page }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  // The office turns this browser into a kiosk once.
  await page.goto('/?kiosk=on');
  await expect(page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' })).toBeVisible();
  const shifts = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[];
            resolve(entries.filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
          }).observe({ type: 'layout-shift', buffered: true });
          // No shift at all gives no entry: answer after a frame.
          requestAnimationFrame(() => setTimeout(() => resolve(0), 50));
        }),
    );
  for (const [path, heading] of [
    ['/', 'Thủ tục hành chính'],
    ['/tra-cuu', 'Tra cứu hồ sơ'],
    ['/nop-ho-so/XA-HT-01', 'Thông tin người nộp hồ sơ'],
  ]) {
    const release = await holdWasm(page);
    await page.goto(path, { waitUntil: 'commit' });
    await expect(page.locator('main h1:visible')).toHaveText([heading]);
    expect(await page.evaluate(() => document.documentElement.classList.contains('kiosk')), path).toBe(true);
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const [shellHeading, shellHeader] = [await box('main h1:visible'), await box('.site-header')];
    await screenshot(page, `kiosk-shell${path.replaceAll('/', '-')}`);
    release();
    await expect(page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' })).toBeVisible();
    await expect(page.locator('.loading')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    expect(await box('.site-header'), path).toEqual(shellHeader);
    expect(await box('main h1'), path).toEqual(shellHeading);
    expect(await shifts(), path).toBeLessThanOrEqual(0.02);
    await page.unroute('**/*_bg.wasm');
  }
  // The office takes the kiosk back: the shell is a plain one again.
  await page.goto('/?kiosk=off');
  await expect(page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' })).toHaveCount(0);
  const release = await holdWasm(page);
  await page.goto('/tra-cuu', { waitUntil: 'commit' });
  await expect(page.locator('main h1:visible')).toHaveText(['Tra cứu hồ sơ']);
  expect(await page.evaluate(() => document.documentElement.classList.contains('kiosk'))).toBe(false);
  await expect(page.locator('.finish-button--shell')).toBeHidden();
  release();
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await page.unroute('**/*_bg.wasm');
});
