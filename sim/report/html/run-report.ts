import type { RunReportData } from '../../dashboard/model.ts';
import { count, duration, elapsed, rate, simulatedClock, utcLabel } from '../../dashboard/format.ts';
import { budgetText, categoriesByCount, categoriesText, describeBudget, describeShare, parkedText } from '../../world/parking-text.ts';
import { VERDICT_LABEL, verdictReason } from '../../world/verdict.ts';
import { esc, page, table } from './html.ts';
import { FO_STATES, isTerminal, type FoState } from '../../../orchestrator/model/fo-state-machine.ts';
import { nodeOfEvent, type NodeFact } from '../../dashboard/scenario-facts.ts';
import { formatElapsed, localTime, utcInstant } from '../../replay/sim-time.ts';
import { histogram, laneChart, lineChart, type Band, type ChartOptions, type Series } from './svg.ts';

const LANES = ['customer', 'world', 'orchestrator', 'network', 'pos', 'wms', 'payment', 'files'];
const HOUR_MS = 3_600_000;

/** Every key that appears in any point, sorted, with its value at each point (0 where absent). */
function seriesOf(points: RunReportData['series'], pick: (point: RunReportData['series'][number]) => Record<string, number>): Series[] {
  const names = [...new Set(points.flatMap((point) => Object.keys(pick(point))))].sort();
  return names.map((name) => ({ name, points: points.map((point) => [point.atMs, pick(point)[name] ?? 0] as const) }));
}

function hours(ms: number): string {
  return ms >= 48 * HOUR_MS ? `${(ms / 86_400_000).toFixed(1)} d` : `${(ms / HOUR_MS).toFixed(1)} h`;
}

const VERDICT_CLASS = { closed: 'ok', held: 'warn', failed: 'bad' } as const;

/** CLOSED, HELD or FAILED (VACUOUS beside it when a planned fault never fired); a trace file has no verdict. */
function verdict(data: RunReportData): string {
  const end = data.end;
  if (end === null) return '<span class="warn">unfinished</span>';
  if (end.verdict === null) return '<span class="muted">no verdict (a trace file)</span>';
  const vacuous = end.vacuous.length > 0 ? `<span class="warn" data-vacuous="1">VACUOUS</span> (${esc(end.vacuous.length)} planned fault(s) never fired) ` : '';
  const why =
    end.verdict !== 'failed'
      ? verdictReason(end.verdict, end.parked?.orders ?? 0)
      : data.violations.length > 0
          ? `${count(data.violations.length)} violation(s)`
          : `not settled (${end.stopReason})`;
  return `${vacuous}<span class="${VERDICT_CLASS[end.verdict]}" data-verdict="${end.verdict}">${VERDICT_LABEL[end.verdict]}</span>: ${esc(why)}`;
}

/** Orders parked at the end by category, beside the scenario's parking budget. */
function parked(data: RunReportData): string {
  const end = data.end;
  if (end === null || end.parked === null) return '';
  const p = end.parked;
  const orders = end.orders ?? data.metrics.ordersPlaced;
  const rows = categoriesByCount(p.byCategory).map(([category, n]) => {
    const cap = p.budget.byCategory[category];
    const allowed = p.allowed.byCategory[category];
    return [esc(category), esc(count(n)), esc(cap === undefined || allowed === undefined ? '-' : `at most ${describeBudget(cap, allowed)}`)];
  });
  rows.push([`<b>all parked orders</b>`, `<b>${esc(count(p.orders))}</b>`, esc(describeBudget(p.budget.orders, p.allowed.orders))]);
  const state = p.withinBudget ? '<span class="ok">within budget</span>' : '<span class="bad">OVER BUDGET</span>';
  return `<section id="parked"><h2>Parked orders</h2><p>${esc(p.orders === 0 ? 'No order ended parked on the exception queue' : `${describeShare(p.orders, orders)} ended parked on the exception queue: ${categoriesText(p.byCategory)}`)}; budget ${esc(budgetText(p))}: ${state}.</p>${table(['category', 'orders parked', 'budget'], rows, [1])}</section>`;
}

function summary(data: RunReportData): string {
  const { info, end } = data;
  const rows: [string, string][] = [
    ['source', esc(info.source === 'live' ? 'a run' : info.source === 'incident' ? `incident ${info.file ?? ''} (simulated again)` : `trace file ${info.file ?? ''}`)],
    ['scenario', esc(info.title)],
    ['seed', esc(info.seed ?? '-')],
    ['orchestrator', esc(info.orchestrator)],
    ['simulated', `${esc(duration(data.atMs))}, from ${esc(simulatedClock(info.startEpochMs, 0))} to ${esc(simulatedClock(info.startEpochMs, data.atMs))}`],
    ['trace events', esc(count(data.traceEvents))],
    ['orders', `${esc(count(data.metrics.ordersPlaced))} placed, ${esc(count(data.metrics.ordersClosed))} closed`],
    ['trace hash', `<code>${esc(end?.traceHash ?? 'n/a')}</code>`],
    ['stop reason', esc(end?.stopReason ?? 'unfinished')],
    ['verdict', verdict(data)],
    ['parked', end === null || end.parked === null ? esc('n/a') : esc(parkedText(end.parked, end.orders ?? data.metrics.ordersPlaced))],
  ];
  if (info.replay !== null) rows.push(['replay', `<code>${esc(info.replay)}</code>`]);
  return `<section id="summary"><h1>Converge run report: ${esc(info.title)}${info.seed === null ? '' : `, seed ${esc(info.seed)}`}</h1>${table(['', ''], rows.map(([k, v]) => [esc(k), v]))}</section>`;
}

function metrics(data: RunReportData): string {
  const m = data.metrics;
  const tta = m.timeToAcknowledgeMs;
  const rows = [
    ['reservation success rate', rate(m.reservationSuccessRate), 'POS holds granted over hold requests answered'],
    ['routing accuracy', rate(m.routingAccuracy), 'FOs finished without a reroute'],
    ['time to acknowledge', `p50 ${duration(tta.p50)}, p95 ${duration(tta.p95)}, p99 ${duration(tta.p99)}, max ${duration(tta.max)}`, `RELEASED to ACKNOWLEDGED, ${count(tta.count)} FOs`],
    ['reconciliation break rate', rate(m.reconciliationBreakRate), `${count(m.reconciliationBreaks.count)} breaks: ${Object.entries(m.reconciliationBreaks.byCategory).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`],
    ['duplicate suppression rate', rate(m.duplicateSuppressionRate), `${count(m.duplicates.seen)} seen, ${count(m.duplicates.notSuppressed)} not suppressed`],
    ['exception aging', `${count(m.exceptionAging.queueOpen)} open, p50 ${duration(m.exceptionAging.ageP50Ms)}, max ${duration(m.exceptionAging.ageMaxMs)}`, Object.entries(m.exceptionAging.bySlaTier).map(([tier, c]) => `${tier} ${c.opened} opened / ${c.resolved} resolved / ${c.open} open`).join(', ') || 'no exceptions'],
  ];
  return `<section id="metrics"><h2>The six metrics</h2>${table(['metric', 'value', 'behind it'], rows.map((row) => row.map(esc)))}</section>`;
}

/** The planned outage windows as shaded bands: `S1 offline (hang)`. */
function bandsOf(info: RunReportData['info']): Band[] {
  return info.windows.map((window) => ({ fromMs: window.fromMs, toMs: window.toMs, label: `${window.system} ${window.what}`, short: window.system }));
}

/**
 * The x axis of the charts over simulated time, with the outages shaded: UTC calendar time when
 * the run's start is known; a trace file has none, so elapsed time.
 */
function timeAxis(info: RunReportData['info']): Pick<ChartOptions, 'xLabel' | 'xTitle' | 'startEpochMs' | 'bands'> {
  const bands = bandsOf(info);
  const start = info.startEpochMs;
  if (start === null) return { xLabel: elapsed, xTitle: 'simulated time since the start', bands };
  return { xLabel: (x) => utcLabel(start + x), xTitle: bands.length === 0 ? 'simulated time (UTC)' : 'simulated time (UTC); grey: planned outages', startEpochMs: start, bands };
}

/** A node's wall clock at a simulated time, as its own system reads it. */
function localAt(info: RunReportData['info'], node: NodeFact, atMs: number): string {
  return info.startEpochMs === null ? '-' : `${localTime(info.startEpochMs, atMs, node.timeZone)} (${node.id})`;
}

/** The planned outage windows, in UTC and in the local time of the node that is down. */
function outages(data: RunReportData): string {
  const { info } = data;
  if (info.windows.length === 0) return '';
  const rows = info.windows.map((window) => {
    const node = info.nodes.find((candidate) => candidate.id === window.system);
    const local = node === undefined || info.startEpochMs === null ? 'the gateway has no local clock' : `${localTime(info.startEpochMs, window.fromMs, node.timeZone)} to ${localTime(info.startEpochMs, window.toMs, node.timeZone)}`;
    return [esc(window.system), esc(window.what), esc(simulatedClock(info.startEpochMs, window.fromMs)), esc(simulatedClock(info.startEpochMs, window.toMs)), esc(duration(window.toMs - window.fromMs)), esc(local)];
  });
  return `<section id="outages"><h2>Planned outages</h2><p class="muted">Shaded grey on the charts below. Local time is the node's own clock, as its POS or WMS reads it.</p>${table(['system', 'what', 'from (UTC)', 'to (UTC)', 'for', 'local time at the node'], rows)}</section>`;
}

function drift(data: RunReportData): string {
  const time = timeAxis(data.info);
  const series = seriesOf(data.series, (point) => point.drift);
  const driftChart =
    series.length === 0
      ? `<figure class="chart" data-chart="drift" data-points="0"><p class="ok">No disagreement at any of the ${count(data.series.length)} samples.</p></figure>`
      : lineChart(series, { id: 'drift', ...time, stacked: true, yTitle: 'orders' });
  return `<section id="drift"><h2>Drift over time</h2>
<p class="muted">Orders on which the systems disagree, by category, sampled every ${esc(duration(data.seriesStepMs))} of simulated time: open exception-queue items (the orchestrator's own classification) plus four disagreements read from the trace: a live POS hold on an FO the orchestrator closed (<code>pos-hold-on-closed-fo</code>), two live POS holds for one FO line at one store (<code>pos-duplicate-live-holds</code>), a WMS shipment the orchestrator has not confirmed (<code>wms-ship-unconfirmed</code>), a card hold still open on a closed order (<code>card-hold-on-closed-order</code>).</p>
${driftChart}</section>`;
}

/** The lifecycle's order, so neighbouring bands are neighbouring states. */
function lifecycleRank(state: string): number {
  const rank = (FO_STATES as readonly string[]).indexOf(state);
  return rank === -1 ? FO_STATES.length : rank;
}

/**
 * Each FO state's own look, the same in every chart and every report (palette.ts): plain colours
 * for the two finished states (drawn as lines) and the six most often in work, hatched for the
 * rarer ones, the other hatching for the two rarest. A state a plugin adds takes the looks after these.
 */
export const STATE_STYLES: readonly string[] = [
  // Blue and black for the finished lines (yellow would fade on white); yellow for a thin band.
  ...['COMPLETED', 'RELEASED', 'ACKNOWLEDGED', 'READY_FOR_PICKUP', 'BACKORDERED', 'EXCEPTION', 'ALLOCATED', 'CANCELLED'],
  ...['CANCEL_REQUESTED', 'IN_PROGRESS', 'CREATED', 'ROUTING', 'PARKED', 'REJECTED', 'PICKUP_EXPIRED', 'PICKED_UP'],
  ...['SHIPPED', 'CANCEL_REJECTED'],
];

const finished = (state: string): boolean => (FO_STATES as readonly string[]).includes(state) && isTerminal(state as FoState);

function states(data: RunReportData): string {
  const time = timeAxis(data.info);
  const sorted = seriesOf(data.series, (point) => point.foStates).sort((a, b) => lifecycleRank(a.name) - lifecycleRank(b.name) || (a.name < b.name ? -1 : 1));
  const unknown = sorted.filter((series) => !STATE_STYLES.includes(series.name)).map((series) => series.name);
  const all = sorted.map((series) => ({ ...series, style: STATE_STYLES.includes(series.name) ? STATE_STYLES.indexOf(series.name) : STATE_STYLES.length + unknown.indexOf(series.name) }));
  const open = all.filter((series) => !finished(series.name));
  const done = all.filter((series) => finished(series.name));
  return `<section id="states"><h2>FOs by state over time</h2><p class="muted">The orchestrator's FOs by their last published state: those still in work, stacked in lifecycle order, and those finished, apart (they would dwarf the rest). A state has the same colour and hatching in every report.</p>
<h3>FOs in work</h3>${lineChart(open, { id: 'fo-states', ...time, stacked: true, height: 260, yTitle: 'FOs' })}
<h3>FOs finished</h3>${lineChart(done, { id: 'fo-finished', ...time, height: 180, yTitle: 'FOs' })}</section>`;
}

const MINUTE_MS = 60_000;

/** Durations in hours, or in minutes when none reaches two hours (a store answers within minutes). */
function durationHistogram(values: readonly number[], id: string, yTitle: string): string {
  const inMinutes = values.every((value) => value < 2 * HOUR_MS);
  return inMinutes
    ? histogram(values, { id, format: (ms) => `${Number((ms / MINUTE_MS).toFixed(1))} min`, unitMs: MINUTE_MS, xTitle: 'minutes', yTitle })
    : histogram(values, { id, format: hours, yTitle });
}

function latency(data: RunReportData): string {
  const h = data.histograms;
  const ack = h.timeToAcknowledgeMs;
  const unknown = ack.unknown.length === 0 ? '' : `<h3>Time to acknowledge, FOs whose node the trace does not name, ${esc(count(ack.unknown.length))} FOs</h3>${durationHistogram(ack.unknown, 'time-to-acknowledge-unknown', 'FOs')}`;
  return `<section id="latency"><h2>Latency and time to acknowledge</h2>
<h3>Order lead time (order created to closed), ${esc(count(h.orderLeadTimeMs.length))} orders</h3>${histogram(h.orderLeadTimeMs, { id: 'lead-time', format: hours, yTitle: 'orders' })}
<h3>Time to acknowledge, by kind of node (FO released to its node accepting it)</h3>
<p class="muted">A DC's WMS acknowledges in a batch file after its nightly window; a store's POS accepts a hold in its HTTP reply. The metric above mixes both.</p>
<div class="pair"><div><h3>DC FOs, ${esc(count(ack.dc.length))}</h3>${durationHistogram(ack.dc, 'time-to-acknowledge', 'FOs')}</div><div><h3>Store FOs, ${esc(count(ack.store.length))}</h3>${durationHistogram(ack.store, 'time-to-acknowledge-store', 'FOs')}</div></div>${unknown}</section>`;
}

function exceptions(data: RunReportData): string {
  const h = data.histograms;
  const time = timeAxis(data.info);
  const oldest: Series = { name: 'oldest open item, hours', points: data.series.map((point) => [point.atMs, point.oldestExceptionMs / HOUR_MS] as const) };
  return `<section id="exceptions"><h2>Exception aging</h2>
<h3>Open exception-queue items by SLA tier</h3>${lineChart(seriesOf(data.series, (point) => point.exceptionsByTier), { id: 'exceptions-by-tier', ...time, yTitle: 'open items' })}
<h3>Age of the oldest open item</h3>${lineChart([oldest], { id: 'oldest-exception', ...time, yLabel: (y) => `${y.toFixed(1)} h`, yFractions: true, height: 160, yTitle: 'age' })}
<h3>Time to resolve (${esc(count(h.exceptionResolutionMs.length))} resolved) and age of items still open at the end (${esc(count(h.openExceptionAgesMs.length))})</h3>
${histogram(h.exceptionResolutionMs, { id: 'exception-resolution', format: hours, yTitle: 'items' })}${histogram(h.openExceptionAgesMs, { id: 'exception-open-ages', format: hours, yTitle: 'items' })}</section>`;
}

/** `+6 h` on a timeline's axis: time since the order was created. */
const sinceCreated = (ms: number): string => `+${Number((ms / HOUR_MS).toFixed(1))} h`;

function timelines(data: RunReportData): string {
  const { info } = data;
  // One x range for all: time since each order's first event, up to the longest kept; a dot at +6 h is 6 h after creation in every chart.
  const spans = data.timelines.map((order) => {
    const first = order.events[0]?.atMs ?? 0;
    return (order.events.at(-1)?.atMs ?? first) - first;
  });
  const span = Math.max(HOUR_MS, ...spans);
  const bands = bandsOf(info);
  const blocks = data.timelines.map((order) => {
    const origin = order.events[0]?.atMs ?? 0;
    const chart = laneChart(
      order.events.map((event) => ({ atMs: event.atMs - origin, lane: event.source, fault: event.fault, label: `#${event.index} ${elapsed(event.atMs)} ${event.source} ${event.kind} ${event.ref} ${event.detail}` })),
      LANES,
      {
        id: `timeline-${order.orderId}`,
        fromMs: 0,
        toMs: span,
        xLabel: sinceCreated,
        xTitle: `hours since the order was created (${simulatedClock(info.startEpochMs, origin)}); same scale for every order${bands.length === 0 ? '' : '; grey: planned outages'}`,
        bands: bands.map((band) => ({ ...band, fromMs: band.fromMs - origin, toMs: band.toMs - origin })),
      },
    );
    const rows = order.events.map((event) => {
      const node = nodeOfEvent(event, info.nodes);
      const local = node === undefined ? '' : localAt(info, node, event.atMs);
      return `<tr${event.fault ? ' class="fault"' : ''}><td class="num">${event.index}</td><td>${esc(info.startEpochMs === null ? formatElapsed(event.atMs) : utcInstant(info.startEpochMs, event.atMs))}</td><td>${esc(local)}</td><td>${esc(event.source)}</td><td>${esc(event.kind)}</td><td>${esc(event.ref)}</td><td>${esc(event.detail)}</td></tr>`;
    });
    return `<div class="order" data-order="${esc(order.orderId)}"><h3>${esc(order.orderId)}: ${order.faults} fault event(s), ${order.closed ? 'closed' : '<span class="warn">open at the end</span>'}</h3>${chart}
<details><summary>${order.events.length} trace events${order.eventsDropped > 0 ? ` (${order.eventsDropped} more not kept)` : ''}</summary><div class="scroll"><table class="timeline"><thead><tr><th>#</th><th>at (${info.startEpochMs === null ? 'since the start' : 'UTC'})</th><th>local time at the node</th><th>system</th><th>kind</th><th>ref</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></details></div>`;
  });
  return `<section id="timelines"><h2>Per-order timelines across systems</h2>
<p class="muted">A few orders, each from its creation and on the same time scale, so they can be compared: the first that met a fault, the first that went through clean, and those still open at the end. One lane per system; orange dots ringed in black are faults and trouble (quirks, timeouts, lost replies, exceptions, breaks, dead letters). Hover a dot for the event; the table gives each store's or DC's own local time.</p>
${blocks.join('\n') || '<p class="muted">No order kept.</p>'}</section>`;
}

function violations(data: RunReportData): string {
  if (data.violations.length === 0) return `<section id="violations"><h2>Violations</h2><p class="ok">None.</p></section>`;
  const rows = data.violations.map((v) => [esc(v.invariant), esc(v.orderId || '-'), esc(v.detail), esc(v.firstBadEvent === null ? 'at the end' : `#${v.firstBadEvent.index} ${v.firstBadEvent.kind} at ${elapsed(v.firstBadEvent.atMs)}`), `<code>${esc(v.replay)}</code>`]);
  return `<section id="violations"><h2>Violations</h2>${table(['invariant', 'order', 'detail', 'first bad event', 'replay'], rows)}</section>`;
}

function faultsAndQueues(data: RunReportData): string {
  const fired = Object.entries(data.end?.faultsFired ?? {});
  const faults = fired.length === 0 ? '<p class="muted">None recorded (a trace file does not carry the counters).</p>' : table(['fault or quirk', 'fired'], fired.map(([name, n]) => [esc(name), esc(count(n))]), [1]);
  const vacuous = (data.end?.vacuous.length ?? 0) > 0 ? `<p class="warn">Planned but never fired: ${esc(data.end?.vacuous.join(', '))}</p>` : '';
  const queues = table(['queue', 'at the end', 'peak', 'counts'], data.queues.map((q) => [esc(q.name), esc(count(q.depth)), esc(count(q.peak)), esc(q.note)]), [1, 2]);
  const dead = data.deadLetters.length === 0 ? '<p class="muted">No dead letters.</p>' : table(['at', 'id', 'reason'], data.deadLetters.map((d) => [esc(elapsed(d.atMs)), esc(d.id), esc(d.reason)]));
  return `<section id="faults"><h2>Faults fired</h2>${faults}${vacuous}</section><section id="queues"><h2>Adapter queues and dead letters</h2>${queues}${dead}</section>`;
}

/**
 * One run as a self-contained HTML page (inline CSS and SVG, no script, nothing fetched): drift
 * and FO states over time, latency histograms, exception aging, per-order timelines, violations.
 */
export function renderRunHtml(data: RunReportData): string {
  const nav = `<nav>${['summary', ...(data.end === null || data.end.parked === null ? [] : ['parked']), 'metrics', ...(data.info.windows.length === 0 ? [] : ['outages']), 'drift', 'states', 'latency', 'exceptions', 'timelines', 'violations', 'faults', 'queues'].map((id) => `<a href="#${id}">${id}</a>`).join('')}</nav>`;
  return page(`Converge: ${data.info.title}${data.info.seed === null ? '' : ` seed ${data.info.seed}`}`, [nav, summary(data), parked(data), metrics(data), outages(data), drift(data), states(data), latency(data), exceptions(data), timelines(data), violations(data), faultsAndQueues(data)].join('\n'));
}
