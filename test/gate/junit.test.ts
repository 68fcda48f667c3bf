import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderJunit } from '../../sim/gate/junit.ts';
import { outcome, report, violation } from './gate-fixtures.ts';

/** The JUnit dialect CI servers read (from the Jenkins xUnit plugin, MIT). */
const XSD = readFileSync(fileURLToPath(new URL('../fixtures/junit-10.xsd', import.meta.url)), 'utf8');

async function validate(xml: string): Promise<readonly string[]> {
  const result = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

describe('gate JUnit output', () => {
  it('is valid against the JUnit schema, with one testcase per scenario × seed and a failure per run that did not hold', async () => {
    const xml = renderJunit(
      report(
        [outcome('baseline', 1, 'pass'), outcome('baseline', 2, 'fail'), outcome('pos-timeouts', 1, 'vacuous'), outcome('pos-timeouts', 2, 'error')],
        { incidents: { 'candidate:baseline#2': '.converge/incidents/candidate-baseline-seed-2.json' } },
      ),
    );
    expect(await validate(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)?.length).toBe(5); // four runs and the determinism check
    expect(xml).toContain('<testsuite name="baseline" tests="2" failures="1" errors="0"');
    expect(xml).toContain('<testsuite name="pos-timeouts" tests="2" failures="1" errors="1"');
    expect(xml).toContain('<failure type="hold-uniqueness" message="hold-uniqueness order O-1: two live holds">');
    expect(xml).toContain('replay: npx converge run --scenario baseline --seed 2');
    expect(xml).toContain('incident: .converge/incidents/candidate-baseline-seed-2.json');
    expect(xml).toContain('<failure type="vacuous" message="vacuous: planned fault(s) never fired: pos.ghostSuccess">');
    expect(xml).toContain('<error type="crash" message="TypeError: boom">');
  });

  it('stays valid XML whatever text a violation, a scenario name or a crash carries', async () => {
    // Many texts per report: the schema check (wasm xmllint) costs far more than rendering.
    const texts = fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })), { minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(texts, async (pairs) => {
        const runs = pairs.flatMap(([detail, scenario], seed) => [
          outcome(scenario, seed, 'fail', { violations: [violation('stock', 'O-<&>', detail)] }),
          outcome(scenario, seed, 'error', { error: detail }),
        ]);
        expect(await validate(renderJunit(report(runs)))).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });

  it('reports a determinism mismatch and a differential regression as failures of their own suites', async () => {
    const base = report([outcome('baseline', 1, 'pass')], {
      determinism: { checked: 1, mismatches: [{ id: 'baseline#1', role: 'candidate', firstHash: 'aaa', againHash: 'bbb', replay: 'npx converge run --scenario baseline --seed 1' }] },
      differential: { candidate: 'cand@2', baseline: 'base@1', newBreaks: [], metrics: [], regressions: ['baseline: reservationSuccessRate 99.00% -> 90.00%, worse by more than the threshold 0.01'] },
    });
    const xml = renderJunit(base);
    expect(await validate(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="determinism" tests="1" failures="1"/);
    expect(xml).toContain('baseline#1 (candidate): aaa then bbb');
    expect(xml).toMatch(/<testsuite name="differential" tests="1" failures="1"/);
    expect(xml).toContain('reservationSuccessRate 99.00% -&gt; 90.00%');
  });

  it('carries the contract checks as a suite of their own, failing the gate when they fail', async () => {
    const failed = report([outcome('baseline', 1, 'pass')], { contracts: { passed: false, wallMs: 20_000, tail: 'pos.consumer.test.ts: pact differs from contracts/pacts/ <line 12>' } });
    expect(failed.passed).toBe(false);
    expect(failed.reasons).toEqual(['the Pact contract checks failed (npm run contracts): an adapter and a fake disagree, or a pact changed without review']);
    const xml = renderJunit(failed);
    expect(await validate(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="contracts" tests="1" failures="1" errors="0" skipped="0" time="20.000">/);
    expect(xml).toContain('pact differs from contracts/pacts/ &lt;line 12&gt;');
    expect(report([outcome('baseline', 1, 'pass')], { contracts: { passed: true, wallMs: 1, tail: '' } }).passed).toBe(true);
  });
});
