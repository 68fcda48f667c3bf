import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = 'orchestrator/plugin-api.ts';

/**
 * Every repository file the plugin API's entry reaches through relative `import`/`export ... from`
 * (type-only ones included: a type's declaration is where an author reads it). Package imports are
 * not followed: they are not Converge's files.
 */
function reachedFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
      const target = match[1];
      if (target !== undefined) visit(relative(ROOT, resolve(ROOT, dirname(file), target)));
    }
  };
  visit(entry);
  return [...seen].sort();
}

describe('docs/plugins.md: where the plugin API types live', () => {
  it('lists exactly the files orchestrator/plugin-api.ts reaches', () => {
    const docs = readFileSync(join(ROOT, 'docs/plugins.md'), 'utf8');
    const table = docs.slice(docs.indexOf('| file | what it holds |'), docs.indexOf('A plugin needs no code from Converge'));
    const listed = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
    const reached = reachedFiles(ENTRY);
    expect(reached).toContain('orchestrator/ports.ts');
    expect(listed).toEqual(reached);
  });

  it('is the entry package.json exports as converge/plugin, compiled with its types', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(manifest.exports['./plugin']).toEqual({ types: './dist/orchestrator/plugin-api.d.ts', default: './dist/orchestrator/plugin-api.js' });
  });
});
