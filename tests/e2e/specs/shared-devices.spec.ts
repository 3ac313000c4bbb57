// Shared devices. A commune kiosk (1080×1920, touch, a mocked clock): a whole visit to the
// receipt, then idle → countdown → wipe, and "finish and clear" in the middle of an upload; after
// each, every browser storage and the page hold none of the personal values and the server holds
// none of the unsubmitted files. On every device: tap targets, reflow at 320 px with 200 % text,
// and person B after person A on a shared phone sees only a masked offer.
import { fillApplicant as fillApplicantStep, watchUploads } from '../support/pages';
import { test, expect, expectAccessible, checkAtBothSizes, screenshot, VIEWPORTS } from '../support/fixtures';
import type { Page, APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { BIRTH_CERT as BIRTH_CERT_REQ, applicant as citizen, completeDossier } from '../support/api';
import { execFileSync } from 'node:child_process';
import { Server } from '../support/server';

const KIOSK = { width: 1080, height: 1920 } as const;
const PROCEDURE = 'XA-HT-01';
const FORM = 'XA-HT-01-01';
const BIRTH_CERT = 'XA-HT-01-02';

/** Person A: values that must never reach person B. */
const A = {
  full_name: 'Phạm Thị Lụa',
  citizen_id: '031188004567',
  phone: '0987654321',
  address: 'Số 12 ngõ Hòa Bình, xã Thanh Hà',
  birth_year: '1988',
  files: ['to-khai-pham-thi-lua.pdf', 'giay-chung-sinh-be-lua.pdf'],
};
const PERSONAL = [A.full_name, A.citizen_id, A.phone, A.address, ...A.files];

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

async function fillApplicant(page: Page, tap: (selector: string) => Promise<void>) {
  await page.locator('#full_name').fill(A.full_name);
  await page.locator('#birth_year').fill(A.birth_year);
  await page.locator('#citizen_id').fill(A.citizen_id);
  await page.locator('#phone').fill(A.phone);
  await page.locator('#address').fill(A.address);
  await tap('label[for="gender-female"]');
}

/** Everything the browser keeps for this origin, and the page's text and field values. */
async function everythingKept(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const s of [localStorage, sessionStorage]) {
      for (let i = 0; i < s.length; i++) out.push(`${s.key(i)}=${s.getItem(s.key(i)!)}`);
    }
    for (const { name } of await indexedDB.databases()) {
      const db: IDBDatabase = await new Promise((ok, no) => {
        const r = indexedDB.open(name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows: unknown[] = await new Promise((ok) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
        });
        const keys: unknown[] = await new Promise((ok) => {
          const r = db.transaction(store).objectStore(store).getAllKeys();
          r.onsuccess = () => ok(r.result);
        });
        out.push(`idb ${name}/${store}: ${rows.length} rows, keys ${JSON.stringify(keys)}`);
        for (const row of rows) out.push(row instanceof Blob ? await row.text() : JSON.stringify(row));
      }
      db.close();
    }
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys()) out.push(`cache ${key} ${req.url} ${await (await cache.match(req))!.text()}`);
    }
    out.push(`cookie ${document.cookie}`);
    out.push(document.documentElement.outerHTML);
    for (const el of Array.from(document.querySelectorAll('input, textarea, select'))) {
      out.push((el as HTMLInputElement).value);
    }
    return out.join('\n');
  });
}

async function expectNothingPersonal(page: Page, when: string) {
  const kept = await everythingKept(page);
  for (const value of PERSONAL) expect(kept, `${when}: "${value}" is still in the browser`).not.toContain(value);
  expect(kept, `${when}: the phone number, spaced`).not.toContain('0987 654 321');
}

/** The first interactive element smaller than `min` CSS px either way, described; null if none. */
async function firstTooSmall(page: Page, min: number): Promise<string | null> {
  return page.evaluate((min) => {
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    // A link inside a sentence keeps the sentence's line height (the WCAG inline exception).
    const inSentence = (el: Element) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      const block = el.parentElement?.closest('p, li, dd, td');
      return !!block && (block.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
    };
    const selector = 'a[href], button, input, select, textarea, summary, label.button';
    for (const el of Array.from(document.querySelectorAll(selector))) {
      if (el.closest('dialog:not([open])') || el.matches('.file-input, .skip-link')) continue;
      if (!shown(el) || inSentence(el)) continue;
      let r = el.getBoundingClientRect();
      if (el.matches('input[type=radio], input[type=checkbox]')) {
        // The label is part of the target: the union of the box and its label.
        const label = document.querySelector(`label[for="${el.id}"]`);
        if (label) {
          const l = label.getBoundingClientRect();
          const left = Math.min(r.left, l.left), top = Math.min(r.top, l.top);
          r = new DOMRect(left, top, Math.max(r.right, l.right) - left, Math.max(r.bottom, l.bottom) - top);
        }
      }
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = (el.textContent ?? '').trim().slice(0, 40) || el.getAttribute('name') || el.id;
        return `${el.tagName.toLowerCase()}.${el.className} "${name}" is ${r.width.toFixed(1)}×${r.height.toFixed(1)}`;
      }
    }
    return null;
  }, min);
}

/** The first visible text smaller than `min` px; null if none. */
async function firstSmallText(page: Page, min: number): Promise<string | null> {
  return page.evaluate((min) => {
    for (const el of Array.from(document.querySelectorAll('main *, header *, footer *, dialog[open] *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
      const r = el.getBoundingClientRect();
      if (!own || r.width <= 1 || r.height <= 1 || el.closest('.visually-hidden')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min - 0.1) return `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" is ${size}px`;
    }
    return null;
  }, min);
}

/** A receipt kept on the device (as the app keeps it after submitting), for the receipt page. */
async function receiptOnDevice(page: Page, request: APIRequestContext): Promise<string> {
  const receipt = await completeDossier(request);
  await page.evaluate((r) => localStorage.setItem(`motcua.receipt.${r.code}`, JSON.stringify(r)), receipt);
  return `/tra-cuu/bien-nhan/${encodeURIComponent(receipt.code)}`;
}

/** The applicant step filled in and passed; a draft found on the device is set aside first. */
async function toDocuments(p: Page) {
  await expect(p.locator('form.applicant-form, [data-testid=resume-offer]').first()).toBeVisible();
  if (await p.getByTestId('resume-offer').isVisible()) {
    await p.getByRole('button', { name: /^Không phải tôi/ }).click();
  }
  await fillApplicantStep(p);
  await p.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(p.locator('.dropzone').first()).toBeVisible();
}

/** Every page of the app, each with what shows it fully drawn. */
const PAGES: [string, string, (page: Page) => Promise<void>][] = [
  ['home', '/', async (p) => { await expect(p.locator('#search-q')).toBeVisible(); await expect(p.locator('.loading')).toHaveCount(0); }],
  ['search', '/?q=khai+sinh', async (p) => { await expect(p.locator('mark').first()).toBeVisible(); }],
  ['procedure', `/thu-tuc/${PROCEDURE}`, async (p) => { await expect(p.locator('.doc').first()).toBeVisible(); }],
  ['blank-form', `/thu-tuc/${PROCEDURE}/to-khai`, async (p) => { await expect(p.locator('article.paper h1')).toBeVisible(); }],
  ['planner', `/thu-sau?procedure=${PROCEDURE}&office=thanh-ha&at=2026-11-27T10:00`, async (p) => {
    await expect(p.locator('#answer-heading')).toBeVisible();
  }],
  ['planner-date-error', `/thu-sau?procedure=${PROCEDURE}&office=thanh-ha&day=30&month=2&year=2026`, async (p) => {
    await expect(p.locator('#error-summary')).toBeVisible();
  }],
  ['applicant', `/nop-ho-so/${PROCEDURE}`, async (p) => {
    await p.locator('form.applicant-form button[type=submit]').click();
    await expect(p.locator('#error-summary')).toBeVisible();
  }],
  // The later steps need the applicant's answers (and the review its documents): reached as a
  // citizen reaches them, in one page load (a kiosk keeps drafts in memory only).
  ['documents', `/nop-ho-so/${PROCEDURE}`, toDocuments],
  ['review', `/nop-ho-so/${PROCEDURE}`, async (p) => {
    await toDocuments(p);
    await p.locator(`#file-${FORM}`).setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await p.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(p.locator('li.file[data-state="done"]')).toHaveCount(2);
    await p.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(p.locator('.summary-list').first()).toBeVisible();
  }],
  ['not-found', '/khong-co-trang-nay', async (p) => { await expect(p.locator('h1')).toBeVisible(); }],
  ['track', '/tra-cuu?ma=000.21.12.H23-261127-0001', async (p) => {
    await p.locator('form.track-form button[type=submit]').click();
    await expect(p.locator('#error-summary')).toBeVisible();
  }],
  ['figures', '/thong-ke', async (p) => { await expect(p.getByTestId('figures')).toBeVisible(); }],
  ['book-where', `/dat-lich/${PROCEDURE}?noi=thanh-ha`, async (p) => { await expect(p.locator('input[name=office]').first()).toBeVisible(); }],
  ['book-when', `/dat-lich/${PROCEDURE}/thanh-ha`, async (p) => { await expect(p.getByTestId('book-when')).toBeVisible(); }],
];

test.describe('every device', () => {
  test('every interactive element is at least 44 × 44 px at 360 px', async ({ page, request }) => {
    await page.setViewportSize(VIEWPORTS.phone);
    for (const [name, path, ready] of PAGES) {
      await page.goto(path);
      await ready(page);
      expect(await firstTooSmall(page, 44), `${name} at 360 px`).toBeNull();
    }
    await page.goto('/');
    await page.goto(await receiptOnDevice(page, request));
    await expect(page.getByTestId('dossier-code')).toBeVisible();
    expect(await firstTooSmall(page, 44), 'receipt at 360 px').toBeNull();
  });

  test('every page reflows at 320 px with text at 200 %: nothing wider than the screen', async ({ page, request }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    // The browser's text size doubled (Chromium's own setting: 16 → 32 px), as older eyes set it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    const wide = () =>
      page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        for (const el of Array.from(document.querySelectorAll('body *'))) {
          const r = el.getBoundingClientRect();
          // A data table may scroll inside its own region (WCAG 1.4.10 exempts two-dimensional tables).
          if (r.width > 0 && r.right > limit + 0.5 && !el.matches('.skip-link') && !el.closest('.visually-hidden, .file-input, .table-wrap')) {
            return `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" reaches ${r.right.toFixed(0)} px of ${limit}`;
          }
        }
        return document.documentElement.scrollWidth > limit ? `the page scrolls sideways (${document.documentElement.scrollWidth} px)` : null;
      });
    for (const [name, path, ready] of PAGES) {
      await page.goto(path);
      await ready(page);
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(36);
      expect(await wide(), `${name} at 320 px, 200 %`).toBeNull();
      await screenshot(page, `reflow-${name}`);
    }
    await page.goto(await receiptOnDevice(page, request));
    await expect(page.getByTestId('dossier-code')).toBeVisible();
    expect(await wide(), 'receipt at 320 px, 200 %').toBeNull();
  });

  test('person B after person A on a shared phone sees only a masked offer, and can delete it', async ({ page, request }) => {
    await page.setViewportSize(VIEWPORTS.phone);
    // Person A starts an application, uploads a file and goes back to the home page.
    await page.goto(`/nop-ho-so/${PROCEDURE}`);
    await fillApplicant(page, (s) => page.locator(s).click());
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator(`#file-${FORM}`).setInputFiles({ name: A.files[0], mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    const draftOfA = await page.evaluate(() => JSON.parse(localStorage.getItem('motcua.draft.XA-HT-01')!));
    const uploadOfA = draftOfA.files[0].upload_url as string;
    await page.goto('/');

    // Person B opens the same procedure.
    await page.goto(`/thu-tuc/${PROCEDURE}`);
    await page.goto(`/nop-ho-so/${PROCEDURE}`);
    const offer = page.getByTestId('resume-offer');
    await expect(offer).toContainText('Phạm T… L., Số định danh …4567');
    await checkAtBothSizes(page, 'resume-offer', async () => { await expect(offer).toBeVisible(); });
    await page.setViewportSize(VIEWPORTS.phone);
    const shown = await page.evaluate(() => document.body.innerText + Array.from(document.querySelectorAll('input')).map((i) => i.value).join(' '));
    for (const value of PERSONAL) expect(shown, `B sees "${value}"`).not.toContain(value);
    await expect(page.locator('input')).toHaveCount(0);

    await page.getByRole('button', { name: 'Không phải tôi: làm hồ sơ mới và xóa hồ sơ này' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin người nộp hồ sơ');
    for (const id of ['full_name', 'birth_year', 'citizen_id', 'phone', 'address']) {
      await expect(page.locator(`#${id}`)).toHaveValue('');
    }
    await expect(page.locator('#gender-female')).not.toBeChecked();
    // A's draft is gone from the device and A's file from the server.
    await expect.poll(async () => (await request.get(uploadOfA, { headers: { 'Draft-Token': draftOfA.draft_id } })).status()).toBe(404);
    const kept = await page.evaluate(() => JSON.stringify(localStorage));
    for (const value of PERSONAL) expect(kept).not.toContain(value);
    await page.reload();
    await expect(page.getByTestId('resume-offer')).toHaveCount(0);
  });
});

test('files about to expire on the server: told ahead, kept longer, sent again once gone', async ({ page }) => {
  test.setTimeout(150_000);
  // A server that keeps finished uploads one minute, so the limit comes within the test.
  const short = new Server(['--finished-expiry-secs', '60']);
  await short.start();
  try {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${short.url}/nop-ho-so/${PROCEDURE}`);
    await fillApplicant(page, (s) => page.locator(s).click());
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.locator(`#file-${FORM}`).setInputFiles({ name: A.files[0], mimeType: 'application/pdf', buffer: pdf(3000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    const file = async () => (await page.evaluate(() => JSON.parse(localStorage.getItem('motcua.draft.XA-HT-01')!))).files[0];
    const first = await file();
    expect(Math.abs(first.expires_ms - Date.now() - 60_000), 'the expiry the server announced').toBeLessThan(10_000);
    const warning = page.getByTestId('expiry-warning');
    await expect(warning).toContainText('chỉ được giữ trên hệ thống đến');
    await checkAtBothSizes(page, 'apply-expiry-warning', async () => { await expect(warning).toBeVisible(); });
    await page.setViewportSize(VIEWPORTS.phone);

    // "Keep my files longer" while the file is still there: asked with a HEAD, kept a new period.
    await page.waitForTimeout(1100);
    const heads: string[] = [];
    page.on('request', (r) => { if (r.method() === 'HEAD') heads.push(r.headers()['draft-token'] ?? ''); });
    await warning.getByRole('button', { name: 'Giữ các tệp thêm thời gian' }).click();
    await expect.poll(async () => (await file()).expires_ms).toBeGreaterThan(first.expires_ms);
    expect(heads, 'one question per file, with the draft token').toHaveLength(1);
    expect(heads[0]).toMatch(/^d[0-9a-f]{32}$/);

    // Nobody acts: past the limit, the server lets the file go and the page says so.
    await expect(warning).toContainText('đã hết lúc', { timeout: 90_000 });
    const token = (await page.evaluate(() => JSON.parse(localStorage.getItem('motcua.draft.XA-HT-01')!))).draft_id;
    const gone = await page.request.get(`${short.url}${first.upload_url}`, { headers: { 'Draft-Token': token } });
    expect(gone.status()).toBe(404);
    // One tap sends it again from the device, without choosing the file again.
    await warning.getByRole('button', { name: 'Giữ các tệp thêm thời gian' }).click();
    await expect.poll(async () => (await file()).upload_url).not.toBe(first.upload_url);
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    await expect(warning).toContainText('chỉ được giữ trên hệ thống đến');
    const again = await page.request.get(`${short.url}${(await file()).upload_url}`, { headers: { 'Draft-Token': token } });
    expect(again.status()).toBe(200);
  } finally {
    await short.dispose();
  }
});

test.describe('commune kiosk', () => {
  test.use({ viewport: KIOSK, hasTouch: true });

  test('a whole visit to the receipt, then idle: countdown, more time, then everything wiped', async ({ page }) => {
    test.setTimeout(120_000);
    await page.clock.install({ time: new Date('2026-12-01T09:00:00+07:00') });
    const tap = async (selector: string) => page.locator(selector).first().tap();
    await page.goto('/?kiosk=on');
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    await expect(page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' })).toBeVisible();
    // Person A reads in English; the choice lasts the visit, across pages.
    await page.getByRole('button', { name: 'English' }).tap();
    await page.goto(`/thu-tuc/${PROCEDURE}`);
    await expect(page.getByRole('button', { name: 'Done: clear my information' })).toBeVisible();
    await page.goto(`/nop-ho-so/${PROCEDURE}`);
    await expect(page.getByText('kept on this machine only until you tap')).toBeVisible();
    await fillApplicant(page, tap);
    await page.getByRole('button', { name: 'Continue' }).tap();
    await page.locator(`#file-${FORM}`).setInputFiles({ name: A.files[0], mimeType: 'application/pdf', buffer: pdf(40_000) });
    await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: A.files[1], mimeType: 'application/pdf', buffer: pdf(40_000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(2);
    // In memory only: nothing of the visit is written to the browser's storage.
    const during = await everythingKept(page);
    // (A stored draft is a line `motcua.draft.{procedure}=…`; the page's own script names the key.)
    expect(during).not.toMatch(/^motcua\.draft\./m);
    expect(during).not.toMatch(/idb motcua/);
    await page.getByRole('button', { name: 'Continue' }).tap();
    await page.getByRole('button', { name: 'Submit' }).tap();
    await expect(page).toHaveURL(/\/tra-cuu\/bien-nhan\//);
    await expect(page.getByTestId('dossier-code')).toBeVisible();
    expect(await firstTooSmall(page, 48), 'receipt on the kiosk').toBeNull();
    await screenshot(page, 'kiosk-receipt');

    // Two minutes without a touch: the countdown.
    await page.clock.fastForward(120_000);
    const dialog = page.getByTestId('idle-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('role', 'alertdialog');
    await expect(dialog.getByRole('button', { name: 'I need more time' })).toBeFocused();
    await expectAccessible(page, 'the idle countdown');
    await screenshot(page, 'kiosk-idle');

    // The count itself, with only the test moving the clock (the real seconds a check takes on a
    // slow machine must not count; axe and page loads need the clock running, so not paused there).
    // The kiosk looks once a second: 120.999 s after the last touch it has seen 120–121 s of quiet.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    await dialog.getByRole('button', { name: 'I need more time' }).tap();
    await expect(dialog).toBeHidden();
    await page.clock.fastForward(120_999);
    await expect(dialog).toContainText('60 seconds');
    await page.clock.fastForward(30_000);
    await expect(dialog).toContainText('30 seconds');
    await dialog.getByRole('button', { name: 'I need more time' }).tap();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('dossier-code')).toBeVisible();
    await page.clock.resume();

    // Idle again, and nobody answers: the wipe, and the start page in Vietnamese.
    await page.clock.fastForward(120_000);
    await expect(dialog).toBeVisible();
    await page.clock.fastForward(61_000);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    await expectNothingPersonal(page, 'after the idle wipe');
    // Going back opens nothing of the visit either.
    await page.goBack();
    await expectNothingPersonal(page, 'after going back');
  });

  test('"finish and clear" in the middle of an upload: the upload is terminated on the server, nothing is left', async ({
    page,
    server,
  }) => {
    await page.goto(`/nop-ho-so/${PROCEDURE}?kiosk=on`);
    await fillApplicant(page, (s) => page.locator(s).tap());
    await page.getByRole('button', { name: 'Tiếp tục' }).tap();
    expect(await firstTooSmall(page, 48), 'documents step on the kiosk').toBeNull();
    expect(await firstSmallText(page, 22), 'text on the kiosk').toBeNull();
    await screenshot(page, 'kiosk-documents');
    // A slow link, so the upload is still running when the citizen leaves.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 200_000, uploadThroughput: 100_000 });
    const created = watchUploads(page);
    await page.locator(`#file-${BIRTH_CERT}`).setInputFiles({ name: A.files[1], mimeType: 'application/pdf', buffer: pdf(3_000_000) });
    await expect.poll(() => created.location).not.toBe('');
    await expect(page.locator('li.file[data-state="uploading"]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' }).tap();
    const confirm = page.getByRole('dialog', { name: 'Xóa hết thông tin của bạn trên máy này?' });
    await expect(confirm).toBeVisible();
    await expectAccessible(page, 'the finish-and-clear question');
    await confirm.getByRole('button', { name: 'Xóa và kết thúc' }).tap();
    await expect(page).toHaveURL(/\/$/, { timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const id = created.location.split('/').pop()!;
    const status = await page.request.get(`${server.url}/api/v1/uploads/${id}`, { headers: { 'Draft-Token': created.token } });
    expect(status.status(), 'the unfinished upload is terminated on the server').toBe(404);
    await expectNothingPersonal(page, 'after finish and clear');
  });

  test('no field on a kiosk offers or keeps what a person typed: autocomplete off, and nothing in the profile afterwards', async ({ page }) => {
    await page.goto(`/nop-ho-so/${PROCEDURE}?kiosk=on`);
    await expect(page.locator('form.applicant-form')).toBeVisible();
    await expect(page.locator('form.applicant-form')).toHaveAttribute('autocomplete', 'off');
    const offered = await page.locator('form.applicant-form input:not([type=radio])').evaluateAll((els) =>
      els.map((e) => `${e.id}=${e.getAttribute('autocomplete')}`),
    );
    expect(offered.length).toBeGreaterThanOrEqual(5);
    for (const field of offered) expect(field, 'on a kiosk').toMatch(/=off$/);
    // On a personal device the same form helps with the citizen's own saved details.
    await page.goto(`/nop-ho-so/${PROCEDURE}?kiosk=off`);
    await expect(page.locator('#full_name')).toHaveAttribute('autocomplete', 'name');
    await expect(page.locator('#phone')).toHaveAttribute('autocomplete', 'tel');
  });

  test('a file uploaded in the application, then "finish and clear" on another page: the upload is closed on the server', async ({ page, server }) => {
    await page.goto(`/nop-ho-so/${PROCEDURE}?kiosk=on`);
    await fillApplicant(page, (s) => page.locator(s).tap());
    await page.getByRole('button', { name: 'Tiếp tục' }).tap();
    const created = watchUploads(page);
    await page.locator(`#file-${FORM}`).setInputFiles({ name: A.files[0], mimeType: 'application/pdf', buffer: pdf(20_000) });
    await expect(page.locator('li.file[data-state="done"]')).toHaveCount(1);
    const id = created.location.split('/').pop()!;
    const before = await page.request.get(`${server.url}/api/v1/uploads/${id}`, { headers: { 'Draft-Token': created.token } });
    expect(before.status()).toBe(200);
    // The page goes away without the application closing its draft (a reload, the browser's own
    // home button: a link in the page would ask first, see citizens.spec), and the citizen
    // finishes on the home page (another bundle, which never had the application's memory).
    await page.goto('/');
    await expect(page.locator('#search-q')).toBeVisible();
    await page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' }).tap();
    const wiped = page.waitForEvent('load');
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa và kết thúc' }).tap();
    await wiped;
    await expect(page).toHaveURL(/\/$/);
    await expect
      .poll(async () => (await page.request.get(`${server.url}/api/v1/uploads/${id}`, { headers: { 'Draft-Token': created.token } })).status())
      .toBe(404);
    await expectNothingPersonal(page, 'after finishing on another page');
  });

  test('after the wipe, Back leads to nothing of the person before: every step of a kiosk visit replaces the last', async ({ page, request }) => {
    const { code } = await completeDossier(request);
    await page.goto('/?kiosk=on');
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    const start = await page.evaluate(() => history.length);
    // Person A: a search, a procedure, then tracking their dossier (its code goes into the address).
    await page.locator('#search-q').fill('khai sinh');
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).first().tap();
    await expect(page.locator('.doc').first()).toBeVisible();
    await page.locator('a.nav-link[href="/tra-cuu"]').first().tap();
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel(/Số định danh cá nhân/).fill(citizen.citizen_id);
    await page.locator('form.track-form button[type=submit]').tap();
    await expect(page.getByTestId('next-step')).toBeVisible();
    expect(await page.evaluate(() => history.length), 'no step added a history entry').toBe(start);
    await page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' }).tap();
    const wiped = page.waitForEvent('load');
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa và kết thúc' }).tap();
    await wiped;
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('#search-q')).toBeVisible();
    expect(await page.evaluate(() => history.length)).toBe(start);
    await screenshot(page, 'kiosk-after-wipe');
    // Person B presses Back (the browser's, a gesture or Alt+←): the only entry behind the start
    // page is what was there before the kiosk was opened (here the test's blank page), never a
    // page of the visit.
    await page.goBack().catch(() => null);
    await page.waitForTimeout(500);
    expect(page.url(), 'Back reached a page of the visit').toBe('about:blank');
  });

  test('every page on the kiosk: targets of 48 px or more, text of 22 px or more', async ({ page }) => {
    await page.goto('/?kiosk=on');
    // The app (not the static shell) keeps the setting: wait until it has.
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    for (const [name, path, ready] of PAGES) {
      await page.goto(path);
      await ready(page);
      expect(await firstTooSmall(page, 48), `${name} on the kiosk`).toBeNull();
      expect(await firstSmallText(page, 22), `${name} on the kiosk`).toBeNull();
      await screenshot(page, `kiosk-${name}`);
    }
    await page.goto('/?kiosk=off');
    await expect(page.locator('html')).not.toHaveClass(/kiosk/);
    await expect(page.getByRole('button', { name: 'Xong, xóa thông tin của tôi' })).toHaveCount(0);
  });

  test('answering a supplement request on the kiosk: the number asked, then the documents, 48 px targets and 22 px text', async ({ page, request, server }) => {
    const { code } = await completeDossier(request);
    const officer = (...args: string[]) =>
      execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
    officer('accept', code);
    officer('request-supplement', code, '--message', 'Bổ sung bản sao giấy chứng sinh rõ nét hơn.', '--message-en', 'Add a clearer copy.', '--requirement', BIRTH_CERT_REQ);
    await page.goto('/?kiosk=on');
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    await page.goto(`/bo-sung/${code}`);
    const factor = page.getByLabel('Số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại');
    await expect(factor).toBeVisible();
    expect(await firstTooSmall(page, 48), 'supplement number on the kiosk').toBeNull();
    expect(await firstSmallText(page, 22), 'supplement number on the kiosk').toBeNull();
    await screenshot(page, 'kiosk-supplement-number');
    await factor.fill(citizen.citizen_id);
    await page.getByRole('button', { name: 'Mở yêu cầu bổ sung' }).tap();
    await expect(page.locator('section.requirement')).toHaveCount(1);
    // Not "kept on this device": on a kiosk the files last only until the citizen leaves.
    await expect(page.getByText('chỉ được giữ trên máy này đến khi bạn bấm')).toBeVisible();
    expect(await firstTooSmall(page, 48), 'supplement documents on the kiosk').toBeNull();
    expect(await firstSmallText(page, 22), 'supplement documents on the kiosk').toBeNull();
    await screenshot(page, 'kiosk-supplement-documents');
    // Nothing of it is written to the browser's storage on a kiosk.
    expect(await everythingKept(page)).not.toMatch(/^motcua\.draft\./m);
  });
});
