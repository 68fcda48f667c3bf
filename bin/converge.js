#!/usr/bin/env node
// Runs the compiled CLI (dist/, built on install and on pack). In a clone whose TypeScript
// sources changed since the last build, or with CONVERGE_FROM_SOURCE=1, it runs the sources
// through tsx instead, so an edit is never shadowed by stale JavaScript.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A reader that stops early (`converge scenarios | head`) closes the pipe: that is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const at = (path) => fileURLToPath(new URL(path, import.meta.url));
const compiled = at('../dist/sim/cli/main.js');
const builtAt = at('../dist/.tsbuildinfo');
const SOURCE_FOLDERS = ['../sim', '../orchestrator', '../legacy-fakes'].map(at);

/** Whether any TypeScript source is newer than the last build (a walk of a few hundred files' times). */
function sourcesNewerThan(ms) {
  for (const folder of SOURCE_FOLDERS) {
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.tsx?$/.test(entry.name) && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > ms) return true;
    }
  }
  return false;
}

function fromSources() {
  if (!existsSync(at('../sim/cli/main.ts'))) return false;
  if (process.env.CONVERGE_FROM_SOURCE === '1' || !existsSync(compiled) || !existsSync(builtAt)) return true;
  return sourcesNewerThan(statSync(builtAt).mtimeMs);
}

let main;
if (fromSources()) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../sim/cli/main.ts'));
} else {
  ({ main } = await import('../dist/sim/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
