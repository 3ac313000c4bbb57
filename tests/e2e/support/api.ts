// Helpers for API tests: finished uploads and complete dossiers, over real HTTP.
import { expect, type APIRequestContext } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';

export const TUS = { 'Tus-Resumable': '1.0.0' };
export const PROCEDURE = 'XA-HT-01'; // Đăng ký khai sinh
export const OFFICE = 'thanh-ha-thi-tran';
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

/** A small PDF uploaded for `requirement`; returns the upload id. */
export async function uploadFor(request: APIRequestContext, requirement: string, draft: string): Promise<string> {
  const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000), Buffer.from('\n%%EOF')]);
  const meta = [`requirement ${Buffer.from(requirement).toString('base64')}`, `draft ${Buffer.from(draft).toString('base64')}`].join(',');
  const created = await request.post('/api/v1/uploads', { headers: { ...TUS, 'Upload-Length': String(body.length), 'Upload-Metadata': meta } });
  expect(created.status()).toBe(201);
  const location = created.headers()['location'];
  const done = await request.patch(location, {
    headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' },
    data: body,
  });
  expect(done.status()).toBe(204);
  return location.split('/').pop()!;
}

export const submit = (request: APIRequestContext, key: string | null, body: unknown) =>
  request.post('/api/v1/dossiers', { headers: key ? { 'Idempotency-Key': key } : {}, data: body });

/** A complete birth-registration dossier; returns its receipt. */
export async function completeDossier(request: APIRequestContext) {
  const draft = `d-${randomUUID()}`;
  const uploads = [await uploadFor(request, FORM, draft), await uploadFor(request, BIRTH_CERT, draft)];
  const res = await submit(request, randomUUID(), { procedure_id: PROCEDURE, office_id: OFFICE, applicant, uploads });
  expect(res.status()).toBe(201);
  return res.json();
}
