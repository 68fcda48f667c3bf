import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equivalentFor, flatText, parseEquivalentMutants, readEquivalentMutants } from './equivalent-mutants.ts';

describe('the equivalent mutants docs/invariants.md declares', () => {
  it('reads files, mutators, code spans of any backtick count and reasons', () => {
    const page = [
      '## Equivalent mutants',
      'Some prose.',
      '### `orchestrator/a.ts`',
      "- `StringLiteral` ``'x'`` -> ``\"\"``: a name used only through its constant.",
      '- `ConditionalExpression` `` `${a}` === b ...`` -> `true`: why.',
      '## Next section',
      '- `StringLiteral` `no` -> `yes`: not in the section.',
    ].join('\n');
    expect(parseEquivalentMutants(page)).toEqual([
      { file: 'orchestrator/a.ts', mutator: 'StringLiteral', original: "'x'", replacement: '""', reason: 'a name used only through its constant.' },
      { file: 'orchestrator/a.ts', mutator: 'ConditionalExpression', original: '`${a}` === b ...', replacement: 'true', reason: 'why.' },
    ]);
    expect(() => parseEquivalentMutants('## Equivalent mutants\n### `f.ts`\n- `StringLiteral` no code -> `x`: y')).toThrow(/line 3: expected/);
  });

  it('matches a mutant by file, mutator, replacement and original (whole, or up to a trailing ...)', () => {
    const declared = parseEquivalentMutants('## Equivalent mutants\n### `f.ts`\n- `ConditionalExpression` `a &&\n b` -> `true`: x\n- `ConditionalExpression` `c === ...` -> `false`: y'.replace('\n b', ' b'));
    expect(equivalentFor({ file: 'f.ts', mutator: 'ConditionalExpression', original: 'a &&\n   b', replacement: 'true' }, declared)?.reason).toBe('x');
    expect(equivalentFor({ file: 'f.ts', mutator: 'ConditionalExpression', original: 'c === d && e', replacement: 'false' }, declared)?.reason).toBe('y');
    expect(equivalentFor({ file: 'f.ts', mutator: 'ConditionalExpression', original: 'a && b', replacement: 'false' }, declared)).toBeUndefined();
    expect(equivalentFor({ file: 'g.ts', mutator: 'ConditionalExpression', original: 'a && b', replacement: 'true' }, declared)).toBeUndefined();
  });

  it('declares only code that is still there: each original is in its file', () => {
    for (const entry of readEquivalentMutants('docs/invariants.md')) {
      const source = flatText(readFileSync(entry.file, 'utf8'));
      const text = entry.original.endsWith('...') ? entry.original.slice(0, -3) : entry.original;
      expect(source.includes(text), `${entry.file}: ${entry.original}`).toBe(true);
    }
  });
});
