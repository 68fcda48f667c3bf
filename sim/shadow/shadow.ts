import type { CancelOrderCommand, CommandResult, Orchestrator, OrchestratorConfig, OrchestratorPlugin, PlaceOrderCommand, ReturnCommand } from '../../orchestrator/plugin.ts';
import type { HttpOutcome, HttpRequest, Ports, PublishedEvent } from '../../orchestrator/ports.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import { RandomStreams } from '../kernel/random.ts';
import { MemoryStore } from '../world/memory-store.ts';
import { DecisionLog, divergence, type Capability, type CapabilityDivergence } from './decision-log.ts';
import { ResponseMirror, type MirrorCounts } from './response-mirror.ts';
import { ShadowFolder } from './shadow-folder.ts';

export interface ShadowReport {
  primary: string;
  shadow: string;
  /** Capabilities the primary took from the shadow (the migration being rehearsed). */
  delegated: string[];
  divergence: Record<Capability, CapabilityDivergence>;
  /** The shadow's HTTP: answered from the primary's answers, or unmatched (never sent). */
  http: MirrorCounts;
  unmatchedExamples: string[];
  /** Release files the shadow wrote that no WMS ever read. */
  filesWritten: number;
  /** Commands mirrored to the shadow, and how many it refused or could not take. */
  commands: { mirrored: number; refused: number };
}

/**
 * Shadow mode: a second orchestrator beside the primary on the same mirrored traffic, read-only.
 * It gets every command the primary gets, sees every file the WMS writes and the answers the
 * primary got from the POS and the gateway; what it sends itself is recorded, never executed.
 * Its decisions are compared with the primary's per capability. It runs on the same virtual
 * clock and the same seed (its own copy of the streams), so an identical shadow decides
 * identically: any divergence is the code's.
 */
export class Shadow {
  private readonly mirror: ResponseMirror;
  private readonly folder = new ShadowFolder();
  private readonly primaryDecisions = new DecisionLog();
  private readonly shadowDecisions = new DecisionLog();
  private readonly instance: Orchestrator;
  private readonly orderIdByChannelKey = new Map<string, string>();
  private readonly channelKeyByPrimaryOrder = new Map<string, string>();
  private mirrored = 0;
  private refused = 0;

  constructor(
    private readonly kernel: SimKernel,
    seed: number,
    private readonly plugin: OrchestratorPlugin,
    config: OrchestratorConfig,
    private readonly primaryName: string,
    private readonly delegated: readonly string[],
  ) {
    this.mirror = new ResponseMirror((delayMs, action) => void kernel.schedule('shadow.http-timeout', delayMs, action));
    const ports: Ports = {
      clock: { nowMs: () => kernel.clock.nowMs() },
      timers: {
        setTimer: (label, delayMs, callback) => kernel.schedule(`shadow.${label}`, delayMs, callback),
        sleep: (delayMs) => new Promise((resolve) => kernel.schedule('shadow.sleep', delayMs, resolve)),
      },
      // The primary's first stream, drawn again from the start: an identical shadow draws identically.
      random: new RandomStreams(seed).stream('orchestrator'),
      http: { send: (request) => this.mirror.send(request) },
      files: this.folder.filesPort(),
      store: new MemoryStore(),
      events: { publish: (event) => this.onShadowPublished(event) },
    };
    this.instance = plugin.create(ports, config);
  }

  start(): void {
    // A shadow that fails to start stops the run with its error (exit 3), never silently.
    this.kernel.detach(this.instance.start());
  }

  /** The primary's side of the traffic, as the world sees it. */
  primaryAnswered(request: HttpRequest, outcome: HttpOutcome): void {
    this.mirror.primaryAnswered(request, outcome);
  }

  primaryPublished(event: PublishedEvent): void {
    this.primaryDecisions.onPublished(event);
    if (event.type === 'order.created') this.channelKeyByPrimaryOrder.set(event.correlationId, `${String(event.payload.channel)}:${String(event.payload.channelOrderId)}`);
  }

  wmsWrote(path: string, content: string): void {
    this.folder.wmsWrote(path, content);
  }

  wmsRenamed(fromPath: string, toPath: string): void {
    this.folder.wmsRenamed(fromPath, toPath);
  }

  private onShadowPublished(event: PublishedEvent): void {
    this.shadowDecisions.onPublished(event);
    if (event.type === 'order.created') this.orderIdByChannelKey.set(`${String(event.payload.channel)}:${String(event.payload.channelOrderId)}`, event.correlationId);
  }

  /** The shadow's id for an order the primary names by its own id, once both have created it. */
  private shadowOrderId(primaryOrderId: string): string | undefined {
    const key = this.channelKeyByPrimaryOrder.get(primaryOrderId);
    return key === undefined ? undefined : this.orderIdByChannelKey.get(key);
  }

  private take(result: Promise<CommandResult> | undefined): void {
    this.mirrored++;
    if (result === undefined) {
      this.refused++;
      return;
    }
    this.kernel.detach(
      result.then((answer) => {
        if (answer.kind !== 'accepted' && answer.kind !== 'replayed') this.refused++;
      }),
    );
  }

  /**
   * Wraps the primary so every command it gets reaches the shadow too (after the primary, in the
   * same instant), with order ids translated to the shadow's own.
   */
  tee(primary: Orchestrator): Orchestrator {
    const translated = <T extends { orderId: string }>(command: T): T | undefined => {
      const orderId = this.shadowOrderId(command.orderId);
      return orderId === undefined ? undefined : { ...command, orderId };
    };
    const tee: Orchestrator = {
      name: primary.name,
      version: primary.version,
      start: () => primary.start(),
      view: () => primary.view(),
      placeOrder: (command: PlaceOrderCommand) => {
        const answer = primary.placeOrder(command);
        this.take(this.instance.placeOrder(command));
        return answer;
      },
    };
    // A command about an existing order reaches the shadow with the shadow's own order id.
    const mirrored = <C extends { orderId: string }>(forward: ((command: C) => Promise<CommandResult>) | undefined, onShadow: (shadow: Orchestrator, command: C) => Promise<CommandResult> | undefined) =>
      forward === undefined
        ? undefined
        : (command: C): Promise<CommandResult> => {
            const answer = forward(command);
            const mine = translated(command);
            this.take(mine === undefined ? undefined : onShadow(this.instance, mine));
            return answer;
          };
    const cancel = mirrored<CancelOrderCommand>(primary.cancelOrder?.bind(primary), (shadow, command) => shadow.cancelOrder?.(command));
    if (cancel !== undefined) tee.cancelOrder = cancel;
    const requestReturn = mirrored<ReturnCommand>(primary.requestReturn?.bind(primary), (shadow, command) => shadow.requestReturn?.(command));
    if (requestReturn !== undefined) tee.requestReturn = requestReturn;
    if (primary.replayDeadLetter !== undefined) tee.replayDeadLetter = primary.replayDeadLetter.bind(primary);
    return tee;
  }

  report(): ShadowReport {
    return {
      primary: this.primaryName,
      shadow: `${this.plugin.name}@${this.plugin.version}`,
      delegated: [...this.delegated],
      divergence: divergence(this.primaryDecisions, this.shadowDecisions),
      http: this.mirror.result(),
      unmatchedExamples: [...this.mirror.unmatchedRequests],
      filesWritten: this.folder.filesWritten(),
      commands: { mirrored: this.mirrored, refused: this.refused },
    };
  }
}
