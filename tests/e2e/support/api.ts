// Helpers for API tests: finished uploads and complete dossiers, over real HTTP.
import { expect, type APIRequestContext } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';

export const TUS = { 'Tus-Resumable': '1.0.0' };
export const PROCEDURE = 'XA-HT-01'; // Đăng ký khai sinh
export const OFFICE = 'thanh-ha';
export const FORM = 'XA-HT-01-01'; // Tờ khai
export const BIRTH_CERT = 'XA-HT-01-02'; // Giấy chứng sinh
export const applicant = {
  full_name: 'Nguyễn Thị Hoa',
  citizen_id: '030190001234',
  birth_year: 1990,
  gender: 'female',
  phone: '0912 345 678',
  email: null,
  address: 'Thị trấn Thanh Hà, Hải Phòng',
};

/** A fresh draft's secret, sent as `Draft-Token` with its uploads and its submission. */
export const newDraft = () => `d-${randomUUID()}`;

/** A small PDF uploaded for `requirement` under the draft token `draft`; returns the upload id. */
export async function uploadFor(request: APIRequestContext, requirement: string, draft: string): Promise<string> {
  const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000), Buffer.from('\n%%EOF')]);
  const meta = `requirement ${Buffer.from(requirement).toString('base64')}`;
  const created = await request.post('/api/v1/uploads', {
    headers: { ...TUS, 'Upload-Length': String(body.length), 'Upload-Metadata': meta, 'Draft-Token': draft },
  });
  expect(created.status()).toBe(201);
  const location = created.headers()['location'];
  const done = await request.patch(location, {
    headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0', 'Draft-Token': draft },
    data: body,
  });
  expect(done.status()).toBe(204);
  return location.split('/').pop()!;
}

export const submit = (request: APIRequestContext, key: string | null, body: unknown, draft: string) =>
  request.post('/api/v1/dossiers', { headers: { ...(key ? { 'Idempotency-Key': key } : {}), 'Draft-Token': draft }, data: body });

/** Tracking: the second factor in the body, never in the URL. */
export const lookup = (request: APIRequestContext, code: string, factor: { citizen_id?: string; phone?: string }) =>
  request.post(`/api/v1/dossiers/${code}/lookup`, { data: factor });

/** A complete birth-registration dossier; returns its receipt. */
export async function completeDossier(request: APIRequestContext) {
  const draft = newDraft();
  const uploads = [await uploadFor(request, FORM, draft), await uploadFor(request, BIRTH_CERT, draft)];
  const res = await submit(request, randomUUID(), { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads }, draft);
  expect(res.status()).toBe(201);
  return res.json();
}
