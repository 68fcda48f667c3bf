/**
 * The sales channel (the web shop) as it really talks to an orchestrator: it sends placeOrder and
 * cancel commands with a stable idempotency key, some twice (soon after, or at once before the
 * first is answered), and sends again a command it got no answer to. Answers travel back on
 * virtual time (`replyMs`); an orchestrator that crashes in between never answers, and the
 * channel re-sends after `resendAfterMs`, to whatever instance is running then.
 *
 * Without a `channel` block in the scenario every command goes once and its answer is taken at
 * once: no events, no draws, the history of scenarios written before the channel existed.
 */
import type { CommandResult, Orchestrator } from '../../orchestrator/plugin.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import type { Scenario } from '../world/scenario-schema.ts';

export type ChannelOptions = NonNullable<Scenario['channel']>;

/** The orchestrator running now, and which incarnation it is (a crash bumps it). */
export interface RunningOrchestrator {
  instance(): Orchestrator;
  generation(): number;
}

export interface ChannelCommand {
  /** `placeOrder` or `cancel`, for the trace. */
  kind: string;
  idempotencyKey: string;
  /** The order it concerns, '' before the orchestrator gave it an id. */
  orderId: string;
  /** The channel's own reference (`web:0000042`) or the order id. */
  reference: string;
  /** Hands the command to an orchestrator; undefined if it does not support it. */
  invoke(orchestrator: Orchestrator): Promise<CommandResult> | undefined;
}

export type ChannelCounter = 'duplicate' | 'concurrent_duplicate' | 'resend_unanswered';

export class SalesChannel {
  private readonly counts = new Map<ChannelCounter, number>([
    ['duplicate', 0],
    ['concurrent_duplicate', 0],
    ['resend_unanswered', 0],
  ]);

  constructor(
    private readonly kernel: SimKernel,
    private readonly options: ChannelOptions | undefined,
    private readonly running: RunningOrchestrator,
    /** Called once a command was handed over (the world may crash the orchestrator now). */
    private readonly handedOver: () => void,
  ) {}

  /** `channel.<name>` for every counter, zeros included. */
  counters(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([name, count]) => [`channel.${name}`, count]));
  }

  /** Sends a command; `answered` gets the first answer that reaches the channel (at most once). */
  send(command: ChannelCommand, answered: (result: CommandResult) => void): void {
    const options = this.options;
    if (options === undefined) {
      const promise = command.invoke(this.running.instance());
      this.handedOver();
      void promise?.then(answered);
      return;
    }
    const random = this.kernel.random.stream('channel.duplicates');
    // Always three draws per command, so one ratio never moves where the other fires.
    const duplicate = options.duplicate !== undefined && random.chance(options.duplicate[0], options.duplicate[1]);
    const concurrent = options.concurrentDuplicate !== undefined && random.chance(options.concurrentDuplicate[0], options.concurrentDuplicate[1]);
    const delayMs = random.between(options.duplicateDelayMs.min, options.duplicateDelayMs.max);
    let done = false;
    const answer = (result: CommandResult): void => {
      if (done) return;
      done = true;
      answered(result);
    };
    this.attempt(command, options, 0, answer, () => done);
    if (concurrent) {
      this.fire('concurrent_duplicate', command);
      this.deliver(command, options, answer);
    }
    if (duplicate) {
      this.kernel.schedule('channel.duplicate', delayMs, () => {
        this.fire('duplicate', command);
        this.deliver(command, options, answer);
      });
    }
  }

  /** One copy and, if its answer never comes, the next after `resendAfterMs`. */
  private attempt(command: ChannelCommand, options: ChannelOptions, resends: number, answer: (result: CommandResult) => void, isDone: () => boolean): void {
    const reached = this.deliver(command, options, answer);
    if (!reached) return;
    this.kernel.schedule('channel.resend-check', options.resendAfterMs, () => {
      if (isDone() || resends >= options.maxResends) return;
      this.fire('resend_unanswered', command);
      this.attempt(command, options, resends + 1, answer, isDone);
    });
  }

  /** Hands one copy over; its answer comes back `replyMs` later unless the orchestrator died meanwhile. */
  private deliver(command: ChannelCommand, options: ChannelOptions, answer: (result: CommandResult) => void): boolean {
    const generation = this.running.generation();
    const promise = command.invoke(this.running.instance());
    if (promise === undefined) return false;
    this.handedOver();
    void promise.then((result) => {
      if (generation !== this.running.generation()) return;
      this.kernel.schedule('channel.reply', options.replyMs, () => {
        if (generation === this.running.generation()) answer(result);
        else this.kernel.trace.record(this.kernel.elapsedMs, 'channel.reply_lost', 'world', command.orderId, command.reference, `${command.kind} ${command.idempotencyKey}`);
      });
    });
    return true;
  }

  private fire(counter: ChannelCounter, command: ChannelCommand): void {
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + 1);
    this.kernel.trace.record(this.kernel.elapsedMs, `channel.${counter}`, 'world', command.orderId, command.reference, `${command.kind} ${command.idempotencyKey}`);
  }
}
