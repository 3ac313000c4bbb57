import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a browser of Playwright's own; flags keep it off this closed network.
export default defineConfig({
  testDir: './specs',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    locale: 'vi-VN',
    // The service worker answers from its caches, where page.route cannot see: off, except in
    // the specs about working offline (offline.spec.ts), which allow it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
