/**
 * The sales channel (the web shop) as it really talks to an orchestrator: it sends placeOrder and
 * cancel commands with a stable idempotency key, some twice (soon after, or at once before the
 * first is answered), and sends again a command it got no answer to. Answers travel back on
 * virtual time (`replyMs`); an orchestrator that crashes in between never answers, and the
 * channel re-sends after `resendAfterMs`, to whatever instance is running then. Some orders it
 * sends again under a new key (it lost its request id), and some commands again with the same
 * key hours or days after they were answered (a replayed queue), past any key's retention.
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
  /**
   * The same command under another idempotency key, for commands the channel may re-send under
   * a new request id (placeOrder: the channel order id still names the order). Absent: never.
   */
  rekeyed?(idempotencyKey: string): ChannelCommand;
}

export type ChannelCounter = 'duplicate' | 'concurrent_duplicate' | 'resend_unanswered' | 'new_key_resend' | 'late_resend' | 'late_cancel_resend';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export class SalesChannel {
  private readonly counts = new Map<ChannelCounter, number>([
    ['duplicate', 0],
    ['concurrent_duplicate', 0],
    ['resend_unanswered', 0],
    ['new_key_resend', 0],
    ['late_resend', 0],
    ['late_cancel_resend', 0],
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
      this.sendDirect(command, answered);
      return;
    }
    const random = this.kernel.random.stream('channel.duplicates');
    // Always three draws per command, so one ratio never moves where the other fires.
    const duplicate = options.duplicate !== undefined && random.chance(options.duplicate[0], options.duplicate[1]);
    const concurrent = options.concurrentDuplicate !== undefined && random.chance(options.concurrentDuplicate[0], options.concurrentDuplicate[1]);
    const delayMs = random.between(options.duplicateDelayMs.min, options.duplicateDelayMs.max);
    const resends = this.drawResends(options, command.kind === 'cancel');
    let done = false;
    const answer = (result: CommandResult): void => {
      if (done) return;
      done = true;
      answered(result);
      // Only an answered command is re-sent late: the channel believed it done, then replayed it.
      if (resends.lateMs !== undefined) this.resendLate(command, options, resends.lateMs);
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
    const rekeyed = command.rekeyed;
    if (resends.newKeyMs !== undefined && rekeyed !== undefined) {
      this.kernel.schedule('channel.new-key-resend', resends.newKeyMs, () => {
        const copy = rekeyed(`${command.idempotencyKey}/resent`);
        this.fire('new_key_resend', copy);
        // A new request of its own: re-sent if unanswered, its answer only noted.
        let copyDone = false;
        this.attempt(copy, options, 0, (result) => {
          if (copyDone) return;
          copyDone = true;
          this.noteLateAnswer(copy, result);
        }, () => copyDone);
      });
    }
  }

  /**
   * One copy, no duplicates or re-sends of its own: a probe whose answer the caller judges (a
   * command under a reused key, a command with a mistake). `answered` may never run if a crash
   * loses the reply.
   */
  sendOnce(command: ChannelCommand, answered: (result: CommandResult) => void): void {
    if (this.options === undefined) this.sendDirect(command, answered);
    else this.deliver(command, this.options, answered);
  }

  /** Without a channel block: handed over once, answered at once. */
  private sendDirect(command: ChannelCommand, answered: (result: CommandResult) => void): void {
    const promise = command.invoke(this.running.instance());
    this.handedOver();
    if (promise !== undefined) this.kernel.detach(promise.then(answered));
  }

  /**
   * Whether (and after how long) this command is re-sent under a new key and re-sent late with
   * its own key (orders by `lateResend`, cancels by `lateCancelResend`). Four draws per command on
   * `channel.resends` whenever any of the three is configured, so one ratio never moves another;
   * nothing is drawn when none is.
   */
  private drawResends(options: ChannelOptions, cancel: boolean): { newKeyMs?: number; lateMs?: number } {
    const { newKeyResend, lateCancelResend } = options;
    if (newKeyResend === undefined && options.lateResend === undefined && lateCancelResend === undefined) return {};
    const lateResend = cancel ? lateCancelResend : options.lateResend;
    const random = this.kernel.random.stream('channel.resends');
    const newKey = newKeyResend !== undefined && random.chance(newKeyResend.ratio[0], newKeyResend.ratio[1]);
    const newKeyMs = random.between((newKeyResend?.delayMinutes.min ?? 0) * MINUTE_MS, (newKeyResend?.delayMinutes.max ?? 0) * MINUTE_MS);
    const late = lateResend !== undefined && random.chance(lateResend.ratio[0], lateResend.ratio[1]);
    const lateMs = random.between((lateResend?.delayHours.min ?? 0) * HOUR_MS, (lateResend?.delayHours.max ?? 0) * HOUR_MS);
    return { ...(newKey ? { newKeyMs } : {}), ...(late ? { lateMs } : {}) };
  }

  /** The command once more, with its own key, long after its answer: one copy, its answer only noted. */
  private resendLate(command: ChannelCommand, options: ChannelOptions, delayMs: number): void {
    this.kernel.schedule('channel.late-resend', delayMs, () => {
      this.fire(command.kind === 'cancel' ? 'late_cancel_resend' : 'late_resend', command);
      this.deliver(command, options, (result) => this.noteLateAnswer(command, result));
    });
  }

  /** A re-sent copy's answer: the channel already has the first one; a refusal goes in the trace. */
  private noteLateAnswer(command: ChannelCommand, result: CommandResult): void {
    if (result.kind === 'accepted' || result.kind === 'replayed') return;
    this.kernel.trace.record(this.kernel.elapsedMs, 'channel.resend_refused', 'world', command.orderId, command.reference, `${command.kind} ${command.idempotencyKey} ${result.kind}${'message' in result ? ` ${result.message}` : ''}`);
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
    this.kernel.detach(
      promise.then((result) => {
        if (generation !== this.running.generation()) return;
        this.kernel.schedule('channel.reply', options.replyMs, () => {
          if (generation === this.running.generation()) answer(result);
          else this.kernel.trace.record(this.kernel.elapsedMs, 'channel.reply_lost', 'world', command.orderId, command.reference, `${command.kind} ${command.idempotencyKey}`);
        });
      }),
    );
    return true;
  }

  private fire(counter: ChannelCounter, command: ChannelCommand): void {
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + 1);
    this.kernel.trace.record(this.kernel.elapsedMs, `channel.${counter}`, 'world', command.orderId, command.reference, `${command.kind} ${command.idempotencyKey}`);
  }
}
