import type { RunReportData } from '../../dashboard/model.ts';
import { count, duration, elapsed, rate, simulatedClock } from '../../dashboard/format.ts';
import { budgetText, categoriesByCount, categoriesText, describeBudget, describeShare, parkedText } from '../../world/parking-text.ts';
import { VERDICT_LABEL, verdictReason } from '../../world/verdict.ts';
import { esc, page, table } from './html.ts';
import { histogram, laneChart, lineChart, type ChartOptions, type Series } from './svg.ts';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as the charts' x axis reads it: `Nov 2 18:00` (UTC). */
function utcLabel(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${Number(iso.slice(8, 10))} ${iso.slice(11, 16)}`;
}

/** The x axis of the charts over simulated time: UTC calendar time when the run's start is known; a trace file has none, so elapsed time. */
function timeAxis(startEpochMs: number | null): Pick<ChartOptions, 'xLabel' | 'xTitle' | 'startEpochMs'> {
  if (startEpochMs === null) return { xLabel: elapsed, xTitle: 'simulated time since the start' };
  return { xLabel: (x) => utcLabel(startEpochMs + x), xTitle: 'simulated time (UTC)', startEpochMs };
}

function drift(data: RunReportData): string {
  const time = timeAxis(data.info.startEpochMs);
  const series = seriesOf(data.series, (point) => point.drift);
  const driftChart =
    series.length === 0
      ? `<figure class="chart" data-chart="drift" data-points="0"><p class="ok">No disagreement at any of the ${count(data.series.length)} samples.</p></figure>`
      : lineChart(series, { id: 'drift', ...time, stacked: true, yTitle: 'orders' });
  return `<section id="drift"><h2>Drift over time</h2>
<p class="muted">Orders on which the systems disagree, by category, sampled every ${esc(duration(data.seriesStepMs))} of simulated time: open exception-queue items (the orchestrator's own classification) plus four disagreements read from the trace: a live POS hold on an FO the orchestrator closed (<code>pos-hold-on-closed-fo</code>), two live POS holds for one FO line at one store (<code>pos-duplicate-live-holds</code>), a WMS shipment the orchestrator has not confirmed (<code>wms-ship-unconfirmed</code>), a card hold still open on a closed order (<code>card-hold-on-closed-order</code>).</p>
${driftChart}</section>`;
}

function states(data: RunReportData): string {
  const time = timeAxis(data.info.startEpochMs);
  return `<section id="states"><h2>Orders by state over time</h2><p class="muted">The orchestrator's FOs by their last published state.</p>
${lineChart(seriesOf(data.series, (point) => point.foStates), { id: 'fo-states', ...time, stacked: true, height: 260, yTitle: 'FOs' })}</section>`;
}

function latency(data: RunReportData): string {
  const h = data.histograms;
  return `<section id="latency"><h2>Latency and time to acknowledge</h2>
<h3>Order lead time (order created to closed), ${esc(count(h.orderLeadTimeMs.length))} orders</h3>${histogram(h.orderLeadTimeMs, { id: 'lead-time', format: hours, yTitle: 'orders' })}
<h3>Time to acknowledge (FO released to the WMS acknowledging it), ${esc(count(h.timeToAcknowledgeMs.length))} FOs</h3>${histogram(h.timeToAcknowledgeMs, { id: 'time-to-acknowledge', format: hours, yTitle: 'FOs' })}</section>`;
}

function exceptions(data: RunReportData): string {
  const h = data.histograms;
  const time = timeAxis(data.info.startEpochMs);
  const oldest: Series = { name: 'oldest open item, hours', points: data.series.map((point) => [point.atMs, point.oldestExceptionMs / HOUR_MS] as const) };
  return `<section id="exceptions"><h2>Exception aging</h2>
<h3>Open exception-queue items by SLA tier</h3>${lineChart(seriesOf(data.series, (point) => point.exceptionsByTier), { id: 'exceptions-by-tier', ...time, yTitle: 'open items' })}
<h3>Age of the oldest open item</h3>${lineChart([oldest], { id: 'oldest-exception', ...time, yLabel: (y) => `${y.toFixed(1)} h`, yFractions: true, height: 160, yTitle: 'age' })}
<h3>Time to resolve (${esc(count(h.exceptionResolutionMs.length))} resolved) and age of items still open at the end (${esc(count(h.openExceptionAgesMs.length))})</h3>
${histogram(h.exceptionResolutionMs, { id: 'exception-resolution', format: hours, yTitle: 'items' })}${histogram(h.openExceptionAgesMs, { id: 'exception-open-ages', format: hours, yTitle: 'items' })}</section>`;
}

function timelines(data: RunReportData): string {
  const blocks = data.timelines.map((order) => {
    const chart = laneChart(
      order.events.map((event) => ({ atMs: event.atMs, lane: event.source, fault: event.fault, label: `#${event.index} ${elapsed(event.atMs)} ${event.source} ${event.kind} ${event.ref} ${event.detail}` })),
      LANES,
      { id: `timeline-${order.orderId}`, xLabel: elapsed },
    );
    const rows = order.events.map((event) => `<tr${event.fault ? ' class="fault"' : ''}><td class="num">${event.index}</td><td>${esc(elapsed(event.atMs))}</td><td>${esc(event.source)}</td><td>${esc(event.kind)}</td><td>${esc(event.ref)}</td><td>${esc(event.detail)}</td></tr>`);
    return `<div class="order" data-order="${esc(order.orderId)}"><h3>${esc(order.orderId)}: ${order.faults} fault event(s), ${order.closed ? 'closed' : '<span class="warn">open at the end</span>'}</h3>${chart}
<details><summary>${order.events.length} trace events${order.eventsDropped > 0 ? ` (${order.eventsDropped} more not kept)` : ''}</summary><table class="timeline"><thead><tr><th>#</th><th>at</th><th>system</th><th>kind</th><th>ref</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table></details></div>`;
  });
  return `<section id="timelines"><h2>Per-order timelines across systems</h2>
<p class="muted">A few orders, each from its creation: the first that met a fault, the first that went through clean, and those still open at the end. One lane per system; red dots are faults and trouble (quirks, timeouts, lost replies, exceptions, breaks, dead letters). Hover a dot for the event.</p>
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
  const nav = `<nav>${['summary', ...(data.end === null || data.end.parked === null ? [] : ['parked']), 'metrics', 'drift', 'states', 'latency', 'exceptions', 'timelines', 'violations', 'faults', 'queues'].map((id) => `<a href="#${id}">${id}</a>`).join('')}</nav>`;
  return page(`Converge: ${data.info.title}${data.info.seed === null ? '' : ` seed ${data.info.seed}`}`, [nav, summary(data), parked(data), metrics(data), drift(data), states(data), latency(data), exceptions(data), timelines(data), violations(data), faultsAndQueues(data)].join('\n'));
}
