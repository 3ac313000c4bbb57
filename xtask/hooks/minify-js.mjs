// Trunk post_build hook (release builds): minifies the wasm-bindgen glue and its snippets, which
// Trunk's own minifier leaves whole (it stops at the glue's semicolon-less `import` lines), and
// rewrites the page's integrity hashes to match. About 1.7 KiB brotli less on every first page.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run through trunk build');

const here = dirname(fileURLToPath(import.meta.url));
const { minify } = createRequire(join(here, '../../tests/e2e/package.json'))('terser');
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

/** Every .js file under `dir`. */
function scripts(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

const page = join(staging, 'index.html');
let html = readFileSync(page, 'utf8');
// The service worker stays as written: the server stamps its BUILD line (see public/sw.js), and
// it is fetched after the page has loaded, not as part of it.
for (const path of scripts(staging).filter((p) => !p.endsWith('/sw.js'))) {
  const before = readFileSync(path);
  const { code } = await minify(before.toString('utf8'), { module: true, compress: { passes: 2 }, mangle: true });
  const after = Buffer.from(code, 'utf8');
  writeFileSync(path, after);
  const old = sri(before);
  if (html.includes(old)) html = html.replaceAll(old, sri(after));
  console.log(`minified ${path.slice(staging.length + 1)}: ${before.length} → ${after.length} bytes`);
}
writeFileSync(page, html);
