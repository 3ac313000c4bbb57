// Submitting and tracking dossiers over real HTTP: idempotency, completeness, applicant checks,
// the national code format, tracking with a second factor, and its rate limit.
import { test, expect } from '../support/fixtures';
import { randomUUID } from 'node:crypto';
import { Server } from '../support/server';
import { applicant, BIRTH_CERT, FORM, lookup, newDraft, OFFICE, PROCEDURE, submit, uploadFor } from '../support/api';

test('a complete dossier gets a receipt with a national code and an appointment; a double submit makes one dossier', async ({ request }) => {
  const draft = newDraft();
  const uploads = [await uploadFor(request, FORM, draft), await uploadFor(request, BIRTH_CERT, draft)];
  const body = { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads };
  const key = randomUUID();
  // A double tap: two identical requests at once.
  const [a, b] = await Promise.all([submit(request, key, body, draft), submit(request, key, body, draft)]);
  expect([a.status(), b.status()].sort()).toEqual([200, 201]);
  const ra = await a.json();
  const rb = await b.json();
  expect(ra.code).toBe(rb.code);
  expect(ra.code).toMatch(/^000\.21\.12\.H23-\d{6}-\d{4}$/);
  expect(ra.received_at).toMatch(/\+07:00$/);
  expect(ra.appointment_at >= ra.received_at).toBe(true);
  expect(['friday_same_day', 'friday_next_morning', 'legal']).toContain(ra.appointment_kind);
  expect(ra.status).toBe('submitted');
  expect(ra.next_steps.length).toBeGreaterThan(0);

  // A retry later with the same key still gives the same receipt.
  const again = await submit(request, key, body, draft);
  expect(again.status()).toBe(200);
  expect(again.headers()['idempotent-replayed']).toBe('true');
  expect((await again.json()).code).toBe(ra.code);

  // The same key with another body is refused; uploads already used cannot be reused.
  const other = await submit(request, key, { ...body, applicant: { ...applicant, address: 'Khác' } }, draft);
  expect(other.status()).toBe(422);
  const reuse = await submit(request, randomUUID(), body, draft);
  expect(reuse.status()).toBe(422);

  // Tracking, by ID number and by phone in any spelling, the factor in the body.
  const byId = await lookup(request, ra.code, { citizen_id: '030190001234' });
  expect(byId.status()).toBe(200);
  const tracking = await byId.json();
  expect(tracking.status).toBe('submitted');
  expect(tracking.status_label.vi).toBe('Mới đăng ký');
  expect(tracking.procedure.vi).toBe('Đăng ký khai sinh');
  expect(tracking.timeline).toHaveLength(1);
  expect((await lookup(request, ra.code, { phone: '+84912345678' })).status()).toBe(200);
  // The older query-string form still answers, marked deprecated.
  const old = await request.get(`/api/v1/dossiers/${ra.code}?phone=%2B84912345678`);
  expect(old.status()).toBe(200);
  expect(old.headers()['deprecation']).toBe('true');

  // A wrong second factor and an unknown code answer exactly alike.
  const wrong = await lookup(request, ra.code, { citizen_id: '030190009999' });
  const unknown = await lookup(request, '000.21.12.H23-200101-0001', { citizen_id: '030190001234' });
  expect(wrong.status()).toBe(404);
  expect(unknown.status()).toBe(404);
  expect(await wrong.text()).toBe(await unknown.text());
});

test('missing documents and wrong applicant details are named field by field', async ({ request }) => {
  const draft = newDraft();
  const uploads = [await uploadFor(request, FORM, draft)];
  const incomplete = await submit(request, randomUUID(), { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads }, draft);
  expect(incomplete.status()).toBe(422);
  const err = await incomplete.json();
  expect(err.code).toBe('incomplete');
  expect(err.fields.map((f: { field: string }) => f.field)).toEqual([`requirements.${BIRTH_CERT}`]);

  const bad = await submit(request, randomUUID(), {
    procedure_id: PROCEDURE,
    office_id: OFFICE,
    applicant: { ...applicant, citizen_id: '030095001234', phone: '0123456789' },
    uploads,
  }, draft);
  expect(bad.status()).toBe(422);
  const badErr = await bad.json();
  expect(badErr.code).toBe('invalid_applicant');
  expect(badErr.fields.map((f: { field: string }) => f.field)).toEqual(['citizen_id', 'phone']);
  expect(badErr.fields[0].message.vi).toContain('năm sinh');
});

test('malformed requests get JSON errors, never a crash', async ({ request }) => {
  const body = { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads: [] };
  const noKey = await submit(request, null, body, newDraft());
  expect(noKey.status()).toBe(400);
  expect((await noKey.json()).code).toBe('bad_request');

  const extra = await submit(request, randomUUID(), { ...body, admin: true }, newDraft());
  expect(extra.status()).toBe(422);
  expect((await extra.json()).code).toBe('invalid_json');

  const notJson = await request.post('/api/v1/dossiers', { headers: { 'Idempotency-Key': randomUUID(), 'Content-Type': 'text/plain' }, data: 'hello' });
  expect(notJson.status()).toBe(415);
  expect((await notJson.json()).code).toBe('unsupported_media_type');

  const tooBig = await request.post('/api/v1/dossiers', {
    headers: { 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' },
    data: JSON.stringify({ ...body, applicant: { ...applicant, address: 'x'.repeat(100_000) } }),
  });
  expect(tooBig.status()).toBe(413);
  expect((await tooBig.json()).code).toBe('payload_too_large');
});

test('tracking is rate-limited per client', async ({ playwright }) => {
  // A server of its own: using up the limit must not block the other tests.
  const own = new Server();
  await own.start();
  const request = await playwright.request.newContext({ baseURL: own.url });
  try {
    let last = await lookup(request, '000.21.12.H23-200101-0000', { phone: '0912345678' });
    for (let i = 1; i < 40 && last.status() !== 429; i++) {
      last = await lookup(request, `000.21.12.H23-200101-${String(i).padStart(4, '0')}`, { phone: '0912345678' });
    }
    expect(last.status()).toBe(429);
    expect(Number(last.headers()['retry-after'])).toBeGreaterThan(0);
    const err = await last.json();
    expect(err.code).toBe('rate_limited');
    expect(err.message.vi).toMatch(/thử lại sau \d+ phút/);
  } finally {
    await request.dispose();
    await own.dispose();
  }
});
