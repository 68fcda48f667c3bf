import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textAt } from './enumerate-mutants.ts';
import { drawSample, groupNodes, mutantKey, type EnumeratedMutant, type SampleNode } from './mutant-sample.ts';
import { buildReport, type StrykerOutcome } from './oracle-report.ts';
import type { EquivalentMutant } from './equivalent-mutants.ts';

const mutantArbitrary: fc.Arbitrary<EnumeratedMutant> = fc
  .record({
    file: fc.constantFrom('orchestrator/a.ts', 'orchestrator/b.ts', 'orchestrator/routing/c.ts'),
    line: fc.nat(40),
    column: fc.nat(30),
    width: fc.integer({ min: 1, max: 20 }),
    mutator: fc.constantFrom('ConditionalExpression', 'EqualityOperator', 'StringLiteral', 'BlockStatement'),
    replacement: fc.constantFrom('true', 'false', '""', '{}', 'a <= b'),
  })
  .map(({ file, line, column, width, mutator, replacement }) => ({
    file,
    mutator,
    replacement,
    location: { start: { line, column }, end: { line, column: column + width } },
    // The same text at several places, as real code has (`order.id`, `0`, `'PICKUP'`).
    original: `text${(line + column) % 7}`,
  }));

const populationArbitrary = fc.array(mutantArbitrary, { maxLength: 120 });
const count = (nodes: readonly SampleNode[]): number => nodes.reduce((sum, node) => sum + node.mutants.length, 0);

describe('the mutation oracle sample', () => {
  it('groups every mutant into exactly one node of its own code, each with its own stable key', () => {
    fc.assert(
      fc.property(populationArbitrary, (mutants) => {
        const nodes = groupNodes(mutants);
        expect(count(nodes)).toBe(mutants.length);
        expect(new Set(nodes.map((node) => node.stableKey)).size).toBe(nodes.length);
        for (const node of nodes) for (const mutant of node.mutants) expect([mutant.file, mutant.location]).toEqual([node.file, node.location]);
      }),
    );
  });

  it('draws the same nodes for the same seed, at least the requested mutants, and no node more than it needs', () => {
    fc.assert(
      fc.property(populationArbitrary, fc.nat(1000), fc.integer({ min: 1, max: 80 }), (mutants, seed, size) => {
        const nodes = groupNodes(mutants);
        const sample = drawSample(nodes, seed, size);
        expect(drawSample(groupNodes(mutants), seed, size).map((node) => node.stableKey)).toEqual(sample.map((node) => node.stableKey));
        expect(sample.every((node) => nodes.includes(node))).toBe(true);
        if (mutants.length <= size) {
          expect(sample).toEqual(nodes);
        } else {
          expect(count(sample)).toBeGreaterThanOrEqual(size);
          // The last node drawn is the one that reached the size: without some node, the sample is short.
          expect(sample.some((node) => count(sample) - node.mutants.length < size)).toBe(true);
        }
      }),
    );
  });

  it('keeps a drawn node when other nodes leave the population', () => {
    fc.assert(
      fc.property(populationArbitrary, fc.nat(1000), fc.integer({ min: 1, max: 60 }), fc.func(fc.boolean()), (mutants, seed, size, keeps) => {
        const nodes = groupNodes(mutants);
        const drawn = new Set(drawSample(nodes, seed, size).map((node) => node.stableKey));
        const fewer = nodes.filter((node) => drawn.has(node.stableKey) || keeps(node.stableKey));
        const redrawn = new Set(drawSample(fewer, seed, size).map((node) => node.stableKey));
        for (const key of drawn) expect(redrawn.has(key)).toBe(true);
      }),
    );
  });

  it('draws the same code after lines are added above it: ranks come from the text, not the position', () => {
    fc.assert(
      fc.property(populationArbitrary, fc.nat(1000), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), (mutants, seed, size, added) => {
        const shifted = mutants.map((mutant) => ({
          ...mutant,
          location: { start: { ...mutant.location.start, line: mutant.location.start.line + added }, end: { ...mutant.location.end, line: mutant.location.end.line + added } },
        }));
        const keys = (population: EnumeratedMutant[]): string[] => drawSample(groupNodes(population), seed, size).map((node) => node.stableKey);
        expect(keys(shifted)).toEqual(keys(mutants));
      }),
    );
  });

  it('reads the source text a mutant replaces, on one line or across lines', () => {
    const source = 'const a = 1;\nif (a < 2) {\n  go();\n}\n';
    expect(textAt(source, { start: { line: 1, column: 4 }, end: { line: 1, column: 9 } })).toBe('a < 2');
    expect(textAt(source, { start: { line: 1, column: 11 }, end: { line: 3, column: 1 } })).toBe('{\n  go();\n}');
  });
});

describe('the mutation oracle report', () => {
  const mutant = (line: number, mutator: string): EnumeratedMutant => ({
    file: 'orchestrator/x.ts',
    mutator,
    replacement: 'false',
    location: { start: { line, column: 2 }, end: { line, column: 9 } },
    original: 'ok(line)',
  });
  const sample = groupNodes([mutant(0, 'ConditionalExpression'), mutant(1, 'ConditionalExpression'), { ...mutant(2, 'BooleanLiteral'), original: 'label(\n  line)' }, mutant(3, 'BooleanLiteral'), mutant(4, 'BooleanLiteral')]);
  const outcome = (sampled: EnumeratedMutant, status: string, killedBy: string[] = []): StrykerOutcome => ({ ...sampled, status, killedBy });
  const runs = ['baseline seed 1 at 400 orders;', 'recheck: baseline seed 1 at 400 orders;'];
  const input = (outcomes: StrykerOutcome[], equivalents: EquivalentMutant[] = []) => ({ seed: 1, requested: 5, population: { mutants: 9, files: 1, excluded: [] }, sample, outcomes, runs, equivalents, wallMs: 1000 });
  const [a, b, c, d, e] = sample.flatMap((node) => node.mutants) as [EnumeratedMutant, EnumeratedMutant, EnumeratedMutant, EnumeratedMutant, EnumeratedMutant];

  it('scores killed and timed-out mutants over all but errors, lists the survivors and names the run that killed each', () => {
    const report = buildReport(
      input([
        outcome(a, 'Killed', ['test/oracle/gate-runs.oracle.ts#gate runs recheck: baseline seed 1 at 400 orders;']),
        outcome(b, 'Timeout'),
        outcome(c, 'Survived'),
        outcome(d, 'NoCoverage'),
        outcome(e, 'RuntimeError'),
        outcome({ ...a, mutator: 'Extra' }, 'Survived'),
      ]),
    );
    expect([report.sampled, report.killed, report.timedOut, report.survived, report.noCoverage, report.errors, report.score]).toEqual([5, 1, 1, 1, 1, 1, 50]);
    expect(report.survivors.map((survivor) => [survivor.line, survivor.column, survivor.status])).toEqual([
      [3, 3, 'Survived'],
      [4, 3, 'NoCoverage'],
    ]);
    expect(report.killedByRun).toEqual({ [runs[0]!]: 0, [runs[1]!]: 1 });
    expect(report.extraRun).toBe(1);
    expect(report.perFile).toEqual([{ file: 'orchestrator/x.ts', sampled: 5, killed: 1, timedOut: 1, survived: 1, noCoverage: 1, errors: 1, equivalent: 0, score: 50, rawScore: 50 }]);
  });

  it('leaves a survivor declared equivalent out of the score, and keeps it apart with its reason', () => {
    const declared: EquivalentMutant[] = [
      { file: 'orchestrator/x.ts', mutator: 'BooleanLiteral', original: 'label( line)', replacement: c.replacement, line: 3, reason: 'text only' },
      // A killed mutant matching a declaration is still killed: a declaration never hides a kill.
      { file: 'orchestrator/x.ts', mutator: 'ConditionalExpression', original: 'ok(...', replacement: a.replacement, line: 1, reason: 'would hide a kill' },
    ];
    const report = buildReport(input([outcome(a, 'Killed', ['x#baseline seed 1 at 400 orders;']), outcome(b, 'Timeout'), outcome(c, 'Survived'), outcome(d, 'NoCoverage'), outcome(e, 'Survived')], declared));
    expect([report.killed, report.timedOut, report.survived, report.noCoverage, report.equivalent]).toEqual([1, 1, 1, 1, 1]);
    expect([report.score, report.rawScore]).toEqual([50, 40]);
    expect(report.equivalents.map((mutant) => [mutant.line, mutant.equivalent])).toEqual([[3, 'text only']]);
    expect(report.survivors.map((mutant) => mutant.line)).toEqual([4, 5]);
  });

  it('refuses to score when Stryker did not test a sampled mutant', () => {
    expect(() => buildReport(input([outcome(a, 'Killed'), outcome(b, 'Ignored'), outcome(c, 'Survived'), outcome(d, 'Survived')]))).toThrow(/did not test 2 sampled mutant/);
    expect(mutantKey(a)).not.toBe(mutantKey(b));
  });
});
