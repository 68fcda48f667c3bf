import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../sim/gate/gate-report.ts';
import { renderGateHtml } from '../../sim/report/html/gate-html.ts';
import { renderRunHtml } from '../../sim/report/html/run-report.ts';
import { fixtureModel } from '../dashboard/fixture.ts';
import { metrics, outcome, parked, report } from '../gate/gate-fixtures.ts';
import { runResult } from '../cli/run-result-fixture.ts';

/** Nothing in the page may load from, or point to, anywhere else. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/\bsrc\s*=/i);
  expect(html).not.toMatch(/<link\b/i);
  expect(html).not.toMatch(/@import|url\(/i);
  expect(html).not.toMatch(/\/\/[a-z0-9-]+\.[a-z]/i);
}

function chartPoints(html: string, id: string): number {
  const match = new RegExp(`data-chart="${id}" data-points="(\\d+)"`).exec(html);
  expect(match, `chart ${id}`).not.toBeNull();
  return Number(match?.[1]);
}

function runHtml(): string {
  const model = fixtureModel();
  model.addFinding({ invariant: 'hold-uniqueness', orderId: 'web-1', detail: 'two live holds', firstBadEvent: { index: 7, atMs: 1_020, kind: 'pos.hold.created' } });
  model.finish();
  return renderRunHtml(model.report());
}

describe('the HTML run report', () => {
  it('has every section, each plot carrying data', () => {
    const html = runHtml();
    for (const id of ['summary', 'metrics', 'drift', 'states', 'latency', 'exceptions', 'timelines', 'violations', 'faults', 'queues']) expect(html).toContain(`<section id="${id}">`);
    for (const chart of ['drift', 'fo-states', 'lead-time', 'time-to-acknowledge', 'exceptions-by-tier', 'oldest-exception', 'exception-resolution']) expect(chartPoints(html, chart)).toBeGreaterThan(0);
    expect(html).toContain('<polygon'); // stacked areas were drawn
    expect(html).toContain('<rect'); // histogram bars
  });

  it('shows the run\'s data: drift categories, states, timelines with faults marked, violations with replay', () => {
    const html = runHtml();
    expect(html).toContain('SYSTEM_UNREACHABLE');
    expect(html).toContain('wms-ship-unconfirmed');
    expect(html).toContain('ACKNOWLEDGED');
    expect(html).toContain('data-order="web-1"');
    expect(html).toContain('data-order="web-2"');
    expect(html).toMatch(/<circle[^>]*fill="#cf222e" data-fault="1"><title>#8 [^<]*pos.quirk.ghost_success/);
    expect(html).toContain('hold-uniqueness');
    expect(html).toContain('npx converge run --scenario fixture-scenario --seed 42');
    expect(html).toContain('2026-11-02 06:00:00 UTC');
  });

  it('is self-contained: no URL, no external asset (base URLs in the data lose their scheme)', () => {
    const html = runHtml();
    expectSelfContained(html);
    expect(html).toContain('pos-s1.stores.local');
  });

  it('escapes what the trace says', () => {
    const model = fixtureModel();
    model.addFinding({ invariant: '<script>alert(1)</script>', orderId: 'web-1', detail: 'x', firstBadEvent: null });
    model.finish();
    const html = renderRunHtml(model.report());
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

function gateReport(): GateReport {
  const candidate = [outcome('baseline', 1, 'pass'), outcome('baseline', 2, 'pass'), outcome('pos-timeouts', 1, 'fail', { violationCount: 3, metrics: metrics({ reservationSuccessRate: 0.96 }) }), outcome('pos-timeouts', 2, 'vacuous')];
  return report(candidate, { incidents: { 'candidate:pos-timeouts#1': '.converge/incidents/pos-timeouts-1-abc.json' } });
}

describe('the HTML gate report', () => {
  it('shows the verdict, per-scenario tables and the failing runs with replay commands and incidents', () => {
    const html = renderGateHtml(gateReport());
    for (const id of ['summary', 'scenarios', 'failing']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('FAILED');
    expect(html).toContain('1 run(s) failed: an invariant broke (an unjustified or over-budget parking among them) or the world did not settle');
    expect(chartPoints(html, 'verdicts')).toBe(4);
    expect(html).toMatch(/<td>baseline<\/td><td class="num">2<\/td><td class="num">2<\/td>/);
    expect(html).toContain('98.00%'); // reservationSuccessRate of pos-timeouts: the mean of 96% and 100%
    expect(html).toContain('npx converge run --scenario pos-timeouts --seed 1');
    expect(html).toContain('hold-uniqueness O-1: two live holds');
    expect(html).toContain('... 2 more');
    expect(html).toContain('never fired: pos.ghostSuccess');
    expect(html).toContain('npx converge replay .converge/incidents/pos-timeouts-1-abc.json');
    expect(html).not.toContain('baseline#1'); // passing runs are not listed as failing
    // Column headers are for people: words and units, no camelCase keys.
    const headers = [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((match) => match[1] ?? '');
    expect(headers).toContain('holds granted (%)');
    expect(headers).toContain('time to acknowledge, p95 (min)');
    expect(headers.filter((header) => /[a-z][A-Z]/.test(header))).toEqual([]);
    expectSelfContained(html);
  });
});

describe('the HTML run report: the verdict and the parked orders beside the budget', () => {
  function finished(result?: ReturnType<typeof runResult>): string {
    const model = fixtureModel();
    model.finish(result);
    return renderRunHtml(model.report());
  }

  it('held: HELD instead of CONVERGED, and a table of parked orders by category beside the budget', () => {
    const html = finished(runResult('held'));
    expect(html).toContain('<span class="warn" data-verdict="held">HELD</span>');
    expect(html).not.toMatch(/CONVERGED|CLOSED/);
    expect(html).toContain('<section id="parked">');
    expect(html).toContain('6 orders (0.5 %) ended parked on the exception queue: UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here: <span class="ok">within budget</span>');
    expect(html).toContain('<tr><td>UNROUTABLE</td><td class="num">4</td><td>-</td></tr><tr><td>LOST_ACK</td><td class="num">2</td><td>-</td></tr>');
    expect(html).toContain('<tr><td><b>all parked orders</b></td><td class="num"><b>6</b></td><td>1/200 of orders, 6 here</td></tr>');
    expectSelfContained(html);
  });

  it('closed: CLOSED; failed over budget: FAILED and OVER BUDGET; vacuous: VACUOUS before the verdict', () => {
    expect(finished(runResult('closed'))).toContain('<span class="ok" data-verdict="closed">CLOSED</span>: every order closed');
    const failed = finished(runResult('failed', { byCategory: { UNROUTABLE: 42 } }));
    expect(failed).toContain('<span class="bad" data-verdict="failed">FAILED</span>');
    expect(failed).toContain('<span class="bad">OVER BUDGET</span>');
    expect(finished(runResult('held', { vacuous: true }))).toMatch(/<span class="warn" data-vacuous="1">VACUOUS<\/span>[^<]*<span class="warn" data-verdict="held">HELD<\/span>/);
  });

  it('a trace file has no verdict and no parked table', () => {
    const html = finished();
    expect(html).toContain('no verdict (a trace file)');
    expect(html).not.toContain('<section id="parked">');
  });
});

describe('the HTML gate report: verdicts and parked orders per scenario beside the budget', () => {
  it('sums parked orders over seeds by category, names the worst seed and the budget', () => {
    const candidate = [
      outcome('store-outage', 1, 'pass', { runVerdict: 'held', parked: parked({ UNROUTABLE: 4, LOST_ACK: 2 }, [1, 10], 100) }),
      outcome('store-outage', 2, 'pass', { runVerdict: 'held', parked: parked({ UNROUTABLE: 9 }, [1, 10], 100) }),
      outcome('store-outage', 3, 'fail', { runVerdict: 'failed', parked: parked({ UNROUTABLE: 12 }, [1, 10], 100) }),
      outcome('baseline', 1, 'pass'),
    ];
    const html = renderGateHtml(report(candidate));
    expect(html).toContain('<section id="parked">');
    expect(html).toContain('<td>store-outage</td><td>CLOSED 0, HELD 2, FAILED 1</td><td>27: UNROUTABLE 25, LOST_ACK 2</td><td>12 orders (12.0 %), store-outage#3</td><td><span class="bad">1/10 of orders (10 per run); 1 run(s) OVER BUDGET</span></td>');
    expect(html).toContain('<td>baseline</td><td>CLOSED 1, HELD 0, FAILED 0</td><td>0</td><td>-</td><td>none allowed</td>');
    expect(html).toContain('FAILED; parked 12 orders (12.0 %): UNROUTABLE 12; budget 1/10 of orders, 10 here (OVER BUDGET)');
  });
});
