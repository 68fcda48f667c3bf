// `npm run build` (also run on install from a clone, by `prepare`, and on pack): compiles the
// TypeScript to dist/ as JavaScript with declarations, then points the declarations' relative
// imports at the .js files beside them. tsc rewrites `./x.ts` to `./x.js` in the JavaScript only;
// a consumer's tsc (module nodenext) refuses a `.ts` path inside a package's .d.ts (TS5097).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

const RELATIVE_TS = /(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]*?)\.(m|c)?tsx?\2/g;
let rewritten = 0;
for (const entry of readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const path = join(entry.parentPath, entry.name);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replace(RELATIVE_TS, (_match, lead, quote, stem, flavour) => `${lead}${quote}${stem}.${flavour ?? ''}js${quote}`);
  if (fixed !== text) {
    writeFileSync(path, fixed);
    rewritten++;
  }
}
// bin/converge.js runs dist/ only when it is newer than every source: a build that had nothing
// to emit still marks it current.
const now = new Date();
utimesSync(join(root, 'dist', '.tsbuildinfo'), now, now);
process.stdout.write(`converge: built dist/ (${rewritten} declaration files' imports pointed at .js)\n`);
