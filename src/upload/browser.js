// Browser storage and image glue for the upload client, kept in JS because IndexedDB's event API
// and image decoding have no compact binding in web-sys. No logic lives here: the Rust side
// decides what to store, when, and what a photo's pixels say.

const DB = 'motcua', STORE = 'files';
let opening = null;

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

async function run(mode, work) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function blob_put(key, blob) { return run('readwrite', (s) => s.put(blob, key)).then(() => undefined); }
export function blob_get(key) { return run('readonly', (s) => s.get(key)).then((b) => b ?? null); }
export function blob_delete(key) { return run('readwrite', (s) => s.delete(key)).then(() => undefined); }
// Closes the connection, so that the database can be deleted at once.
export async function blob_close() {
  const d = opening && await opening.catch(() => null);
  opening = null;
  if (d) d.close();
}

// Decodes a photo, scales it so its long edge is at most `maxEdge`, re-encodes it as JPEG and
// returns { blob, width, height, thumb, tw, th } with `thumb` the RGBA pixels of a small copy for
// the readability checks. OffscreenCanvas encodes off the main thread where the browser can.
export async function downscale(file, maxEdge, quality, thumbEdge) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { width, height } = bitmap;
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  const t = Math.min(1, thumbEdge / Math.max(width, height));
  const tw = Math.max(1, Math.round(width * t)), th = Math.max(1, Math.round(height * t));
  const small = new OffscreenCanvas(tw, th);
  const ctx = small.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0, tw, th);
  bitmap.close();
  return { blob, width, height, thumb: ctx.getImageData(0, 0, tw, th).data, tw, th };
}
