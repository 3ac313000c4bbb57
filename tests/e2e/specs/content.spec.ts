// Every word the API serves to citizens is meant for them: no curator notes (brackets,
// "giả định", "chưa xác minh"…), no English in Vietnamese fields, over the whole catalogue.
import { test, expect, checkAtBothSizes } from '../support/fixtures';

const CURATOR = /[[\]]|giả định|giả thuyết|chưa xác minh|chưa đối chiếu|trí nhớ|\bMOJ\b|\bDVCQG\b|assum|not verified|unverified/i;
// Since 1 July 2025 there is no district level: nothing served may send a citizen to one.
const BEFORE_REFORM = /huyện|thị trấn|district|trước 7\/2025|pre-2025|Hải Dương/i;
const ENGLISH = /\b(the|and|of|with|within|citizen|confirms|online|not|from|per|draft)\b/i;

/** Every string in a JSON value, with where it was found; `.en` marks English fields. */
function strings(value: unknown, path: string, out: [string, string][]) {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
}

test('the served catalogue, offices and calendar hold no curator notes and no English in Vietnamese', async ({ request }) => {
  const list = await (await request.get('/api/v1/procedures')).json();
  const served: [string, unknown][] = [['procedures', list], ['offices', await (await request.get('/api/v1/offices')).json()], ['calendar', await (await request.get('/api/v1/calendar')).json()]];
  const ids: string[] = list.procedures.map((p: { id: string }) => p.id);
  expect(ids.length).toBeGreaterThanOrEqual(40);
  for (const id of ids) served.push([id, await (await request.get(`/api/v1/procedures/${encodeURIComponent(id)}`)).json()]);
  // Declaration forms, where a procedure has one.
  let forms = 0;
  for (const id of ids) {
    const res = await request.get(`/api/v1/procedures/${encodeURIComponent(id)}/form`);
    if (res.status() === 200) {
      forms++;
      served.push([`${id}/form`, await res.json()]);
    }
  }
  expect(forms, 'the forms were scanned').toBeGreaterThanOrEqual(5);

  const found: string[] = [];
  let checked = 0;
  for (const [what, json] of served) {
    const all: [string, string][] = [];
    strings(json, what, all);
    for (const [path, text] of all) {
      if (/\.level$/.test(path)) found.push(...(text === 'district' ? [`${path}: district level`] : []));
      // Ids, codes, dates and enum values are not prose.
      if (!/\s/.test(text)) continue;
      checked++;
      if (CURATOR.test(text)) found.push(`${path}: curator note: ${text}`);
      if (BEFORE_REFORM.test(text)) found.push(`${path}: the district level, gone since 7/2025: ${text}`);
      if (!/(\.en|_en)$/.test(path) && ENGLISH.test(text)) found.push(`${path}: English in a Vietnamese field: ${text}`);
    }
  }
  expect(checked, 'the scan read the catalogue').toBeGreaterThan(300);
  expect(found).toEqual([]);
});

test('an English procedure page gives the time and fee notes in English; a Vietnamese one in Vietnamese, in plain words', async ({ page }) => {
  await page.goto('/thu-tuc/XA-HT-01');
  const notes = page.locator('.facts__note');
  await expect(notes.filter({ hasText: 'Miễn lệ phí nếu khai sinh trong 60 ngày' })).toHaveCount(1);
  await page.getByRole('button', { name: 'English' }).click();
  const fee = notes.filter({ hasText: 'Free within 60 days of the birth' });
  await expect(fee).toHaveCount(1);
  await expect(fee).not.toHaveAttribute('lang', 'vi');
  await expect(page.locator('main')).not.toContainText('chưa xác minh');
  // What the desk shows the officer reads as a citizen says it.
  await expect(page.locator('main')).toContainText('electronic ID on VNeID');
  await expect(page.locator('main')).not.toContainText('DB lookup');
  await checkAtBothSizes(page, 'procedure-english-notes', async () => { await expect(fee).toBeVisible(); });
});
