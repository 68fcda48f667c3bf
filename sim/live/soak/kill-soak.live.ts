/**
 * The live kill soak: the reference orchestrator in its own process (`converge orchestrate`, on
 * SQLite on disk) against the live fakes (the POS and the gateway over real HTTP, the WMS over a
 * real folder), all on one sped-up clock, killed with SIGKILL at random moments and started again
 * on the same file. The same checkers as a simulated run watch everything: the fakes' records and
 * the published events as they happen, then the owners' books against the orchestrator's view
 * (read from its file) once every order has settled. A kill that loses an order, a hold, a file
 * or an event, or makes one happen twice, shows as a violation.
 *
 * Unlike a simulated run it is not deterministic (real timing decides what each kill interrupts),
 * so a finding comes with its trace, not a replay command.
 */
import { LastEventByOrder } from '../../world/last-event-by-order.ts';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OrchestratorPlugin, OrchestratorView, PlaceOrderCommand } from '../../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../../orchestrator/ports.ts';
import { DEFAULT_CHECKERS } from '../../invariants/catalogue.ts';
import { runEndOfRunChecks } from '../../invariants/end-of-run.ts';
import { pointer, type CheckContext, type Finding, type InvariantChecker, type Violation } from '../../invariants/types.ts';
import { RandomStreams } from '../../kernel/random.ts';
import { Trace, type TraceEvent, type TraceSource } from '../../kernel/trace.ts';
import { ArrivalSchedule } from '../../workload/arrivals.ts';
import { OrderGenerator } from '../../workload/orders.ts';
import { CustomerChoices } from '../../world/customer-choices.ts';
import { ReferenceIndex } from '../../world/reference-index.ts';
import type { Scenario } from '../../world/scenario-schema.ts';
import { SettledOrders } from '../../world/settled-orders.ts';
import { buildTopology } from '../../world/topology.ts';
import { checkContextOf } from '../../world/check-context.ts';
import { wallNowMs } from '../live-clock.live.ts';
import { liveOrchestratorConfig } from '../live-orchestrator.live.ts';
import { startLivePayment } from '../live-payment.live.ts';
import { startLivePos } from '../live-pos.live.ts';
import { startLiveWms, wmsDcsOf, type LiveWms } from '../live-wms.live.ts';
import { describeError, RealTimeEnv, type LiveTraceRecord } from '../real-time-env.live.ts';
import { EventLogReader } from './event-log-reader.live.ts';
import { LiveChannel } from './live-channel.live.ts';
import { OrchestratorProcess } from './orchestrator-process.live.ts';
import { storeView } from './store-view.live.ts';

export interface KillSoakOptions {
  /** The orchestrator under test, as `converge orchestrate --orchestrator` takes it, and loaded. */
  orchestrator: { ref: string; plugin: OrchestratorPlugin };
  scenario: Scenario;
  scenarioPath: string;
  seed: number;
  speed: number;
  /** SIGKILLs to deliver before the run may settle. */
  kills: number;
  /** Real ms from a process's start (listening) to its kill: drawn uniformly from this range. */
  killAfterRealMs: { min: number; max: number };
  /** A fresh folder for the SQLite file, the event log and the WMS folder. */
  dir: string;
  /** The project root: where `bin/converge.js` is. */
  projectRoot: string;
  log: (line: string) => void;
}

export interface KillSoakResult {
  kills: number;
  starts: number;
  ordersSent: number;
  ordersTaken: number;
  ordersClosed: number;
  openExceptions: number;
  eventsPublished: number;
  eventsRedelivered: number;
  traceEvents: number;
  settled: boolean;
  stopReason: string;
  simulatedHours: number;
  realSeconds: number;
  violations: Violation[];
  counters: Record<string, number>;
}

/** How often the event log is read between two fake records (real ms). */
const EVENT_POLL_REAL_MS = 20;
/** How often the soak asks whether everything settled, once the kills are done (real ms). */
const SETTLE_PROBE_REAL_MS = 1_000;
const HOUR_MS = 3_600_000;
const MAX_VIOLATIONS = 200;

export class KillSoak {
  private readonly trace = new Trace();
  private readonly startEpochMs: number;
  private readonly originWallMs = wallNowMs();
  private readonly env: RealTimeEnv;
  private readonly references = new ReferenceIndex();
  private readonly choices = new CustomerChoices();
  private readonly delivered = new Set<string>();
  private readonly lastEvents = new LastEventByOrder();
  private readonly violations: Violation[] = [];
  private readonly reported = new Set<string>();
  private readonly checkers: readonly InvariantChecker[] = DEFAULT_CHECKERS;
  private readonly random: RandomStreams;
  private readonly paths: { db: string; events: string; wms: string };
  private readonly channel: LiveChannel;
  /** Made once the servers listen (its arguments name their ports). */
  private process: OrchestratorProcess | undefined;
  private readonly events: EventLogReader;
  private view: OrchestratorView | undefined;
  private context: CheckContext | undefined;
  private publishing: { index: number; occurredAtMs: number } | null = null;
  private kills = 0;
  private redelivered = 0;
  private arrivalsDone = false;
  private finished = false;
  private stopReason = '';

  constructor(private readonly options: KillSoakOptions) {
    const { scenario } = options;
    this.startEpochMs = Date.parse(scenario.startInstant);
    this.random = new RandomStreams(options.seed);
    const dir = resolve(options.dir);
    this.paths = { db: join(dir, 'orchestrator.sqlite'), events: join(dir, 'events.jsonl'), wms: join(dir, 'wms') };
    mkdirSync(this.paths.wms, { recursive: true });
    this.env = new RealTimeEnv({
      seed: options.seed,
      startEpochMs: this.startEpochMs,
      speed: options.speed,
      originWallMs: this.originWallMs,
      onTrace: (record) => this.onFakeRecord(record),
      onError: (label, error) => this.finding({ invariant: 'harness.fake-job-threw', orderId: '', detail: `${label}: ${describeError(error)}`, firstBadEvent: null }),
    });
    this.events = new EventLogReader(this.paths.events);
    this.channel = new LiveChannel({
      url: () => this.process?.url,
      retryRealMs: 200,
      refused: (reference, result) => this.record('order.refused', 'world', '', reference, `${result.kind}${'message' in result ? ` ${result.message}` : ''}`),
      failed: (reference, detail) => {
        const traced = this.record('orchestrator.threw', 'world', '', reference, detail);
        this.finding({ invariant: 'orchestrator.threw', orderId: '', detail: `place-order for ${reference}: ${detail}`, firstBadEvent: pointer(traced) });
      },
    });
  }

  /** The orchestrator process, pointed at the live servers' addresses. */
  private orchestratorProcess(posUrl: string, paymentUrl: string): OrchestratorProcess {
    const { options } = this;
    const iso = (epochMs: number): string => new Date(epochMs).toISOString();
    return new OrchestratorProcess({
      argv: [
        process.execPath,
        join(options.projectRoot, 'bin/converge.js'),
        'orchestrate',
        '--orchestrator', options.orchestrator.ref,
        '--db', this.paths.db,
        '--events', this.paths.events,
        '--wms', this.paths.wms,
        '--pos', posUrl,
        '--payment', paymentUrl,
        '--scenario', options.scenarioPath,
        '--seed', String(options.seed),
        '--speed', String(options.speed),
        '--start', iso(this.startEpochMs),
        '--origin', iso(this.originWallMs),
      ],
      cwd: options.projectRoot,
      onUnexpectedExit: (description) => {
        const traced = this.record('orchestrator.threw', 'world', '', '', description);
        this.finding({ invariant: 'orchestrator.threw', orderId: '', detail: `the orchestrator process exited on its own: ${description}`, firstBadEvent: pointer(traced) });
      },
    });
  }

  async run(): Promise<KillSoakResult> {
    const { scenario, seed, speed } = this.options;
    const quiet = (): void => undefined;
    const pos = await startLivePos({ scenario, seed, speed, startEpochMs: this.startEpochMs, port: 0, log: quiet, env: this.env });
    const payment = await startLivePayment({ scenario, env: this.env, startEpochMs: this.startEpochMs, speed, port: 0, log: quiet });
    const wms = startLiveWms({ dcs: wmsDcsOf(scenario), seed, speed, startEpochMs: this.startEpochMs, dir: this.paths.wms, log: quiet, env: this.env });
    const config = liveOrchestratorConfig(scenario, this.startEpochMs, pos.server.url, payment.server.url);
    const topology = buildTopology(scenario, scenario.workload.orders);
    // The checkers watch from the fakes' first record; the view opens the file the process will use.
    this.view = storeView(this.options.orchestrator.plugin, this.paths.db, config, () => this.env.nowMs());
    this.trace.listen((event) => this.observe(event));
    this.context = checkContextOf({
      view: this.view,
      pos: pos.pos,
      wms: wms.wms,
      payment: payment.payment,
      topology,
      config,
      references: this.references,
      choices: this.choices,
      lastEvents: this.lastEvents,
      nowMs: () => this.env.nowMs(),
      startEpochMs: this.startEpochMs,
      publishing: () => this.publishing,
    });
    const child = this.orchestratorProcess(pos.server.url, payment.server.url);
    this.process = child;
    const eventPoll = setInterval(() => this.drainEvents(), EVENT_POLL_REAL_MS);
    const realStart = wallNowMs();
    try {
      await this.startProcess(child);
      this.startArrivals();
      await this.killRepeatedly(child);
      await this.untilSettled(wms);
      await child.stop('SIGTERM');
      this.drainEvents();
      this.finished = true;
      // Stopped at a violation, the run is unfinished: what is still open is its consequence, not news.
      if (this.violations.length === 0) runEndOfRunChecks(this.checkers, this.context, (finding) => this.finding(finding), MAX_VIOLATIONS);
      return this.result(realStart);
    } finally {
      clearInterval(eventPoll);
      this.channel.stop();
      await child.stop('SIGKILL');
      this.env.stop();
      wms.stop();
      await pos.stop();
      await payment.server.close();
      this.events.close();
    }
  }

  private async startProcess(child: OrchestratorProcess): Promise<void> {
    await child.start();
    if (child.startCount > 1) this.record('orchestrator.restarted', 'world', '', '', `start ${child.startCount}`);
  }

  /** Kill, restart, repeat: each process lives a random real time, then gets SIGKILL. */
  private async killRepeatedly(child: OrchestratorProcess): Promise<void> {
    const draw = this.random.stream('soak.kills');
    const { min, max } = this.options.killAfterRealMs;
    while (this.kills < this.options.kills && this.violations.length === 0) {
      await sleepReal(min + draw.next() * (max - min));
      await child.kill();
      this.kills += 1;
      this.record('orchestrator.crashed', 'world', '', '', `SIGKILL ${this.kills}`);
      this.options.log(`kill ${this.kills}/${this.options.kills} at ${new Date(this.env.nowMs()).toISOString()} (simulated); ${this.channel.counters()['channel.orders_sent']} orders sent`);
      await this.startProcess(child);
    }
  }

  private async untilSettled(wms: LiveWms): Promise<void> {
    const { phases } = this.options.scenario;
    const healedMs = this.startEpochMs + (phases.workloadHours + phases.healHours) * HOUR_MS;
    const boundMs = healedMs + phases.convergenceHours * HOUR_MS;
    const settledOrders = new SettledOrders();
    for (;;) {
      if (this.violations.length > 0) {
        this.stopReason = 'a violation was found';
        return;
      }
      const nowMs = this.env.nowMs();
      if (nowMs >= boundMs) {
        this.stopReason = 'convergence bound reached';
        return;
      }
      const view = this.view as OrchestratorView;
      if (this.arrivalsDone && this.channel.pending === 0 && nowMs >= healedMs && wms.wms.pendingDeliveries() === 0 && settledOrders.check(view)) {
        this.stopReason = 'every order closed or on the exception queue';
        return;
      }
      await sleepReal(SETTLE_PROBE_REAL_MS);
    }
  }

  private startArrivals(): void {
    const { scenario } = this.options;
    const { timeZone, hourlyWeights, peakDays, bursts } = scenario.workload;
    const workloadMs = scenario.phases.workloadHours * HOUR_MS;
    const arrivals = new ArrivalSchedule(this.random.stream('workload.arrivals'), scenario.workload.orders, this.startEpochMs, workloadMs, { timeZone, hourlyWeights, peakDays, bursts });
    const generator = new OrderGenerator(this.random.stream('workload.orders'), scenario);
    const scheduleNext = (): void => {
      const atMs = arrivals.next();
      if (atMs === undefined) {
        this.arrivalsDone = true;
        return;
      }
      this.env.schedule('workload.arrival', this.startEpochMs + atMs - this.env.nowMs(), () => {
        this.placeOrder(generator.next());
        scheduleNext();
      });
    };
    scheduleNext();
  }

  private placeOrder(command: PlaceOrderCommand): void {
    this.choices.note(command);
    this.record('order.arrived', 'world', '', `${command.channel}:${command.channelOrderId}`, CustomerChoices.describe(command));
    this.channel.send(command).catch((error: unknown) => {
      this.finding({ invariant: 'harness.channel-threw', orderId: '', detail: describeError(error), firstBadEvent: null });
    });
  }

  private onFakeRecord(record: LiveTraceRecord): void {
    // What the orchestrator published before the fake acted is traced first, as it happened.
    this.drainEvents();
    this.record(record.kind, record.source as TraceSource, this.references.orderOf(record.reference), record.reference, record.detail);
  }

  private drainEvents(): void {
    for (const event of this.events.readNew()) this.onPublished(event);
  }

  private onPublished(event: PublishedEvent): void {
    const context = this.context;
    if (this.delivered.has(event.eventId)) {
      this.redelivered += 1;
      const traced = this.trace.record(this.elapsedMs(), 'event.redelivered', 'orchestrator', event.correlationId, event.aggregateId, JSON.stringify(event.payload));
      if (context !== undefined) for (const checker of this.checkers) checker.onRedelivered?.(event, traced, context, this.report);
      return;
    }
    this.delivered.add(event.eventId);
    this.references.learn(event);
    this.publishing = { index: this.trace.length, occurredAtMs: event.occurredAtMs };
    const traced = this.trace.record(this.elapsedMs(), event.type, 'orchestrator', event.correlationId, event.aggregateId, JSON.stringify(event.payload));
    this.publishing = null;
    if (context !== undefined) for (const checker of this.checkers) checker.onPublished?.(event, traced, context, this.report);
  }

  private record(kind: string, source: TraceSource, orderId: string, ref: string, detail: string): TraceEvent {
    return this.trace.record(this.elapsedMs(), kind, source, orderId, ref, detail);
  }

  private elapsedMs(): number {
    return this.env.nowMs() - this.startEpochMs;
  }

  private observe(event: TraceEvent): void {
    this.lastEvents.note(event);
    const context = this.context;
    if (context !== undefined && !this.finished) for (const checker of this.checkers) checker.onEvent?.(event, context, this.report);
  }

  private readonly report = (finding: Finding): void => this.finding(finding);

  private finding(finding: Finding): void {
    const key = `${finding.invariant}|${finding.orderId}|${finding.detail}`;
    if (this.reported.has(key) || this.violations.length >= MAX_VIOLATIONS) return;
    this.reported.add(key);
    this.violations.push({ ...finding, replay: `npm run soak:live -- --seed ${this.options.seed} (live: not deterministic; the trace is in ${this.options.dir})` });
  }

  private result(realStart: number): KillSoakResult {
    const view = this.view as OrchestratorView;
    let taken = 0;
    let closed = 0;
    for (const order of view.orders()) {
      taken += 1;
      if (order.closed) closed += 1;
    }
    const counters = this.channel.counters();
    return {
      kills: this.kills,
      starts: this.process?.startCount ?? 0,
      ordersSent: counters['channel.orders_sent'],
      ordersTaken: taken,
      ordersClosed: closed,
      openExceptions: view.openExceptions().length,
      eventsPublished: this.delivered.size,
      eventsRedelivered: this.redelivered,
      traceEvents: this.trace.length,
      settled: this.stopReason === 'every order closed or on the exception queue',
      stopReason: this.stopReason,
      simulatedHours: (this.env.nowMs() - this.startEpochMs) / HOUR_MS,
      realSeconds: (wallNowMs() - realStart) / 1000,
      violations: this.violations,
      counters: { ...counters },
    };
  }
}

function sleepReal(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
