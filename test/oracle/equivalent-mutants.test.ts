import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equivalentFor, flatText, parseEquivalentMutants, readEquivalentMutants } from './equivalent-mutants.ts';

describe('the equivalent mutants docs/invariants.md declares', () => {
  it('reads files, mutators, code spans of any backtick count, lines and reasons', () => {
    const page = [
      '## Equivalent mutants',
      'Some prose.',
      '### `orchestrator/a.ts`',
      "- `StringLiteral` ``'x'`` -> ``\"\"`` at line 4: a name used only through its constant.",
      '- `ConditionalExpression` `` `${a}` === b ...`` -> `true` at line 12: why.',
      '## Next section',
      '- `StringLiteral` `no` -> `yes` at line 1: not in the section.',
    ].join('\n');
    expect(parseEquivalentMutants(page)).toEqual([
      { file: 'orchestrator/a.ts', mutator: 'StringLiteral', original: "'x'", replacement: '""', line: 4, reason: 'a name used only through its constant.' },
      { file: 'orchestrator/a.ts', mutator: 'ConditionalExpression', original: '`${a}` === b ...', replacement: 'true', line: 12, reason: 'why.' },
    ]);
    expect(() => parseEquivalentMutants('## Equivalent mutants\n### `f.ts`\n- `StringLiteral` `x` -> `y`: no line')).toThrow(/line 3: expected/);
  });

  it('matches a mutant by file, line, mutator, replacement and original (whole, or up to a trailing ...)', () => {
    const declared = parseEquivalentMutants('## Equivalent mutants\n### `f.ts`\n- `ConditionalExpression` `a && b` -> `true` at line 3: x\n- `ConditionalExpression` `c === ...` -> `false` at line 9: y');
    const mutant = { file: 'f.ts', line: 3, mutator: 'ConditionalExpression', original: 'a &&\n   b', replacement: 'true' };
    expect(equivalentFor(mutant, declared)?.reason).toBe('x');
    expect(equivalentFor({ ...mutant, line: 9, original: 'c === d && e', replacement: 'false' }, declared)?.reason).toBe('y');
    // The same text elsewhere in the file is another mutant, often not equivalent.
    expect(equivalentFor({ ...mutant, line: 4 }, declared)).toBeUndefined();
    expect(equivalentFor({ ...mutant, replacement: 'false' }, declared)).toBeUndefined();
    expect(equivalentFor({ ...mutant, file: 'g.ts' }, declared)).toBeUndefined();
  });

  it('declares only code that is still where it says: each original starts on its line', () => {
    for (const entry of readEquivalentMutants('docs/invariants.md')) {
      const lines = readFileSync(entry.file, 'utf8').split('\n');
      const fromLine = flatText(lines.slice(entry.line - 1).join('\n'));
      const text = entry.original.endsWith('...') ? entry.original.slice(0, -3) : entry.original;
      const at = fromLine.indexOf(flatText(text));
      expect(at >= 0 && at < flatText(lines[entry.line - 1] ?? '').length, `${entry.file}:${entry.line}: ${entry.original}`).toBe(true);
    }
  });
});
