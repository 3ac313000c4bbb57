// Trunk post_build hook (release builds). It brings in a bundle's split-off wasm modules (see
// xtask/split/wasm-bindgen), named by their content, with their loader, which the page preloads
// as it does the glue; it minifies the wasm-bindgen glue and its snippets, which Trunk's own
// minifier leaves whole (it stops at the glue's semicolon-less `import` lines: about 1.7 KiB
// brotli less on every first page); it rewrites the page's integrity hashes to match; and it puts
// the page's stylesheets in the page (see `inlineStyles`).
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/** Trunk's way of naming a file by its content. */
const hashed = (name, bytes) => {
  const dot = name.lastIndexOf('.');
  const hex = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return `${name.slice(0, dot)}-${hex}${name.slice(dot)}`;
};

/** The split-off modules the wasm-bindgen shim left for this bundle, if any: copied into
 *  `split/` under content names, the loader's and the glue's imports pointed at them, and the
 *  loader preloaded with the page (the glue imports it at once; without the preload it would
 *  come a round trip later). The modules themselves come when the page first asks for them. */
function bringSplitModules() {
  // Trunk names the glue `<bin>-<hash>.js`, the hash a u64 in hex without leading zeros (so 16
  // digits or fewer: `nop_ho_so-cbeb0baec274ba8.js` has 15).
  const named = readdirSync(staging).map((f) => f.match(/^([a-z0-9_]+)-[0-9a-f]{8,16}\.js$/)).find(Boolean);
  const glue = named?.[0];
  const bin = named?.[1];
  const waiting = process.env.MOTCUA_SPLIT_DIR && bin && join(process.env.MOTCUA_SPLIT_DIR, bin);
  if (!waiting || !existsSync(waiting)) return;
  const out = join(staging, 'split');
  mkdirSync(out, { recursive: true });
  let loader = readFileSync(join(waiting, '__wasm_split.js'), 'utf8');
  const own = `from "./${bin}.js"`;
  if (!loader.includes(own)) throw new Error(`the split loader does not import ./${bin}.js`);
  loader = loader.replace(own, `from "../${glue}"`);
  for (const module of readdirSync(waiting).filter((f) => f.endsWith('.wasm'))) {
    const bytes = readFileSync(join(waiting, module));
    const name = hashed(module, bytes);
    writeFileSync(join(out, name), bytes);
    loader = loader.replaceAll(`"./${module}"`, `"./${name}"`);
    console.log(`split module ${module} → split/${name}: ${bytes.length} bytes`);
  }
  const loaderName = hashed('__wasm_split.js', loader);
  writeFileSync(join(out, loaderName), loader);

  const gluePath = join(staging, glue);
  const before = readFileSync(gluePath);
  // The import line only: the wasm's imports object keeps "./__wasm_split.js" as its key.
  const after = before.toString('utf8').replaceAll('from "./__wasm_split.js"', `from "./split/${loaderName}"`);
  if (after === before.toString('utf8')) throw new Error(`${glue} does not import ./__wasm_split.js`);
  writeFileSync(gluePath, after);
  const [glueSri, loaderSri] = [sri(Buffer.from(after, 'utf8')), sri(Buffer.from(loader, 'utf8'))];
  html = html.replaceAll(sri(before), glueSri);

  // The glue's own preload tag, copied for the loader.
  const tag = html.match(/<link[^>]*>/g)?.find((t) => t.includes(glue) && t.includes('modulepreload'));
  if (!tag) throw new Error(`no modulepreload of ${glue} in the page`);
  const end = html.indexOf(tag) + tag.length;
  const preload = tag.replace(glue, `split/${loaderName}`).replace(glueSri, loaderSri);
  if (!preload.includes(loaderSri)) throw new Error(`cannot copy the preload of ${glue}: ${tag}`);
  html = html.slice(0, end) + preload + html.slice(end);
}
/** The page's stylesheets (the frame's, 3 to 4 KiB brotli), put in the page as `<style>`, their
 *  files dropped. So the first paint waits for the page alone: over HTTP/2 a stylesheet shares
 *  the one connection with the wasm, and a server that does not order its answers by priority
 *  (hyper does not) can send it behind the wasm, after about a second on a slow link. The server
 *  hashes each `<style>` into the Content-Security-Policy, as it does the inline scripts. */
function inlineStyles() {
  const tags = html.match(/<link[^>]*>/g)?.filter((t) => /rel="?stylesheet/.test(t)) ?? [];
  if (!tags.length) throw new Error('no stylesheet in the page');
  let css = '';
  for (const tag of tags) {
    const href = tag.match(/href="?([^"\s>]+)/)?.[1];
    const file = href && join(staging, basename(href));
    if (!file || !existsSync(file)) throw new Error(`the page's stylesheet ${href} is not in the build`);
    css += readFileSync(file, 'utf8');
    rmSync(file);
  }
  if (css.includes('</')) throw new Error('a stylesheet holds "</", which would end its <style> early');
  const at = html.indexOf(tags[0]);
  for (const tag of tags) html = html.replace(tag, '');
  html = `${html.slice(0, at)}<style>${css}</style>${html.slice(at)}`;
  console.log(`stylesheets in the page: ${tags.length}, ${css.length} bytes`);
}
bringSplitModules();
inlineStyles();
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
