import { fieldsOf } from '../kernel/trace-detail.ts';
import type { Finding, Violation } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { MetricsCollector, type RunMetrics } from '../report/metrics.ts';
import type { ParkedReport } from '../world/parking.ts';
import type { RunResult } from '../world/simulate.ts';
import type { Verdict } from '../world/verdict.ts';
import { DriftTracker } from './drift.ts';
import { QueueTracker, type DeadLetter, type QueueDepth } from './queues.ts';
import { Samples, SeriesSampler, type SeriesPoint } from './series.ts';
import type { FaultWindow, NodeFact } from './scenario-facts.ts';
import { SystemStates } from './systems.ts';
import { TimelineKeeper, type OrderTimeline } from './timeline.ts';
import { orderOfEvent, publishedOf, textOf } from './trace-facts.ts';

/** What the dashboard and the report know about the run before its first event. */
export interface RunInfo {
  /** Where the history comes from: a live simulation, a re-simulated incident, or a trace file. */
  source: 'live' | 'incident' | 'trace';
  /** Scenario name, or the trace file's name. */
  title: string;
  seed: number | null;
  /** Orders the run will place (null for a trace file). */
  orders: number | null;
  orchestrator: string;
  /** The scenario's start instant, epoch ms; null for a trace file (it does not carry it). */
  startEpochMs: number | null;
  /** The command that replays this run, put on every violation seen live. */
  replay: string | null;
  /** The input file (incident or trace), if any. */
  file?: string;
  /** The scenario's stores and DCs with their time zones; empty for a trace file (it does not carry them). */
  nodes: readonly NodeFact[];
  /** The planned outage windows (after a swarm's draw), shaded on the report's time axes; empty for a trace file. */
  windows: readonly FaultWindow[];
}

/** How a run ended, once it has. A trace file carries no verdict: `verdict` and `parked` are null. */
export interface RunEnd {
  /** `closed`, `held` or `failed` (sim/world/verdict.ts); null for a trace file. */
  verdict: Verdict | null;
  /** Orders parked on the exception queue at the end, beside the scenario's budget; null for a trace file. */
  parked: ParkedReport | null;
  /** Orders the run placed (the parked share's denominator); null for a trace file. */
  orders: number | null;
  traceHash: string | null;
  stopReason: string;
  events: number | null;
  simulatedMs: number;
  faultsFired: Readonly<Record<string, number>>;
  vacuous: readonly string[];
}

export interface TierAging {
  tier: string;
  open: number;
  /** Open items by age: under 1 h, 1-4 h, 4-24 h, a day or more. */
  ages: [number, number, number, number];
  oldestMs: number;
}

/** One frame's worth of facts; plain data, cheap to render. */
export interface DashboardSnapshot {
  info: RunInfo;
  atMs: number;
  traceEvents: number;
  lastEvent: TraceEvent | null;
  orders: { created: number; closed: number };
  systems: {
    orchestrator: Record<string, number>;
    pos: Record<string, number>;
    wms: Record<string, number>;
    payment: Record<string, number>;
  };
  drift: { byCategory: Record<string, number>; total: number; history: number[]; stepMs: number };
  queues: QueueDepth[];
  deadLetters: { count: number; latest: DeadLetter[] };
  exceptions: { open: number; byTier: TierAging[] };
  metrics: RunMetrics;
  violations: { count: number; latest: Violation[] };
  end: RunEnd | null;
}

/** The kind of node an FO went to, from its `fulfillment.assigned` method; `unknown` when the trace has none for it. */
export type AckNodeKind = 'store' | 'dc' | 'unknown';

/** Everything the HTML report draws. Plain, JSON-safe data. */
export interface RunReportData {
  info: RunInfo;
  end: RunEnd | null;
  atMs: number;
  traceEvents: number;
  metrics: RunMetrics;
  series: SeriesPoint[];
  seriesStepMs: number;
  histograms: {
    orderLeadTimeMs: number[];
    /** By the kind of node the FO was assigned to: a store answers a hold at once, a DC's WMS a nightly file later. */
    timeToAcknowledgeMs: Record<AckNodeKind, number[]>;
    exceptionResolutionMs: number[];
    openExceptionAgesMs: number[];
  };
  timelines: OrderTimeline[];
  violations: Violation[];
  deadLetters: DeadLetter[];
  queues: QueueDepth[];
}

const HOUR_MS = 3_600_000;
/** Violations kept for display: the latest ones (the run keeps its own full list). */
const VIOLATIONS_KEPT = 50;

function total(record: Record<string, number>): number {
  let sum = 0;
  for (const value of Object.values(record)) sum += value;
  return sum;
}

/**
 * Folds a run's trace into what the dashboard shows and the report draws. It only reads events
 * (and findings handed to it): it holds no reference to the world, so it cannot change a run.
 * Fed the same events, it gives the same numbers whether the run is live or read from a file.
 */
export class DashboardModel {
  private readonly systems = new SystemStates();
  private readonly metrics = new MetricsCollector();
  private readonly drift = new DriftTracker();
  private readonly queues = new QueueTracker();
  private readonly timelines = new TimelineKeeper();
  private readonly series: SeriesSampler;
  private readonly createdAt = new Map<string, number>();
  private readonly releasedAt = new Map<string, number>();
  private readonly leadTimes = new Samples();
  private readonly ackTimes = { store: new Samples(), dc: new Samples(), unknown: new Samples() };
  /** FO -> the kind of node it is assigned to, until it is acknowledged. */
  private readonly foKind = new Map<string, AckNodeKind>();
  private readonly resolutionTimes = new Samples();
  private readonly violationKeys = new Set<string>();
  private readonly violationsLatest: Violation[] = [];
  private violationCount = 0;
  private lastEvent: TraceEvent | null = null;
  private count = 0;
  private ended: RunEnd | null = null;
  private finalMetrics: RunMetrics | null = null;
  /** Epoch of the metrics' clock; a trace file has none, so virtual ms stand in (ages are differences). */
  private readonly epochMs: number;

  constructor(readonly info: RunInfo) {
    this.epochMs = info.startEpochMs ?? 0;
    this.series = new SeriesSampler((atMs) => this.samplePoint(atMs));
  }

  /** The trace listener: pass it as `onTrace`. */
  readonly listen = (event: TraceEvent): void => {
    this.series.advanceTo(event.atMs);
    this.count++;
    this.lastEvent = event;
    this.systems.add(event);
    const published = publishedOf(event, this.epochMs);
    if (published !== undefined) this.metrics.onPublished(published);
    this.metrics.onTrace(event);
    if (event.kind === 'exception.resolved' && event.source === 'orchestrator') {
      const item = this.drift.openItems.get(event.ref);
      if (item !== undefined) this.resolutionTimes.add(event.atMs - item.openedAtMs);
    }
    this.drift.add(event);
    this.queues.add(event);
    const orderId = orderOfEvent(event);
    if (orderId !== '') this.timelines.add(event, orderId);
    if (event.source === 'orchestrator') this.orchestratorEvent(event);
  };

  /** A checker's finding, as the world reports it (the same dedup key and the run's replay command). */
  readonly addFinding = (finding: Finding): void => {
    const key = `${finding.invariant}|${finding.orderId}|${finding.detail}`;
    if (this.violationKeys.has(key)) return;
    this.violationKeys.add(key);
    this.violationCount++;
    this.violationsLatest.push({ ...finding, replay: this.info.replay ?? '' });
    if (this.violationsLatest.length > VIOLATIONS_KEPT) this.violationsLatest.shift();
  };

  /** The run is over: its own result, when there is one (live and incident), is the last word. */
  finish(result?: RunResult): void {
    const atMs = result?.simulatedMs ?? this.lastEvent?.atMs ?? 0;
    this.series.finish(atMs);
    if (result !== undefined) {
      this.finalMetrics = result.metrics;
      this.violationsLatest.length = 0;
      this.violationsLatest.push(...result.violations.slice(-VIOLATIONS_KEPT));
      this.violationCount = result.violations.length;
    }
    this.ended = {
      verdict: result?.verdict ?? null,
      parked: result?.parked ?? null,
      orders: result?.orders ?? null,
      traceHash: result?.traceHash ?? null,
      stopReason: result?.stopReason ?? 'end of the trace file',
      events: result?.events ?? null,
      simulatedMs: atMs,
      faultsFired: result?.faultsFired ?? {},
      vacuous: result?.vacuous ?? [],
    };
  }

  get atMs(): number {
    return this.ended?.simulatedMs ?? this.lastEvent?.atMs ?? 0;
  }

  get traceEvents(): number {
    return this.count;
  }

  /** Changes whenever a snapshot would: a frame with the same version is not drawn again. */
  get version(): string {
    return `${this.count}|${this.violationCount}|${this.ended === null ? 0 : 1}`;
  }

  snapshot(): DashboardSnapshot {
    const atMs = this.atMs;
    const byCategory = this.drift.byCategory();
    const history = this.series.points.map((point) => total(point.drift));
    return {
      info: this.info,
      atMs,
      traceEvents: this.count,
      lastEvent: this.lastEvent,
      orders: { ...this.systems.orders },
      systems: this.systems.snapshot(),
      drift: { byCategory, total: total(byCategory), history: [...history, total(byCategory)], stepMs: this.series.stepMs },
      queues: this.queues.queues(),
      deadLetters: { count: this.queues.deadLetterCount, latest: this.queues.deadLetters.slice(-3) },
      exceptions: this.exceptionAging(atMs),
      metrics: this.currentMetrics(atMs),
      violations: { count: this.violationCount, latest: this.violationsLatest.slice(-5) },
      end: this.ended,
    };
  }

  report(): RunReportData {
    const atMs = this.atMs;
    return {
      info: this.info,
      end: this.ended,
      atMs,
      traceEvents: this.count,
      metrics: this.currentMetrics(atMs),
      series: this.series.points.map((point) => ({ ...point })),
      seriesStepMs: this.series.stepMs,
      histograms: {
        orderLeadTimeMs: [...this.leadTimes.values],
        timeToAcknowledgeMs: { store: [...this.ackTimes.store.values], dc: [...this.ackTimes.dc.values], unknown: [...this.ackTimes.unknown.values] },
        exceptionResolutionMs: [...this.resolutionTimes.values],
        openExceptionAgesMs: [...this.drift.openItems.values()].map((item) => atMs - item.openedAtMs),
      },
      timelines: this.timelines.result(),
      violations: [...this.violationsLatest],
      deadLetters: [...this.queues.deadLetters],
      queues: this.queues.queues(),
    };
  }

  private currentMetrics(atMs: number): RunMetrics {
    return this.finalMetrics ?? this.metrics.result(this.epochMs + atMs);
  }

  private exceptionAging(atMs: number): DashboardSnapshot['exceptions'] {
    const tiers = new Map<string, TierAging>();
    for (const item of this.drift.openItems.values()) {
      let tier = tiers.get(item.slaTier);
      if (tier === undefined) tiers.set(item.slaTier, (tier = { tier: item.slaTier, open: 0, ages: [0, 0, 0, 0], oldestMs: 0 }));
      const age = atMs - item.openedAtMs;
      tier.open++;
      tier.ages[age < HOUR_MS ? 0 : age < 4 * HOUR_MS ? 1 : age < 24 * HOUR_MS ? 2 : 3]++;
      tier.oldestMs = Math.max(tier.oldestMs, age);
    }
    return { open: this.drift.openItems.size, byTier: [...tiers.values()].sort((a, b) => (a.tier < b.tier ? -1 : 1)) };
  }

  private samplePoint(atMs: number): SeriesPoint {
    const exceptionsByTier: Record<string, number> = {};
    let oldest = 0;
    for (const item of this.drift.openItems.values()) {
      exceptionsByTier[item.slaTier] = (exceptionsByTier[item.slaTier] ?? 0) + 1;
      oldest = Math.max(oldest, atMs - item.openedAtMs);
    }
    return { atMs, drift: this.drift.byCategory(), foStates: this.systems.foStates(), exceptionsByTier, oldestExceptionMs: oldest };
  }

  /** Durations for the report's histograms. */
  private orchestratorEvent(event: TraceEvent): void {
    switch (event.kind) {
      case 'order.created':
        this.createdAt.set(event.orderId, event.atMs);
        break;
      case 'order.closed': {
        const created = this.createdAt.get(event.orderId);
        if (created !== undefined) this.leadTimes.add(event.atMs - created);
        this.createdAt.delete(event.orderId);
        break;
      }
      case 'fulfillment.assigned': {
        const payload = fieldsOf(event);
        this.foKind.set(textOf(payload['foId']) || event.ref, textOf(payload['method']) === 'SHIP_FROM_DC' ? 'dc' : 'store');
        break;
      }
      case 'fo.transitioned': {
        const payload = fieldsOf(event);
        const foId = textOf(payload['foId']) || event.ref;
        const to = textOf(payload['to']);
        if (to === 'RELEASED') this.releasedAt.set(foId, event.atMs);
        else if (to === 'ACKNOWLEDGED') {
          const released = this.releasedAt.get(foId);
          if (released !== undefined) this.ackTimes[this.foKind.get(foId) ?? 'unknown'].add(event.atMs - released);
          this.releasedAt.delete(foId);
          this.foKind.delete(foId);
        }
        break;
      }
      default:
        break;
    }
  }
}
