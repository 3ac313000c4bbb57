// Resumable uploads (tus 1.0.0) over real HTTP against the real back end: interoperability with
// the official JavaScript client, the protocol's error cases, and a server restart mid-upload.
import { test, expect } from '../support/fixtures';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as tus from 'tus-js-client';

const REQUIREMENT = 'XA-HT-01-02'; // Giấy chứng sinh (birth certificate)
// One draft for this file's uploads: its token goes with every request.
const DRAFT = { 'Draft-Token': `d-${randomUUID()}` };
const TUS = { 'Tus-Resumable': '1.0.0', ...DRAFT };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A valid PNG header followed by random bytes: accepted by content. */
function png(size: number): Buffer {
  const b = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

function metadata(draft: string, extra: Record<string, string> = {}) {
  return Object.entries({ requirement: REQUIREMENT, draft, filename: 'giay-chung-sinh.png', ...extra })
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
}

test('tus-js-client uploads a file and the stored bytes have the same sha256', async ({ server, request }) => {
  const file = png(300_000);
  const url = await new Promise<string>((resolve, reject) => {
    const upload = new tus.Upload(file, {
      endpoint: `${server.url}/api/v1/uploads`,
      metadata: { requirement: REQUIREMENT, draft: 'interop-1', filename: 'a.png', filetype: 'image/png' },
      chunkSize: 100_000,
      headers: DRAFT,
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve(upload.url!),
    });
    upload.start();
  });
  const status = await (await request.get(url, { headers: DRAFT })).json();
  expect(status).toMatchObject({ complete: true, file_type: 'png', length: file.length, offset: file.length });
  expect(status.sha256).toBe(sha256(file));
});

test('tus-js-client resumes after the connection is cut, re-sending little', async ({ server, request }) => {
  const file = png(2_000_000);
  let sentBeforeAbort = 0;
  const upload: tus.Upload = new tus.Upload(file, {
    endpoint: `${server.url}/api/v1/uploads`,
    metadata: { requirement: REQUIREMENT, draft: 'interop-2', filename: 'b.png' },
    chunkSize: 250_000,
    headers: DRAFT,
    retryDelays: [],
    onProgress: (sent) => {
      // Cut the connection in the middle of the upload.
      if (sentBeforeAbort === 0 && sent > 700_000) {
        sentBeforeAbort = sent;
        upload.abort(false);
      }
    },
  });
  upload.start();
  await expect.poll(() => sentBeforeAbort, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => upload.url).toBeTruthy();
  const head = await request.head(upload.url!, { headers: TUS });
  const kept = Number(head.headers()['upload-offset']);
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(file.length);

  // Resume: the client asks the server where it stands (HEAD) and sends only the rest.
  let resumedFrom = -1;
  await new Promise<void>((resolve, reject) => {
    const again = new tus.Upload(file, {
      uploadUrl: upload.url!,
      chunkSize: 250_000,
      headers: DRAFT,
      retryDelays: [],
      onError: reject,
      onProgress: (sent) => {
        if (resumedFrom < 0) resumedFrom = sent;
      },
      onSuccess: () => resolve(),
    });
    again.start();
  });
  expect(resumedFrom).toBeGreaterThanOrEqual(kept);
  const status = await (await request.get(upload.url!, { headers: DRAFT })).json();
  expect(status.sha256).toBe(sha256(file));
});

test('the server speaks tus: options, versions, offsets and checksums', async ({ request }) => {
  const options = await request.fetch('/api/v1/uploads', { method: 'OPTIONS' });
  expect(options.status()).toBe(204);
  expect(options.headers()['tus-version']).toBe('1.0.0');
  expect(options.headers()['tus-extension']).toContain('checksum');
  expect(options.headers()['tus-checksum-algorithm']).toContain('sha256');

  const noVersion = await request.post('/api/v1/uploads', { headers: { 'Upload-Length': '10' } });
  expect(noVersion.status()).toBe(412);

  const file = png(1000);
  const created = await request.post('/api/v1/uploads', {
    headers: { ...TUS, 'Upload-Length': String(file.length), 'Upload-Metadata': metadata('proto-1') },
  });
  expect(created.status()).toBe(201);
  const location = created.headers()['location'];
  expect(location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
  expect(created.headers()['upload-expires']).toMatch(/GMT$/);

  const patch = (offset: number, body: Buffer, extra: Record<string, string> = {}) =>
    request.patch(location, {
      headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset), ...extra },
      data: body,
    });
  const first = file.subarray(0, 400);
  const sum = (b: Buffer) => `sha256 ${createHash('sha256').update(b).digest('base64')}`;

  const wrongSum = await patch(0, first, { 'Upload-Checksum': sum(Buffer.from('other')) });
  expect(wrongSum.status()).toBe(460);
  expect((await request.head(location, { headers: TUS })).headers()['upload-offset']).toBe('0');

  const ok = await patch(0, first, { 'Upload-Checksum': sum(first) });
  expect(ok.status()).toBe(204);
  expect(ok.headers()['upload-offset']).toBe('400');

  const stale = await patch(0, first);
  expect(stale.status()).toBe(409);

  const wrongType = await request.patch(location, {
    headers: { ...TUS, 'Content-Type': 'application/json', 'Upload-Offset': '400' },
    data: file.subarray(400),
  });
  expect(wrongType.status()).toBe(415);

  const rest = await patch(400, file.subarray(400));
  expect(rest.status()).toBe(204);
  expect((await (await request.get(location, { headers: DRAFT })).json()).sha256).toBe(sha256(file));

  const gone = await request.delete(location, { headers: TUS });
  expect(gone.status()).toBe(204);
  expect((await request.head(location, { headers: TUS })).status()).toBe(404);
});

test('files are judged by content: wrong types, empty and password-protected PDFs are refused', async ({ request }) => {
  const upload = async (body: Buffer, draft: string) => {
    const created = await request.post('/api/v1/uploads', {
      headers: { ...TUS, 'Upload-Length': String(body.length), 'Upload-Metadata': metadata(draft, { filename: '../../etc/passwd.pdf' }) },
    });
    if (created.status() !== 201) return created;
    return request.patch(created.headers()['location'], {
      headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' },
      data: body,
    });
  };
  const docx = await upload(Buffer.from('PK\x03\x04 this is really a Word file'), 'content-1');
  expect(docx.status()).toBe(415);
  const err = await docx.json();
  expect(err.code).toBe('file_refused');
  expect(err.message.vi).toContain('không phải ảnh');

  const locked = await upload(Buffer.from('%PDF-1.7\n1 0 obj\ntrailer << /Encrypt 5 0 R >>\n%%EOF'), 'content-2');
  expect(locked.status()).toBe(422);
  expect((await locked.json()).message.en).toContain('password');

  const empty = await request.post('/api/v1/uploads', {
    headers: { ...TUS, 'Upload-Length': '0', 'Upload-Metadata': metadata('content-3') },
  });
  expect(empty.status()).toBe(422);

  const huge = await request.post('/api/v1/uploads', {
    headers: { ...TUS, 'Upload-Length': String(50 * 1024 * 1024), 'Upload-Metadata': metadata('content-4') },
  });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).message.vi).toContain('20 MB');

  const pdf = await upload(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF'), 'content-5');
  expect(pdf.status()).toBe(204);
});

test('a server restart in the middle of an upload loses nothing', async ({ server, request }) => {
  const file = png(600_000);
  const created = await request.post('/api/v1/uploads', {
    headers: { ...TUS, 'Upload-Length': String(file.length), 'Upload-Metadata': metadata('restart-1') },
  });
  const location = created.headers()['location'];
  const half = 250_000;
  const first = await request.patch(location, {
    headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' },
    data: file.subarray(0, half),
  });
  expect(first.status()).toBe(204);

  await server.restart();

  const head = await request.head(location, { headers: TUS });
  expect(head.headers()['upload-offset']).toBe(String(half));
  const rest = await request.patch(location, {
    headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(half) },
    data: file.subarray(half),
  });
  expect(rest.status()).toBe(204);
  expect((await (await request.get(location, { headers: DRAFT })).json()).sha256).toBe(sha256(file));
});

test('a whole-file sha256 in the metadata is checked on the last byte', async ({
  request,
}) => {
  const file = png(200_000);
  const create = (sha: string) =>
    request.post('/api/v1/uploads', {
      headers: { ...TUS, 'Upload-Length': String(file.length), 'Upload-Metadata': metadata(`sha-${sha.slice(0, 8)}`, { sha256: sha }) },
    });
  expect((await create('ABC')).status()).toBe(400);

  // A damaged file: refused with 460 when complete, and started again from 0.
  const wrong = await create('0'.repeat(64));
  expect(wrong.status()).toBe(201);
  const wrongUrl = wrong.headers()['location'];
  const patch = (url: string, offset: number, body: Buffer) =>
    request.patch(url, { headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) }, data: body });
  expect((await patch(wrongUrl, 0, file.subarray(0, 100_000))).status()).toBe(204);
  expect((await patch(wrongUrl, 100_000, file.subarray(100_000))).status()).toBe(460);
  expect((await request.head(wrongUrl, { headers: TUS })).headers()['upload-offset']).toBe('0');

  // The right digest: accepted, and the status reports the same one.
  const right = await create(sha256(file));
  const url = right.headers()['location'];
  expect((await patch(url, 0, file.subarray(0, 50_000))).status()).toBe(204);
  expect((await patch(url, 50_000, file.subarray(50_000))).status()).toBe(204);
  const status = await (await request.get(url, { headers: DRAFT })).json();
  expect(status.complete).toBe(true);
  expect(status.sha256).toBe(sha256(file));
});
