// Compiles src/ to plain JavaScript in dist/src/ for `npm start` (the bot then runs without tsx: no loader
// thread, no esbuild helper process, about 50 MB less at the peak). Each file is transpiled on its own (no
// bundle), so every `new URL(…, import.meta.url)` still finds its neighbour: the JSON parameter files and
// the encoder's .mjs files are copied beside the output, and dist/assets points at assets/ (GloVe).
// Plain JavaScript so that it runs before anything is compiled; `npm start` runs it first (prestart).
import { build } from 'esbuild';
import { cp, mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.join(root, 'dist');

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

// Built beside dist/ and swapped in at the end, so a bot already running from dist/ (another shard
// manager, a worker it restarts) never reads a half-written tree.
const next = `${out}.${process.pid}`;
await rm(next, { recursive: true, force: true });
const files = await filesUnder(src);
await build({
  entryPoints: files.filter((file) => file.endsWith('.ts')).map((file) => path.join(src, file)),
  outdir: path.join(next, 'src'),
  outbase: src,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  logLevel: 'warning',
});
for (const file of files.filter((f) => f.endsWith('.json') || f.endsWith('.mjs'))) {
  await mkdir(path.dirname(path.join(next, 'src', file)), { recursive: true });
  await cp(path.join(src, file), path.join(next, 'src', file));
}
await symlink(path.join('..', 'assets'), path.join(next, 'assets'), 'dir');
await rm(out, { recursive: true, force: true });
await rename(next, out);
