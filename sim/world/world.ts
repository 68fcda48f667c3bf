import type { Orchestrator, OrchestratorConfig, OrchestratorPlugin, OrchestratorView, PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { FilesPort, HttpRequest, Ports, PublishedEvent } from '../../orchestrator/ports.ts';
import type { FakeEnv } from '../../legacy-fakes/env.ts';
import type { FakeHttpResponse, QuirkCounts } from '../../legacy-fakes/http.ts';
import { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import { SimKernel } from '../kernel/kernel.ts';
import type { TraceEvent, TraceSource } from '../kernel/trace.ts';
import type { CheckContext, InvariantChecker, Violation } from '../invariants/types.ts';
import { pointer } from '../invariants/types.ts';
import { runEndOfRunChecks } from '../invariants/end-of-run.ts';
import { CheckerDispatch } from '../invariants/checker-dispatch.ts';
import { MetricsCollector, type RunMetrics } from '../report/metrics.ts';
import { ArrivalSchedule } from '../workload/arrivals.ts';
import { SalesChannel, type ChannelCommand } from '../workload/channel.ts';
import { OrderProbes } from '../workload/order-probes.ts';
import { Customers } from '../workload/customers.ts';
import { OrderGenerator } from '../workload/orders.ts';
import { DirectTransport } from '../transports/direct-transport.ts';
import type { LinkOptions } from '../transports/link-options.ts';
import type { TransportObserver } from '../transports/transport-observer.ts';
import { CrashSchedule, tearsSteps } from './crash-schedule.ts';
import { PowerLossStore } from './power-loss-store.ts';
import { MemoryStore } from './memory-store.ts';
import { SettledOrders } from './settled-orders.ts';
import { CustomerChoices } from './customer-choices.ts';
import { LastEventByOrder } from './last-event-by-order.ts';
import { DeliveredEvents } from './delivered-events.ts';
import { ReferenceIndex } from './reference-index.ts';
import { checkContextOf } from './check-context.ts';
import { never } from './never.ts';
import { describeThrown, guardOrchestrator, type OrchestratorFault } from './guarded-orchestrator.ts';
import { Shadow, type ShadowReport } from '../shadow/shadow.ts';
import type { Scenario } from './scenario-schema.ts';
import { buildTopology, PAYMENT_BASE_URL, posBaseUrl } from './topology.ts';
import { budgetFindings, ParkedTally, type ParkedReport } from './parking.ts';
import { verdictOf, type Verdict } from './verdict.ts';
import { describeWrite, VirtualFolder } from './virtual-folder.ts';
import { InputCounters } from './input-counters.ts';

const HOUR_MS = 3_600_000;
/** How often the world asks whether every order has closed, once the workload is over. */
const CONVERGENCE_PROBE_MS = 15 * 60_000;
/** A run keeps at most this many violations (the first ones): enough to act on, bounded in memory. */
export const MAX_VIOLATIONS = 1000;

export interface WorldOptions {
  scenario: Scenario;
  seed: number;
  /** Overrides the scenario's order count. */
  orders?: number;
  plugin: OrchestratorPlugin;
  checkers: readonly InvariantChecker[];
  /** The command that replays this run, put on every violation. */
  replayCommand: string;
  /** Every trace event, as it happens (JSONL export, dashboards). */
  onTrace?: (event: TraceEvent) => void;
  /** Awaited between events when it returns a promise (dashboards pace the run); never changes its history. */
  pause?: () => Promise<void> | undefined;
  /** Shadow mode: a second orchestrator on the mirrored traffic, read-only; `delegate` hands it capabilities of the primary. */
  shadow?: ShadowOptions;
  /** Hard bound on kernel events. */
  maxEvents?: number;
  /**
   * Crash the orchestrator after every this many kernel events of the safety phase (and restart it
   * from its store); replaces the scenario's `crashes.everyEvents` and `crashes.perEventRatio`.
   */
  crashEveryEvents?: number;
  /** How long a crashed orchestrator stays down, virtual ms (default: the scenario's `crashes.restartDelaySeconds`, else 30 s). */
  restartDelayMs?: number;
}

export interface ShadowOptions {
  plugin: OrchestratorPlugin;
  /** Capabilities the primary takes from the shadow's plugin (a migration step, rehearsed). */
  delegate?: readonly 'routing'[];
}

export interface WorldResult {
  orders: number;
  events: number;
  traceEvents: number;
  simulatedMs: number;
  traceHash: string;
  /** Settled within the bound (every order closed or parked) and no invariant broke: the verdict is `closed` or `held`. */
  converged: boolean;
  verdict: Verdict;
  /** Orders parked on the exception queue at the end, by category, beside the scenario's budget. */
  parked: ParkedReport;
  stopReason: string;
  violations: Violation[];
  metrics: RunMetrics;
  /** How often each quirk and fault fired: a fault plan that never fired proved nothing. */
  faultsFired: QuirkCounts;
  /** With a shadow: its decision divergence per capability. */
  shadow?: ShadowReport;
}

/**
 * One deterministic world: the kernel, the fakes, the orchestrator behind its ports, the
 * workload and the checkers, wired from a scenario and a seed.
 */
export class World {
  readonly kernel: SimKernel;
  readonly pos: PosFake;
  readonly wms: WmsFake;
  readonly payment: PaymentFake;
  private current: Orchestrator;
  /** Bumped at each crash: ports handed to an older instance go dead (its timers and replies never arrive). */
  private generation = 0;
  /** POS exchanges answered on a register clock that runs off (`clock.posSkewMinutes`). */
  private skewedExchanges = 0;
  /** Counters of the world's own inputs: skewed WMS and gateway clocks, long outages, scarce stock. */
  private readonly inputs: InputCounters;
  private readonly crashSchedule: CrashSchedule;
  private readonly channel: SalesChannel;
  private readonly probes: OrderProbes;
  private readonly store = new MemoryStore();
  private readonly orchestratorConfig: OrchestratorConfig;
  readonly orderCount: number;
  private readonly folder: VirtualFolder;
  /** Store links and the gateway link: one transport unless the scenario gives them different faults. */
  private readonly posTransport: DirectTransport;
  private readonly paymentTransport: DirectTransport;
  private readonly metrics = new MetricsCollector();
  private readonly references = new ReferenceIndex();
  /** Every event id published so far: a consumer de-duplicates by it (the outbox relays at least once). */
  private readonly delivered = new DeliveredEvents();
  private readonly lastEvents = new LastEventByOrder();
  private readonly violations: Violation[] = [];
  private readonly reported = new Set<string>();
  private readonly checkContext: CheckContext;
  /** Each trace event to the checkers that read its kind. */
  private readonly checkerDispatch: CheckerDispatch;
  private arrivalsDone = false;
  private convergedAtMs: number | null = null;
  /** The orchestrator threw or answered outside its contract: the run stops (reportFault). */
  private faulted = false;
  private readonly settledOrders = new SettledOrders();
  private readonly choices = new CustomerChoices();
  /** The published event being traced now (its trace index and envelope instant), for checkers' `occurredAtMs`. */
  private publishing: { index: number; occurredAtMs: number } | null = null;

  constructor(private readonly options: WorldOptions) {
    const { scenario, seed } = options;
    this.checkerDispatch = new CheckerDispatch(options.checkers);
    this.orderCount = options.orders ?? scenario.workload.orders;
    this.kernel = new SimKernel({ seed, startEpochMs: Date.parse(scenario.startInstant) });
    this.crashSchedule = new CrashSchedule(
      this.kernel,
      options,
      (restartDelayMs) => this.crashAndRestart(restartDelayMs),
      (restartDelayMs) => this.loseTheStep(restartDelayMs),
    );
    const topology = buildTopology(scenario, this.orderCount);
    const trace = this.kernel.trace;
    this.inputs = new InputCounters(scenario);

    trace.listen((event) => this.observe(event));
    if (options.onTrace !== undefined) trace.listen(options.onTrace);

    this.folder = new VirtualFolder({
      fileWritten: (path, content, writer) => {
        if (writer === 'wms') this.shadow?.wmsWrote(path, content);
        if (writer === 'wms') this.inputs.wmsFileWritten();
        this.record('file.written', writer === 'orchestrator' ? 'orchestrator' : 'wms', '', path, describeWrite(path, content));
      },
      fileRenamed: (fromPath, toPath, writer) => {
        if (writer === 'wms') this.shadow?.wmsRenamed(fromPath, toPath);
        this.record('file.renamed', writer === 'orchestrator' ? 'orchestrator' : 'wms', '', toPath, `${fromPath} -> ${toPath}`);
      },
    });
    const http = (kind: string, request: HttpRequest, detail: string): void => this.record(kind, 'network', this.references.orderOfRequest(request), request.baseUrl, detail);
    // A message with a body is traced structured: the body is hashed as it is and formatted only if read.
    const carrying = (kind: string, request: HttpRequest, head: string, body: unknown): void => {
      if (body === undefined) http(kind, request, `${head} `);
      else this.kernel.trace.recordData(this.kernel.elapsedMs, kind, 'network', this.references.orderOfRequest(request), request.baseUrl, head, body);
    };
    const line = (request: HttpRequest): string => `${request.method} ${request.path}`;
    const answer = (request: HttpRequest, response: FakeHttpResponse): string => `${request.method} ${request.path} -> ${response.status}`;
    const observer: TransportObserver = {
        requestDelivered: (request) => carrying('http.request', request, line(request), request.body),
        duplicated: (request) => http('http.duplicated', request, line(request)),
        lost: (request) => http('http.lost', request, line(request)),
        responseDelivered: (request, response) => carrying('http.response', request, answer(request, response), response.body),
        responseLost: (request, response, cause) => carrying('http.reply_lost', request, `${cause} ${answer(request, response)}`, response.body),
        unanswered: (request, kind) => http('http.unanswered', request, `${kind} ${line(request)}`),
        refused: (request) => http('http.refused', request, line(request)),
        timedOut: (request) => http('http.timeout', request, line(request)),
        unroutable: (request) => http('http.unroutable', request, line(request)),
    };
    const { network } = scenario;
    const link = (faults: typeof network.faults): LinkOptions => ({ latencyMs: network.posLatencyMs, ...(faults === undefined ? {} : { faults }) });
    this.posTransport = new DirectTransport(this.kernel, link(network.posFaults ?? network.faults), observer);
    // Streams are named per base URL, so splitting the links moves no draw.
    const separate = network.posFaults !== undefined || network.paymentFaults !== undefined;
    this.paymentTransport = separate ? new DirectTransport(this.kernel, link(network.paymentFaults ?? network.faults), observer) : this.posTransport;

    const posSkewMs = (scenario.clock?.posSkewMinutes ?? 0) * 60_000;
    this.pos = new PosFake(this.fakeEnv('pos', posSkewMs), topology.posStores);
    for (const store of topology.posStores) {
      this.posTransport.route(posBaseUrl(store.storeId), (request) => {
        if (posSkewMs !== 0) this.skewedExchanges++;
        this.inputs.posExchange(store.storeId, this.kernel.clock.nowMs() + posSkewMs);
        return this.pos.exchange(store.storeId, request);
      });
    }
    const paymentSkewMs = (scenario.clock?.paymentSkewMinutes ?? 0) * 60_000;
    this.payment = new PaymentFake(this.fakeEnv('payment', paymentSkewMs), topology.payment);
    this.paymentTransport.route(PAYMENT_BASE_URL, (request) => {
      this.inputs.paymentExchange(this.kernel.clock.nowMs() + paymentSkewMs);
      return this.payment.exchange(request);
    });
    this.wms = new WmsFake(this.fakeEnv('wms', (scenario.clock?.wmsSkewMinutes ?? 0) * 60_000), this.folder.asFakeFolder('wms'), topology.wmsDcs);

    const shadowOptions = options.shadow === undefined ? undefined : { ...options.shadow, delegate: capabilitiesToDelegate(scenario, options.shadow.delegate) };
    this.orchestratorConfig = withDelegated(topology.orchestratorConfig, shadowOptions);
    this.current = options.plugin.create(this.portsFor(0), this.orchestratorConfig);
    this.shadow = options.shadow === undefined ? undefined : new Shadow(this.kernel, seed, options.shadow.plugin, topology.orchestratorConfig, `${options.plugin.name}@${options.plugin.version}`, shadowOptions?.delegate ?? []);
    this.channel = new SalesChannel(this.kernel, scenario.channel, { instance: () => this.commandTarget(), generation: () => this.generation }, () => this.crashSchedule.afterCommand());
    this.probes = new OrderProbes(this.kernel, scenario.channel, this.channel, scenario.topology.stores.filter((store) => store.methods.includes('BOPIS')).map((store) => store.id));
    this.customers = new Customers(this.kernel, scenario, this.pos, () => this.commandTarget(), this.channel);
    this.checkContext = checkContextOf({
      view: this.liveView(),
      pos: this.pos,
      wms: this.wms,
      payment: this.payment,
      topology,
      config: this.orchestratorConfig,
      references: this.references,
      choices: this.choices,
      lastEvents: this.lastEvents,
      nowMs: () => this.kernel.clock.nowMs(),
      startEpochMs: this.kernel.clock.startEpochMs,
      publishing: () => this.publishing,
    });
  }

  private readonly customers: Customers;

  private readonly shadow: Shadow | undefined;
  private target: { generation: number; orchestrator: Orchestrator } | null = null;

  /**
   * Where commands go: the running orchestrator (and the shadow beside it when there is one),
   * guarded so a command that throws or answers outside the contract is reported at once.
   */
  private commandTarget(): Orchestrator {
    if (this.target?.generation !== this.generation) {
      const target = this.shadow === undefined ? this.current : this.shadow.tee(this.current);
      this.target = { generation: this.generation, orchestrator: guardOrchestrator(target, this.reportFaultOf(this.generation)) };
    }
    return this.target.orchestrator;
  }

  /** Faults of one instance: once power loss killed it, what it throws on its way down is not a finding. */
  private reportFaultOf(generation: number): (fault: OrchestratorFault) => void {
    return (fault) => {
      if (generation === this.generation) this.reportFault(fault);
    };
  }

  /**
   * The orchestrator threw (a timer's callback, a command, its start) or answered a command with
   * something the contract does not know: a violation naming where, and the run stops there.
   * Only the first: what follows a throw is its consequence.
   */
  private readonly reportFault = (fault: OrchestratorFault): void => {
    if (this.faulted) return;
    this.faulted = true;
    const invariant = fault.kind === 'threw' ? 'orchestrator.threw' : 'orchestrator.answers-as-documented';
    const traced = this.kernel.trace.record(this.kernel.elapsedMs, invariant, 'world', fault.orderId, fault.where, fault.message);
    this.report({ invariant, orderId: fault.orderId, detail: `${fault.where}: ${fault.message}`, firstBadEvent: pointer(traced) });
  };

  get orchestrator(): Orchestrator {
    return this.current;
  }

  /** A view that always reads the orchestrator instance alive now (crashes replace it). */
  private liveView(): OrchestratorView {
    return {
      orders: () => this.current.view().orders(),
      order: (orderId) => this.current.view().order(orderId),
      openOrderCount: () => this.current.view().openOrderCount(),
      openOrders: () => {
        const view = this.current.view();
        return view.openOrders?.() ?? view.orders();
      },
      openExceptions: () => this.current.view().openExceptions(),
      // A plugin without a dead-letter queue lists none.
      deadLetters: () => this.current.view().deadLetters?.() ?? [],
    };
  }

  /**
   * Ports for one orchestrator instance. Everything that calls back into it (timers, sleeps, HTTP
   * replies, published events) is dropped once a crash has replaced it; the store is shared,
   * because it is what survives a crash.
   */
  private portsFor(generation: number): Ports {
    const alive = (): boolean => generation === this.generation;
    const folder = this.folder.asFilesPort('orchestrator');
    // A dead process writes nothing more (its calls never return); reads are harmless.
    const files: FilesPort = {
      write: (path, content) => (alive() ? folder.write(path, content) : never()),
      rename: (fromPath, toPath) => (alive() ? folder.rename(fromPath, toPath) : never()),
      read: (path) => folder.read(path),
      list: (dir) => folder.list(dir),
    };
    return {
      clock: { nowMs: () => this.kernel.clock.nowMs() },
      timers: {
        setTimer: (label, delayMs, callback) =>
          this.kernel.schedule(label, delayMs, () => {
            if (!alive()) return;
            try {
              callback();
            } catch (error) {
              if (alive()) this.reportFault({ kind: 'threw', where: `timer ${label}`, message: describeThrown(error), orderId: '' });
            }
          }),
        sleep: (delayMs) => new Promise((resolve) => this.kernel.schedule('orchestrator.sleep', delayMs, () => alive() && resolve())),
      },
      random: this.kernel.random.stream(generation === 0 ? 'orchestrator' : `orchestrator.after-crash-${generation}`),
      http: {
        send: (request) =>
          !alive() ? never() : new Promise((resolve) =>
            this.kernel.detach(
              this.transportFor(request)
                .send(request)
                .then((outcome) => {
                  this.shadow?.primaryAnswered(request, outcome);
                  if (alive()) resolve(outcome);
                }),
            ),
          ),
      },
      files,
      // Power can go between two writes of a step only where the scenario says so: elsewhere the shared store itself.
      store: tearsSteps(this.options.scenario) ? new PowerLossStore(this.store, alive, () => this.crashSchedule.afterWrite()) : this.store,
      events: { publish: (event) => alive() && this.onPublished(event) },
    };
  }

  /** Kills the orchestrator between two events and starts a new instance on the same store. */
  private crashAndRestart(restartDelayMs: number): void {
    this.generation++;
    this.record('orchestrator.crashed', 'world', '', '', `generation ${this.generation}`);
    this.replaceInstance(this.generation, restartDelayMs);
  }

  /** A new instance of `generation` on the same store, taking commands now and started after the delay. */
  private replaceInstance(generation: number, restartDelayMs: number): void {
    const restarted = this.options.plugin.create(this.portsFor(generation), this.orchestratorConfig);
    this.current = restarted;
    this.target = null;
    this.kernel.schedule('orchestrator.restart', restartDelayMs, () => {
      // Crashed again before it was up (`--crash-every`): that later instance's restart is the one that counts.
      if (generation !== this.generation) return;
      this.crashSchedule.restarted();
      this.record('orchestrator.restarted', 'world', '', '', `generation ${generation}`);
      this.kernel.detach(guardOrchestrator(restarted, this.reportFaultOf(generation)).start());
    });
  }

  /**
   * Power lost inside a step, right after a store write: the instance is dead at once (its later
   * writes, timers, requests and events go nowhere, and its open transaction rolls back when its
   * step unwinds). The new instance is made once that synchronous step is over, so it never sees
   * the transaction that is being undone.
   */
  private loseTheStep(restartDelayMs: number): void {
    this.generation++;
    const generation = this.generation;
    this.record('orchestrator.crashed', 'world', '', '', `generation ${generation} (power lost after a store write, inside a step)`);
    // Until then no process runs: a command sent now is never answered (the channel re-sends it).
    this.current = unanswering(this.current);
    this.kernel.detach(Promise.resolve().then(() => this.replaceInstance(generation, restartDelayMs)));
  }

  async run(): Promise<WorldResult> {
    const { scenario } = this.options;
    const workloadMs = scenario.phases.workloadHours * HOUR_MS;
    const healedMs = workloadMs + scenario.phases.healHours * HOUR_MS;
    const boundMs = healedMs + scenario.phases.convergenceHours * HOUR_MS;

    this.wms.start();
    // start() talks to the fakes, which answer on virtual time: it runs inside the world.
    this.kernel.schedule('orchestrator.start', 0, () => this.kernel.detach(this.commandTarget().start()));
    const shadow = this.shadow;
    if (shadow !== undefined) this.kernel.schedule('shadow.start', 0, () => shadow.start());
    this.startArrivals(workloadMs);
    this.scheduleConvergenceProbe(healedMs);

    const stats = await this.kernel.run({
      untilMs: boundMs,
      maxEvents: this.options.maxEvents ?? Math.max(1_000_000, this.orderCount * 400),
      ...(this.options.pause === undefined ? {} : { pause: this.options.pause }),
      shouldStop: () => {
        // A crash is a fault: it happens in the safety phase only, so the world can heal after it.
        this.crashSchedule.betweenEvents();
        return this.convergedAtMs !== null || this.faulted;
      },
    });
    // Nothing moves once the run is over: the end-of-run checkers share one reading of every order.
    const tally = new ParkedTally();
    // After a throw the world stopped mid-step: what is unfinished is its consequence, not news.
    runEndOfRunChecks(this.faulted ? [tally.observer] : [...this.options.checkers, tally.observer], this.checkContext, this.reportFinding, MAX_VIOLATIONS);
    const parked = tally.report(scenario, this.orderCount);
    // Past the cap too: a run with a finding on every order is exactly the one whose budget matters.
    for (const finding of budgetFindings(parked, this.orderCount)) this.violations.push({ ...finding, replay: this.options.replayCommand });
    const settled = this.convergedAtMs !== null;
    return {
      orders: this.orderCount,
      events: stats.events,
      traceEvents: this.kernel.trace.length,
      simulatedMs: this.kernel.elapsedMs,
      traceHash: this.kernel.trace.hash(),
      converged: settled && this.violations.length === 0,
      verdict: verdictOf({ settled, violations: this.violations.length, parkedOrders: parked.orders }),
      parked,
      stopReason: this.faulted ? 'the orchestrator threw or answered outside its contract' : stats.reason === 'stopped' ? 'every order closed or on the exception queue' : stats.reason === 'until' ? 'convergence bound reached' : stats.reason,
      violations: this.violations,
      metrics: this.metrics.result(this.kernel.clock.nowMs()),
      faultsFired: this.faultsFired(),
      ...(this.shadow === undefined ? {} : { shadow: this.shadow.report() }),
    };
  }

  private startArrivals(workloadMs: number): void {
    const { scenario } = this.options;
    const { timeZone, hourlyWeights, peakDays, bursts } = scenario.workload;
    const arrivals = new ArrivalSchedule(this.kernel.random.stream('workload.arrivals'), this.orderCount, this.kernel.clock.startEpochMs, workloadMs, { timeZone, hourlyWeights, peakDays, bursts });
    const generator = new OrderGenerator(this.kernel.random.stream('workload.orders'), scenario);
    // One arrival is scheduled at a time, so the event queue stays small however many orders come.
    const scheduleNext = (): void => {
      const at = arrivals.next();
      if (at === undefined) {
        this.arrivalsDone = true;
        return;
      }
      this.kernel.scheduleAt('workload.arrival', Math.max(at, this.kernel.elapsedMs), () => {
        this.placeOrder(generator.next());
        scheduleNext();
      });
    };
    scheduleNext();
  }

  private placeOrder(command: PlaceOrderCommand): void {
    const reference = `${command.channel}:${command.channelOrderId}`;
    this.choices.note(command);
    this.record('order.arrived', 'world', '', reference, CustomerChoices.describe(command));
    this.inputs.orderArrived(command);
    const send = (sent: PlaceOrderCommand): ChannelCommand => ({
      kind: 'placeOrder',
      idempotencyKey: sent.idempotencyKey,
      orderId: '',
      reference,
      invoke: (orchestrator) => orchestrator.placeOrder(sent),
      rekeyed: (idempotencyKey) => send({ ...sent, idempotencyKey }),
    });
    this.probes.send(command, reference, send, (taken) => this.channel.send(send(command), (result) => {
      taken(result);
      if (result.kind !== 'accepted' && result.kind !== 'replayed') {
        this.record('order.refused', 'world', '', reference, `${result.kind}${'message' in result ? ` ${result.message}` : ''}`);
      }
    }));
  }

  private scheduleConvergenceProbe(healedMs: number): void {
    // The WMS's late re-exports count like customers still to act: a run that stops before a
    // planned fault arrives has not tested it.
    const settled = (): boolean => this.arrivalsDone && this.kernel.elapsedMs >= healedMs && this.wms.pendingDeliveries() === 0 && this.everyOrderSettled() && this.customers.settled(this.orchestrator.view());
    const probe = (): void => {
      if (settled()) {
        // What is already due at this instant runs first (the outbox relay of the step that settled
        // the last order: its events are on their way, and consumers must get them), then again.
        this.kernel.schedule('world.convergence-confirm', 0, () => {
          if (settled()) this.convergedAtMs = this.kernel.elapsedMs;
          else this.kernel.schedule('world.convergence-probe', CONVERGENCE_PROBE_MS, probe);
        });
        return;
      }
      this.kernel.schedule('world.convergence-probe', CONVERGENCE_PROBE_MS, probe);
    };
    this.kernel.schedule('world.convergence-probe', CONVERGENCE_PROBE_MS, probe);
  }

  /** Non-zero counts only, sorted by name, so the summary and the JSON stay stable and short. */
  private faultsFired(): QuirkCounts {
    const all = this.faultCounters();
    return Object.fromEntries(Object.entries(all).filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Every counter this world keeps, zeros included (a fake names only the quirks it was configured with). */
  faultCounters(): QuirkCounts {
    return {
      ...this.pos.quirkCounts(),
      ...this.wms.quirkCounts(),
      ...this.payment.quirkCounts(),
      ...this.networkFaultCounts(),
      ...this.channel.counters(),
      ...this.probes.counters(),
      ...this.customers.counters(),
      'orchestrator.crash': this.crashSchedule.crashes,
      'orchestrator.crash_mid_command': this.crashSchedule.crashesMidCommand,
      'orchestrator.torn_step': this.crashSchedule.tornSteps,
      'clock.pos_skewed': this.skewedExchanges,
      ...this.inputs.counters(),
    };
  }

  private transportFor(request: HttpRequest): DirectTransport {
    return request.baseUrl === PAYMENT_BASE_URL ? this.paymentTransport : this.posTransport;
  }

  /** `network.<fault>` summed over the links. */
  private networkFaultCounts(): QuirkCounts {
    const counts: Record<string, number> = { ...this.posTransport.faultCounts() };
    if (this.paymentTransport !== this.posTransport) for (const [name, count] of Object.entries(this.paymentTransport.faultCounts())) counts[name] = (counts[name] ?? 0) + count;
    return counts;
  }

  /** Every order is closed, or its open FOs wait on the exception queue. */
  private everyOrderSettled(): boolean {
    return this.settledOrders.check(this.orchestrator.view());
  }

  /** `clockSkewMs`: the fake's own clock runs this far off the true time (its schedule does not: delays are delays). */
  private fakeEnv(source: TraceSource, clockSkewMs = 0): FakeEnv {
    return {
      nowMs: () => this.kernel.clock.nowMs() + clockSkewMs,
      schedule: (label, delayMs, action) => void this.kernel.schedule(label, delayMs, action),
      random: (name) => this.kernel.random.stream(`${source}.${name}`),
      trace: {
        record: (kind, reference, detail) => {
          if (source === 'pos') this.inputs.posTraced(kind, detail, this.kernel.clock.nowMs() + clockSkewMs);
          this.record(kind, source, this.references.orderOf(reference), reference, detail);
        },
      },
    };
  }

  private onPublished(event: PublishedEvent): void {
    if (!this.delivered.receive(event)) {
      this.onRedelivered(event);
      return;
    }
    this.shadow?.primaryPublished(event);
    this.references.learn(event);
    this.publishing = { index: this.kernel.trace.length, occurredAtMs: event.occurredAtMs };
    const traced = this.kernel.trace.recordData(this.kernel.elapsedMs, event.type, 'orchestrator', event.correlationId, event.aggregateId, '', event.payload);
    this.publishing = null;
    this.checkerDispatch.onPublished(event, traced, this.checkContext, this.reportFinding);
    this.metrics.onPublished(event);
    this.customers.onPublished(event);
  }

  /** A consumer drops a repeat by its event id: only the sequence checker sees it, to judge that it is the same event. */
  private onRedelivered(event: PublishedEvent): void {
    const traced = this.kernel.trace.recordData(this.kernel.elapsedMs, 'event.redelivered', 'orchestrator', event.correlationId, event.aggregateId, '', event.payload);
    this.checkerDispatch.onRedelivered(event, traced, this.checkContext, this.reportFinding);
  }

  private record(kind: string, source: TraceSource, orderId: string, ref: string, detail: string): void {
    this.kernel.trace.record(this.kernel.elapsedMs, kind, source, orderId, ref, detail);
  }

  private observe(event: TraceEvent): void {
    this.lastEvents.note(event);
    this.metrics.onTrace(event);
    this.checkerDispatch.onEvent(event, this.checkContext, this.reportFinding);
  }

  /** One function for every checker and event (a closure per call was a visible share of allocation). */
  private readonly reportFinding = (finding: Omit<Violation, 'replay'>): void => this.report(finding);

  private report(finding: Omit<Violation, 'replay'>): void {
    const key = `${finding.invariant}|${finding.orderId}|${finding.detail}`;
    if (this.reported.has(key) || this.violations.length >= MAX_VIOLATIONS) return;
    this.reported.add(key);
    this.violations.push({ ...finding, replay: this.options.replayCommand });
  }
}

/** What the primary hands to the shadow: `--delegate` if given, else the scenario's capability flags. */
export function capabilitiesToDelegate(scenario: Scenario, delegate: readonly 'routing'[] | undefined): readonly 'routing'[] {
  return delegate ?? (scenario.capabilities?.routing === 'candidate' ? ['routing'] : []);
}

/** The primary's config, with the capabilities a migration step hands to the shadow's plugin. */
function withDelegated(config: OrchestratorConfig, shadow: ShadowOptions | undefined): OrchestratorConfig {
  const delegate = shadow?.delegate ?? [];
  if (shadow === undefined || delegate.length === 0) return config;
  const lent = shadow.plugin.capabilities?.(config);
  if (lent?.routing === undefined) throw new RangeError(`shadow orchestrator ${shadow.plugin.name} does not offer the routing capability (its plugin has no capabilities().routing)`);
  return { ...config, delegated: { routing: lent.routing } };
}

/** A process that is not running: commands go nowhere and are never answered; the view is what its store shows. */
function unanswering(dead: Orchestrator): Orchestrator {
  return { name: dead.name, version: dead.version, view: () => dead.view(), start: never, placeOrder: never, cancelOrder: never, requestReturn: never, replayDeadLetter: never };
}
