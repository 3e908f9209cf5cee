// Bundles the console into dist/: one ES module entry, lazily loaded chunks for the HLS and FLV players, the
// stylesheet and the page. Everything the page loads is in dist/ and served by the catalog itself.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const out = 'dist';
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await esbuild.build({
  entryPoints: ['src/main.ts', 'src/console.css'],
  outdir: out,
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  target: ['chrome109', 'firefox115', 'safari16'],
  legalComments: 'linked',
  external: ['*.svg'],
  logLevel: 'warning',
});
for (const file of ['index.html', 'icon.svg']) await copyFile(`src/${file}`, `${out}/${file}`);
