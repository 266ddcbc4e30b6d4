// Bundles the browser code into dist/web/ (not committed; the service serves it): the ward
// console at /staf, the admin page at /admin, the fund screens at /dana and the offline GraphQL explorer. Names carry a content hash so a browser
// keeps them for long and reloads only what changed; index.html names the current ones.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');

/** One page: its entry, its HTML template and where it goes. */
const PAGES = [
  { name: 'staf', entry: 'web/src/staf/main.tsx', html: 'web/src/staf/index.html' },
  { name: 'admin', entry: 'web/src/admin/main.tsx', html: 'web/src/admin/index.html' },
  { name: 'dana', entry: 'web/src/dana/main.tsx', html: 'web/src/dana/index.html' },
  { name: 'graphiql', entry: 'web/src/graphiql/main.ts', html: 'web/src/graphiql/index.html' },
];

async function bundle(page) {
  const dir = join(out, page.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: page.entry },
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2020', 'chrome80'],
    outdir: dir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => basename(f));
  const js = outputs.find((f) => /^app-.*\.js$/.test(f));
  const css = outputs.find((f) => /^app-.*\.css$/.test(f));
  let html = await readFile(join(root, page.html), 'utf8');
  html = html.replace('%APP_JS%', js).replace('%APP_CSS%', css ?? '');
  await writeFile(join(dir, 'index.html'), html);
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([f]) => !f.endsWith('.map'))
    .reduce((n, [, o]) => n + o.bytes, 0);
  return `${page.name}: ${Math.round(bytes / 1024)} KiB`;
}

const summary = await Promise.all(PAGES.map(bundle));
console.log(`web bundles in dist/web: ${summary.join(', ')}`);
