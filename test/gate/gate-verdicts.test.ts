import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { gateStatusOf } from '../../sim/gate/run-job.node.ts';
import { withDefaults, type GateReport } from '../../sim/gate/gate-report.ts';
import { renderJunit } from '../../sim/gate/junit.ts';
import { renderMarkdown } from '../../sim/gate/markdown-report.ts';
import { mergeReports } from '../../sim/gate/merge-reports.ts';
import { summaryLines } from '../../sim/cli/gate-output.ts';
import { outcome, parked, report } from './gate-fixtures.ts';

const XSD = readFileSync(fileURLToPath(new URL('../fixtures/junit-10.xsd', import.meta.url)), 'utf8');

async function validate(xml: string): Promise<readonly string[]> {
  const result = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

const BUDGET_DETAIL = "12 orders (12.0 %) ended parked on the exception queue (UNROUTABLE 12); the scenario's parking budget: 1/10 of orders, 10 here";

/** store-outage over three seeds (two held, one over its budget) and a closed baseline run. */
function storeOutage(): GateReport {
  return report([
    outcome('store-outage', 1, 'pass', { runVerdict: 'held', parked: parked({ UNROUTABLE: 4, LOST_ACK: 2 }, [1, 10], 100) }),
    outcome('store-outage', 2, 'pass', { runVerdict: 'held', parked: parked({ UNROUTABLE: 9 }, [1, 10], 100) }),
    outcome('store-outage', 3, 'fail', {
      runVerdict: 'failed',
      parked: parked({ UNROUTABLE: 12 }, [1, 10], 100),
      violations: [{ invariant: 'exceptions.parking-within-budget', orderId: '', detail: BUDGET_DETAIL, firstBadEvent: null, replay: 'npx converge run --scenario store-outage --seed 3' }],
    }),
    outcome('baseline', 1, 'pass'),
  ]);
}

describe('the gate status comes from the run verdict', () => {
  it('closed and held pass, failed fails, vacuous only outside regression incidents', () => {
    expect(gateStatusOf({ verdict: 'closed', vacuous: [] }, {})).toBe('pass');
    expect(gateStatusOf({ verdict: 'held', vacuous: [] }, {})).toBe('pass');
    expect(gateStatusOf({ verdict: 'failed', vacuous: [] }, {})).toBe('fail');
    expect(gateStatusOf({ verdict: 'held', vacuous: ['pos.offline.hang'] }, {})).toBe('vacuous');
    expect(gateStatusOf({ verdict: 'failed', vacuous: ['pos.offline.hang'] }, {})).toBe('fail');
    expect(gateStatusOf({ verdict: 'held', vacuous: ['pos.offline.hang'] }, { incidentPath: 'scenarios/incidents/x.json' })).toBe('pass');
  });
});

describe('gate JUnit: the verdict and parked orders beside the budget', () => {
  it('is valid against the schema with a held run, whose system-out names the verdict, the parked orders by category and the budget', async () => {
    const xml = renderJunit(storeOutage());
    expect(await validate(xml)).toEqual([]);
    expect(xml).toContain('<testsuite name="store-outage" tests="3" failures="1" errors="0"');
    expect(xml).toContain('<system-out>verdict: HELD; parked 6 orders (6.0 %): UNROUTABLE 4, LOST_ACK 2; budget 1/10 of orders, 10 here\n');
    expect(xml).toContain('<system-out>verdict: CLOSED; parked none; budget none allowed\n');
  });

  it('names the budget in the failure message of a run over it', async () => {
    const xml = renderJunit(storeOutage());
    expect(xml).toContain(`<failure type="exceptions.parking-within-budget" message="exceptions.parking-within-budget order -: ${BUDGET_DETAIL.replace(/'/g, '&apos;')}">`);
    expect(xml).toContain('verdict: FAILED; parked 12 orders (12.0 %): UNROUTABLE 12; budget 1/10 of orders, 10 here (OVER BUDGET)');
    // When another violation comes first, the message still names the budget.
    const other = report([outcome('store-outage', 4, 'fail', { runVerdict: 'failed', parked: parked({ UNROUTABLE: 12 }, [1, 10], 100) })]);
    const xml2 = renderJunit(other);
    expect(await validate(xml2)).toEqual([]);
    expect(xml2).toContain('message="hold-uniqueness order O-1: two live holds; also over the parking budget: 12 orders (12.0 %) parked, budget 1/10 of orders, 10 here"');
  });

  it('says "none (crashed)" for a crashed run, and VACUOUS before the verdict of a vacuous one', async () => {
    const xml = renderJunit(report([outcome('baseline', 1, 'error'), outcome('baseline', 2, 'vacuous', { runVerdict: 'held', parked: parked({ LOST_ACK: 1 }, [1, 10], 100) })]));
    expect(await validate(xml)).toEqual([]);
    expect(xml).toContain('verdict: none (crashed)');
    expect(xml).toContain('verdict: VACUOUS HELD; parked 1 order (1.0 %): LOST_ACK 1; budget 1/10 of orders, 10 here');
  });
});

describe('gate markdown and stdout: verdicts and parked orders per scenario beside the budget', () => {
  it('has a section with the verdicts, parked orders summed over seeds by category, the worst seed and the budget', () => {
    const md = renderMarkdown(storeOutage());
    expect(md).toContain('## Verdicts and parked orders');
    expect(md).toContain('| scenario | verdicts | parked orders (sum over seeds, by category) | worst seed | parking budget |');
    expect(md).toContain('| store-outage | CLOSED 0, HELD 2, FAILED 1 | 27: UNROUTABLE 25, LOST_ACK 2 | 12 orders (12.0 %), store-outage#3 | 1/10 of orders (10 per run); 1 run(s) OVER BUDGET |');
    expect(md).toContain('| baseline | CLOSED 1, HELD 0, FAILED 0 | 0 | - | none allowed |');
    expect(md).toContain('Verdict: FAILED; parked 12 orders (12.0 %): UNROUTABLE 12; budget 1/10 of orders, 10 here (OVER BUDGET).');
  });

  it('stdout counts the verdicts and gives each failing run its verdict', () => {
    const lines = summaryLines(storeOutage());
    expect(lines[0]).toMatch(/^converge gate: FAILED: 4 run\(s\), 3 passed \(verdicts: 1 closed, 2 held, 1 failed\)/);
    expect(lines).toContain('    verdict: FAILED; parked 12 orders (12.0 %): UNROUTABLE 12; budget 1/10 of orders, 10 here (OVER BUDGET)');
  });
});

describe('gate JSON report: verdict and parked per run, through merge-reports', () => {
  const shard = (index: number, runs: GateReport['candidate']): GateReport => {
    const r = report(runs);
    return { ...r, settings: { ...r.settings, scenarios: ['store-outage'], shard: { index, count: 2 } } };
  };

  it('carries runVerdict, orders and parked through a merge', () => {
    const all = storeOutage().candidate.filter((run) => run.scenario === 'store-outage');
    const merged = mergeReports([shard(2, [all[1]!]), shard(1, [all[0]!, all[2]!])], {});
    expect(merged.candidate.map((run) => [run.job.id, run.runVerdict, run.parked?.orders, run.orders])).toEqual([
      ['store-outage#1', 'held', 6, 100],
      ['store-outage#2', 'held', 9, 100],
      ['store-outage#3', 'failed', 12, 100],
    ]);
    expect(JSON.parse(JSON.stringify(merged)).candidate[0].parked).toEqual(parked({ UNROUTABLE: 4, LOST_ACK: 2 }, [1, 10], 100));
  });

  it('reads a report written before run verdicts: the fields read as not recorded, and it still merges and renders', async () => {
    const old = (report: GateReport): GateReport => {
      const strip = (run: GateReport['candidate'][number]) => {
        const { runVerdict: _v, orders: _o, parked: _p, ...rest } = run;
        return rest;
      };
      return JSON.parse(JSON.stringify({ ...report, candidate: report.candidate.map(strip) })) as GateReport;
    };
    const runs = [outcome('store-outage', 1, 'pass'), outcome('store-outage', 2, 'pass')];
    const merged = mergeReports([withDefaults(old(shard(1, [runs[0]!]))), withDefaults(old(shard(2, [runs[1]!])))], {});
    expect(merged.passed).toBe(true);
    expect(merged.candidate.map((run) => [run.runVerdict, run.parked, run.orders])).toEqual([
      [null, null, 100],
      [null, null, 100],
    ]);
    const md = renderMarkdown(merged);
    expect(md).toContain('| store-outage | CLOSED 0, HELD 0, FAILED 0, no verdict 2 | not recorded | - | not recorded |');
    const xml = renderJunit(merged);
    expect(await validate(xml)).toEqual([]);
    expect(xml).toContain('verdict: not recorded (a report written before run verdicts)');
  });
});
