// The life of a dossier after submission: an officer (command line) accepts it and asks for a
// document, the citizen supplies it under the same code, the result comes, the citizen rates
// the service, and the office's statistics count it.
import { test, expect } from '../support/fixtures';
import { execFileSync } from 'node:child_process';
import { applicant, BIRTH_CERT, completeDossier, lookup, newDraft, uploadFor } from '../support/api';

test('accept, supplement, result, rating and statistics', async ({ request, server }) => {
  const officer = (...args: string[]) =>
    execFileSync(process.env.MOTCUA_SERVER_BIN!, ['officer', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const receipt = await completeDossier(request);
  const code: string = receipt.code;
  const track = async () => (await lookup(request, code, { citizen_id: applicant.citizen_id })).json();

  expect(officer('list')).toContain(code);
  // An officer cannot skip to the result.
  expect(() => officer('return', code)).toThrow();
  officer('accept', code);
  expect((await track()).status).toBe('accepted');

  officer('request-supplement', code, '--message', 'Bổ sung bản sao giấy chứng sinh rõ nét hơn.', '--message-en', 'Add a clearer copy of the birth certificate.', '--requirement', BIRTH_CERT);
  const asked = await track();
  expect(asked.status).toBe('supplement_requested');
  expect(asked.supplement.vi).toBe('Bổ sung bản sao giấy chứng sinh rõ nét hơn.');
  expect(asked.supplement_requirements).toHaveLength(1);
  expect(asked.supplement_requirements[0].requirement_id).toBe(BIRTH_CERT);
  expect(asked.supplement_requirements[0].name.vi).toContain('Giấy chứng sinh');

  // Rating before the result is refused; so is a supplement with the wrong second factor.
  const early = await request.post(`/api/v1/dossiers/${code}/rating`, { data: { phone: applicant.phone, score: 5, comment: null } });
  expect(early.status()).toBe(409);
  const draft = newDraft();
  const upload = await uploadFor(request, BIRTH_CERT, draft);
  const asDraft = { 'Draft-Token': draft };
  const wrong = await request.post(`/api/v1/dossiers/${code}/supplements`, { headers: asDraft, data: { citizen_id: '030190009999', uploads: [upload] } });
  expect(wrong.status()).toBe(404);

  const supplied = await request.post(`/api/v1/dossiers/${code}/supplements`, { headers: asDraft, data: { phone: applicant.phone, uploads: [upload] } });
  expect(supplied.status()).toBe(204);
  const after = await track();
  expect(after.code).toBe(code);
  expect(after.status).toBe('processing');
  expect(after.timeline.map((e: { status: string }) => e.status)).toEqual(['submitted', 'accepted', 'supplement_requested', 'processing']);
  const again = await request.post(`/api/v1/dossiers/${code}/supplements`, { headers: asDraft, data: { phone: applicant.phone, uploads: [upload] } });
  expect(again.status()).toBe(409);

  officer('finish', code);
  const rated = await request.post(`/api/v1/dossiers/${code}/rating`, { data: { phone: applicant.phone, score: 5, comment: 'Nhanh, chu đáo.' } });
  expect(rated.status(), await rated.text()).toBe(201);
  const twice = await request.post(`/api/v1/dossiers/${code}/rating`, { data: { phone: applicant.phone, score: 1, comment: null } });
  expect(twice.status()).toBe(409);
  const outOfRange = await request.post(`/api/v1/dossiers/${code}/rating`, { data: { phone: applicant.phone, score: 6, comment: null } });
  expect(outOfRange.status()).toBe(422);
  officer('return', code);
  expect((await track()).status).toBe('returned');

  const stats = await (await request.get('/api/v1/offices/thanh-ha/statistics')).json();
  expect(stats.received).toBeGreaterThanOrEqual(1);
  expect(stats.online_share).toBe(1);
  expect(stats.finished).toBe(1);
  expect(stats.on_time_or_early_share).toBe(1);
  expect(stats.late_share).toBe(0);
  expect(stats.average_rating).toBe(5);
  expect((await request.get('/api/v1/offices/khong-co/statistics')).status()).toBe(404);
});
