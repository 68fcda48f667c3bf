/**
 * Requests the sales channel gets wrong before it gets them right, each a probe of one rule of
 * idempotency keys:
 * - key reuse: an order first sent under the request id of another order taken within the hour
 *   (a request-id generator that repeats after a deploy) must be answered `conflict` and change
 *   nothing; the channel then sends it under its own id.
 * - corrected re-send: an order first sent with a mistake (a pickup store the network does not
 *   have, or an extra line of 0 units) must be answered `invalid`; the corrected order under the
 *   same key must then be taken: a refused request does not use its key up.
 * - edited re-send: minutes after an order was taken, the customer edits it (another pickup
 *   store, one more unit) and the channel sends the edit under the order's key: `conflict`, and
 *   the order stays as it was taken.
 * Each probe is traced as `order.probe_answered` (`<probe> <key> <answer kind>`), which
 * commands.key-rules judges. The draws come from `channel.probes`, three per order, and only
 * when one of the three is configured.
 */
import type { CommandResult, PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import type { ChannelCommand, ChannelOptions, SalesChannel } from './channel.ts';

export type OrderProbe = 'key-reuse' | 'corrected-resend' | 'edited-resend';

const COUNTER: Readonly<Record<OrderProbe, string>> = { 'key-reuse': 'key_reuse', 'corrected-resend': 'corrected_resend', 'edited-resend': 'edited_resend' };

/** How long after a probe the real order follows: its answer has come back by then (replyMs is at most a minute). */
const FOLLOW_AFTER_MS = 61_000;
/** How long after its answer the customer edits an order. */
const EDIT_AFTER_MS = 10 * 60_000;
/** A reused key must be this fresh: any orchestrator keeps keys at least a day, so `conflict` is the only right answer. */
const REUSE_WITHIN_MS = 3_600_000;

export class OrderProbes {
  private lastTaken: { key: string; atMs: number } | undefined;
  private readonly counts = new Map<OrderProbe, number>([
    ['key-reuse', 0],
    ['corrected-resend', 0],
    ['edited-resend', 0],
  ]);

  constructor(
    private readonly kernel: SimKernel,
    private readonly options: ChannelOptions | undefined,
    private readonly channel: SalesChannel,
    /** Stores a customer may pick up at, for edits that move a pickup. */
    private readonly pickupStoreIds: readonly string[],
  ) {}

  /** `channel.key_reuse`, `channel.corrected_resend` and `channel.edited_resend`, zeros included. */
  counters(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([probe, count]) => [`channel.${COUNTER[probe]}`, count]));
  }

  /**
   * Sends `command` (through `sendReal`, which reports its answer to the callback it is given),
   * preceded or followed by the probes drawn for it. `asCommand` turns a placeOrder into what the
   * channel sends.
   */
  send(command: PlaceOrderCommand, reference: string, asCommand: (sent: PlaceOrderCommand) => ChannelCommand, sendReal: (answered: (result: CommandResult) => void) => void): void {
    const drawn = this.draw();
    const whenTaken = (result: CommandResult): void => {
      if (result.kind !== 'accepted') return;
      this.lastTaken = { key: command.idempotencyKey, atMs: this.kernel.elapsedMs };
      if (drawn.edited) this.kernel.schedule('channel.edit', EDIT_AFTER_MS, () => this.sendProbe('edited-resend', edited(command, this.pickupStoreIds), reference, asCommand));
    };
    const before = drawn.before === undefined ? undefined : this.probeBefore(drawn.before, command);
    if (drawn.before === undefined || before === undefined) {
      sendReal(whenTaken);
      return;
    }
    this.sendProbe(drawn.before, before, reference, asCommand);
    this.kernel.schedule('channel.after-probe', FOLLOW_AFTER_MS, () => sendReal(whenTaken));
  }

  private sendProbe(probe: OrderProbe, wrong: PlaceOrderCommand, reference: string, asCommand: (sent: PlaceOrderCommand) => ChannelCommand): void {
    this.counts.set(probe, (this.counts.get(probe) ?? 0) + 1);
    this.kernel.trace.record(this.kernel.elapsedMs, `channel.${COUNTER[probe]}`, 'world', '', reference, `placeOrder ${wrong.idempotencyKey}`);
    this.channel.sendOnce(asCommand(wrong), (result) => {
      this.kernel.trace.record(this.kernel.elapsedMs, 'order.probe_answered', 'world', '', reference, `${probe} ${wrong.idempotencyKey} ${result.kind}${'message' in result ? ` ${result.message}` : ''}`);
    });
  }

  private draw(): { before?: OrderProbe; edited: boolean } {
    const { keyReuse, correctedResend, editedResend } = this.options ?? {};
    if (keyReuse === undefined && correctedResend === undefined && editedResend === undefined) return { edited: false };
    const random = this.kernel.random.stream('channel.probes');
    const reuses = keyReuse !== undefined && random.chance(keyReuse[0], keyReuse[1]);
    const corrects = correctedResend !== undefined && random.chance(correctedResend[0], correctedResend[1]);
    const edits = editedResend !== undefined && random.chance(editedResend[0], editedResend[1]);
    const before = reuses ? 'key-reuse' : corrects ? 'corrected-resend' : undefined;
    return { ...(before === undefined ? {} : { before }), edited: edits };
  }

  private probeBefore(probe: OrderProbe, command: PlaceOrderCommand): PlaceOrderCommand | undefined {
    if (probe === 'key-reuse') {
      const last = this.lastTaken;
      if (last === undefined || this.kernel.elapsedMs - last.atMs > REUSE_WITHIN_MS) return undefined;
      return { ...command, idempotencyKey: last.key };
    }
    if (command.delivery.method === 'PICKUP') return { ...command, delivery: { method: 'PICKUP', storeId: `${command.delivery.storeId}-closed` } };
    const first = command.lines[0];
    return first === undefined ? undefined : { ...command, lines: [...command.lines, { ...first, quantity: 0 }] };
  }
}

/** The order as the customer edited it, still a valid order: another pickup store (or delivery instead), or one more unit of its first line. */
function edited(command: PlaceOrderCommand, pickupStoreIds: readonly string[]): PlaceOrderCommand {
  if (command.delivery.method === 'PICKUP') {
    const current = command.delivery.storeId;
    const other = pickupStoreIds.find((storeId) => storeId !== current);
    return { ...command, delivery: other === undefined ? { method: 'SHIP' } : { method: 'PICKUP', storeId: other } };
  }
  return { ...command, lines: command.lines.map((line, index) => (index === 0 ? { ...line, quantity: line.quantity + 1 } : line)) };
}
