// Shared fixtures: a real server per worker, and on every page a guard that fails the test on
// any uncaught error or Content-Security-Policy violation.
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server } from './server';

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

type Guard = { errors: string[] };

export const test = base.extend<{ guard: Guard }, { server: Server }>({
  server: [
    async ({}, use) => {
      const server = new Server();
      await server.start();
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  guard: [
    async ({ page }, use) => {
      const guard: Guard = { errors: [] };
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      page.on('pageerror', (e) => guard.errors.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        const text = m.text();
        if (text.includes('CSP violation') || text.includes('Content Security Policy') || text.includes('panicked')) {
          guard.errors.push(text);
        }
      });
      await use(guard);
      expect(guard.errors, 'no page errors and no CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** axe-core with the WCAG 2.2 AA tags: 0 violations, listed by rule when there are some. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/** A screenshot for people to look at, under target/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.MOTCUA_SCREENSHOTS ?? join(process.cwd(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
}

/** Checks a page at both sizes: nothing scrolls sideways, axe finds nothing, a screenshot is kept. */
export async function checkAtBothSizes(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await ready();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${label} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${name} at ${label}`);
    await screenshot(page, name);
  }
}
