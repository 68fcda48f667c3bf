import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../sim/gate/gate-report.ts';
import { renderGateHtml, VERDICT_COLOUR } from '../../sim/report/html/gate-html.ts';
import { DEFICIENCIES, distance, seenAs } from './colour-vision.ts';
import { renderRunHtml, STATE_STYLES } from '../../sim/report/html/run-report.ts';
import { STYLES } from '../../sim/report/html/palette.ts';
import { DashboardModel } from '../../sim/dashboard/model.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { FO_STATES } from '../../orchestrator/model/fo-state-machine.ts';
import { FIXTURE_INFO, fixtureEvents, fixtureModel } from '../dashboard/fixture.ts';
import { metrics, outcome, parked, report } from '../gate/gate-fixtures.ts';
import { runResult } from '../cli/run-result-fixture.ts';

/** Nothing in the page may load from, or point to, anywhere else. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/\bsrc\s*=/i);
  expect(html).not.toMatch(/<link\b/i);
  // url(#...) names a pattern in the page itself; any other url( would fetch.
  expect(html).not.toMatch(/@import|url\((?!#)/i);
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
    expect(html).toMatch(/<circle[^>]*data-fault="1"><title>#10 [^<]*pos.quirk.ghost_success/);
    expect(html).toContain('hold-uniqueness');
    expect(html).toContain('npx converge run --scenario fixture-scenario --seed 42');
    expect(html).toContain('2026-11-02 06:00:00 UTC');
  });

  it('shades the planned outages on every time axis and lists them in UTC and in the node\'s local time', () => {
    const html = runHtml();
    expect(html).toContain('<section id="outages">');
    // S1 is in New York: 06:30 UTC is 01:30 EST on Nov 2, 2026 (daylight time ended the day before).
    expect(html).toContain('<td>2026-11-02 06:30:00 UTC</td><td>2026-11-02 07:30:00 UTC</td><td>1.0 h</td>');
    expect(html).toContain('<td>2026-11-02 01:30:00 EST to 2026-11-02 02:30:00 EST</td>');
    for (const chart of ['drift', 'fo-states', 'timeline-web-1', 'timeline-web-2']) {
      const figure = new RegExp(`data-chart="${chart}"[^]*?</figure>`).exec(html)?.[0] ?? '';
      expect(figure, chart).toContain('<title>S1 offline (hang)</title>');
    }
  });

  it('gives a store or DC event the node\'s own local time', () => {
    const html = runHtml();
    expect(html).toContain('<td>2026-11-02T06:00:01.020Z</td><td>2026-11-02 01:00:01 EST (S1)</td><td>pos</td><td>pos.hold.created</td>');
    expect(html).toContain('<td>2026-11-02 02:00:00 CST (DC1)</td><td>wms</td><td>wms.line.accepted</td>');
  });

  it('splits time to acknowledge by kind of node: the DC FO in the DC chart, no store FO acknowledged', () => {
    const html = runHtml();
    expect(chartPoints(html, 'time-to-acknowledge')).toBe(1);
    expect(chartPoints(html, 'time-to-acknowledge-store')).toBe(0);
    expect(html).toContain('DC FOs, 1');
    expect(html).not.toContain('time-to-acknowledge-unknown');
  });

  it('says in words when every store FO took the same time (the reference: at once), in minutes', () => {
    const withStoreAck = (ackAtMs: number): string => {
      const model = new DashboardModel(FIXTURE_INFO);
      for (const event of fixtureEvents()) model.listen(event);
      const at = fixtureEvents().length;
      const fo = (index: number, to: string, atMs: number): TraceEvent => ({ index, atMs, kind: 'fo.transitioned', source: 'orchestrator', orderId: 'web-1', ref: 'FO-web-1-1', detail: JSON.stringify({ foId: 'FO-web-1-1', event: 'x', from: 'ALLOCATED', to }) });
      model.listen(fo(at, 'RELEASED', 20_000_000));
      model.listen(fo(at + 1, 'ACKNOWLEDGED', 20_000_000 + ackAtMs));
      model.finish();
      return renderRunHtml(model.report());
    };
    expect(withStoreAck(0)).toContain('<p>All 1 at 0 min.</p>');
    expect(withStoreAck(90_000)).toContain('<p>All 1 at 1.5 min.</p>');
  });

  it('gives an FO state the same look in every report, whatever other states the run had', () => {
    const fillOf = (html: string, state: string): string | undefined => new RegExp(`fill="([^"]+)" fill-opacity="0.85"[^>]*><title>${state}<`).exec(html)?.[1];
    const html = runHtml();
    const model = new DashboardModel(FIXTURE_INFO);
    for (const event of fixtureEvents()) if (!(event.kind === 'fo.transitioned' && event.ref === 'FO-web-1-1')) model.listen(event);
    model.finish();
    const fewer = renderRunHtml(model.report());
    expect(fillOf(html, 'ALLOCATED')).toBeDefined();
    expect(fillOf(html, 'ACKNOWLEDGED')).toBeDefined();
    expect(fillOf(fewer, 'ACKNOWLEDGED')).toBe(fillOf(html, 'ACKNOWLEDGED'));
    expect(new Set(STATE_STYLES)).toEqual(new Set(FO_STATES));
    expect(STATE_STYLES.length).toBeLessThanOrEqual(STYLES);
  });

  it('draws every timeline on one x range, so orders can be compared', () => {
    const html = runHtml();
    const ticks = (order: string): string[] => [...(new RegExp(`data-chart="timeline-${order}"[^]*?</figure>`).exec(html)?.[0] ?? '').matchAll(/>(\+[\d.]+ h)</g)].map((m) => m[1] as string);
    expect(ticks('web-1').length).toBeGreaterThanOrEqual(3);
    expect(ticks('web-1')).toEqual(ticks('web-2'));
    // web-2 closed 3 h after creation, web-1's last event came 4 h after: both span 4 h.
    expect(html).toMatch(/data-chart="timeline-web-2"[^]*?<circle cx="837/);
  });

  it('keeps finished FOs apart from the FOs in work', () => {
    const html = runHtml();
    const inWork = /data-chart="fo-states"[^]*?<\/figure>/.exec(html)?.[0] ?? '';
    const done = /data-chart="fo-finished"[^]*?<\/figure>/.exec(html)?.[0] ?? '';
    expect(inWork).toContain('ACKNOWLEDGED');
    expect(inWork).not.toContain('COMPLETED');
    expect(done).toContain('COMPLETED');
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
    expect(html).toContain('<td>baseline</td><td class="num">2</td><td>2 pass</td>');
    expect(html).toContain('<td>pos-timeouts</td><td class="num">2</td><td><span class="bad">1 fail</span>, <span class="bad">1 vacuous</span></td>');
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

  it('draws the verdict bars on a count axis of runs, in colours colour-blind readers tell apart', () => {
    const html = renderGateHtml(gateReport());
    const bars = /data-chart="verdicts"[^]*?<\/figure>/.exec(html)?.[0] ?? '';
    expect(bars).toContain('runs (scenario x seed)');
    expect([...bars.matchAll(/<text[^>]*text-anchor="middle">(\d+)<\/text>/g)].map((m) => Number(m[1]))).toEqual([0, 1, 2]);
    const colours = Object.values(VERDICT_COLOUR);
    for (const [name, matrix] of Object.entries(DEFICIENCIES))
      for (const [i, a] of colours.entries()) for (const b of colours.slice(i + 1)) expect(distance(seenAs(a, matrix), seenAs(b, matrix)), `${name}: ${a} ${b}`).toBeGreaterThanOrEqual(15);
  });

  it('names an incident row by its file (the path in the tooltip) and keeps its tables to the page width', () => {
    const outcomes = [outcome('baseline', 1, 'pass'), { ...outcome('baseline', 1, 'pass'), job: { ...outcome('baseline', 1, 'pass').job, incidentPath: 'scenarios/incidents/a-long-incident-name.json' } }];
    const html = renderGateHtml(report(outcomes));
    expect(html).toContain('<td><span title="incident scenarios/incidents/a-long-incident-name.json">incident a-long-incident-name.json</span></td>');
    expect(html.match(/<table class="fit">/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the whole path of incidents whose file names are alike, so no two rows read the same', () => {
    const at = (path: string) => ({ ...outcome('baseline', 1, 'pass'), job: { ...outcome('baseline', 1, 'pass').job, incidentPath: path } });
    const html = renderGateHtml(report([at('a/same.json'), at('b/same.json'), at('c/other.json')]));
    expect(html).toContain('<td>incident a/same.json</td>');
    expect(html).toContain('<td>incident b/same.json</td>');
    expect(html).toContain('<td><span title="incident c/other.json">incident other.json</span></td>');
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
