// `npm run build`: compile src/ to dist/ (ES modules, .d.ts, source maps with
// the sources inlined, so the tarball needs no src/). tsc rewrites `./x.ts`
// imports to `./x.js` in JavaScript but not in declarations; a user's tsc
// rejects `.ts` paths there (TS5097), so they are rewritten here as well.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] }); // stdout stays clean for `npm pack --json`

const relativeTs = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.([mc]?)ts(['"])/g;
let rewritten = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.d\.[mc]?ts$/.test(entry.name)) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(relativeTs, (_, head, path, m, tail) => `${head}${path}.${m}js${tail}`);
  if (fixed !== text) writeFileSync(file, fixed), rewritten++;
}
process.stderr.write(`optspec build: dist/ written, .ts import paths rewritten in ${rewritten} declaration files\n`);
