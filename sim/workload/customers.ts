import type { CancelOrderCommand, Orchestrator, OrchestratorView, ReturnCommand } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { SalesChannel } from './channel.ts';
import { msUntilOpen } from './opening-hours.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A customer's double click on "send return", as the portal lets them: minutes after the first. */
const RESEND_AFTER_MS = 5 * MINUTE_MS;
/** A customer who comes back to return the rest of a line: a day after the first return. */
const RETURN_AGAIN_AFTER_MS = 24 * HOUR_MS;
/** The cancel that follows a refused one goes once the refusal has come back (replies take a minute at most). */
const CANCEL_AFTER_SLIP_MS = 61_000;
/** A customer who edits a partial cancel they sent: minutes after it was answered. */
const CANCEL_EDIT_AFTER_MS = 10 * MINUTE_MS;

/**
 * Customers, reacting only to what the orchestrator publishes: told an order is ready, they
 * come to the store some hours later (during opening hours) and collect it at the till, unless
 * they are no-shows; some cancel soon after ordering (whole or in part, racing fulfilment); some
 * send part of a completed FO back days later. Each decision has its own random stream
 * (`customers.<decision>`), drawn the same number of times per order whatever is decided, so
 * turning one behaviour on never reshuffles another.
 */
export class Customers {
  /** Actions scheduled and not yet done: the world is not settled while a customer still has something to do. */
  private pending = 0;
  /** Orders a return was sent for: settled once the orchestrator shows every return refunded. */
  private readonly returnedOrders = new Set<string>();
  /** What customers did, for the run's "did it happen" counters (`customer.cancel`, ...). */
  private readonly counts = new Map<string, number>([
    ['cancel', 0],
    ['partial_cancel', 0],
    ['return', 0],
    ['no_show', 0],
    ['cancel_again', 0],
    ['return_corrected', 0],
    ['return_resend', 0],
    ['return_again', 0],
    ['cancel_corrected', 0],
    ['cancel_edited', 0],
  ]);

  constructor(
    private readonly kernel: SimKernel,
    private readonly scenario: Scenario,
    private readonly pos: PosFake,
    private readonly orchestrator: () => Orchestrator,
    /** Cancels go through the sales channel, with its duplicates and re-sends. */
    private readonly channel: SalesChannel,
  ) {}

  /** `customer.<action>` for every action, zeros included. */
  counters(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([name, count]) => [`customer.${name}`, count]));
  }

  /** Counts one more of `name`; returns the new count. */
  private count(name: string): number {
    const count = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, count);
    return count;
  }

  onPublished(event: PublishedEvent): void {
    if (event.type === 'pickup.ready') this.comeToTill(event);
    else if (event.type === 'order.created') this.maybeCancel(event);
    else if (event.type === 'fo.transitioned' && event.payload['to'] === 'COMPLETED') this.maybeReturn(event);
  }

  /** Nothing left to do for any customer, and every return they sent has been refunded. */
  settled(view: OrchestratorView): boolean {
    if (this.pending > 0) return false;
    for (const orderId of this.returnedOrders) {
      if (view.order(orderId)?.returns?.some((item) => item.state !== 'refunded') === true) return false;
    }
    return true;
  }

  private later(label: string, delayMs: number, action: () => void): void {
    this.pending++;
    this.kernel.schedule(label, delayMs, () => {
      this.pending--;
      action();
    });
  }

  private comeToTill(event: PublishedEvent): void {
    const storeId = event.payload['storeId'];
    const reference = event.payload['pickupReference'];
    if (typeof storeId !== 'string' || typeof reference !== 'string') return;
    const store = this.scenario.topology.stores.find((candidate) => candidate.id === storeId);
    if (store === undefined) return;
    const [noShows, outOf] = this.scenario.workload.pickupNoShowRatio;
    if (noShows > 0 && this.kernel.random.stream('customers.no-show').chance(noShows, outOf)) {
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.no_show', 'customer', event.correlationId, reference, storeId);
      this.count('no_show');
      return;
    }
    const random = this.kernel.random.stream('customers.pickup');
    const { min, max } = this.scenario.workload.pickupDelayHours;
    const decideMs = random.between(min * HOUR_MS, max * HOUR_MS);
    const arrival = this.kernel.clock.nowMs() + decideMs;
    const waitForOpenMs = msUntilOpen(arrival, store.timeZone, store.openLocal, store.closeLocal);
    const browseMs = waitForOpenMs > 0 ? random.between(0, 2 * HOUR_MS) : 0;
    this.kernel.schedule('customer.pickup', decideMs + waitForOpenMs + browseMs, () => {
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.at_till', 'customer', event.correlationId, reference, storeId);
      this.pos.tillPickup(storeId, reference);
    });
  }

  private maybeCancel(event: PublishedEvent): void {
    const { cancelRatio, partialCancelRatio, cancelDelayMinutes } = this.scenario.workload;
    if (cancelRatio[0] === 0) return;
    const orderId = event.correlationId;
    const lines = String(event.payload['lines'] ?? '')
      .split(' ')
      .map((text, index) => ({ lineNo: index + 1, quantity: Number(text.slice(text.lastIndexOf('x') + 1)) }))
      .filter((line) => Number.isInteger(line.quantity) && line.quantity > 0);
    const random = this.kernel.random.stream('customers.cancel');
    const cancels = random.chance(cancelRatio[0], cancelRatio[1]);
    const partial = random.chance(partialCancelRatio[0], partialCancelRatio[1]);
    const delayMs = random.between(cancelDelayMinutes.min * MINUTE_MS, cancelDelayMinutes.max * MINUTE_MS);
    const line = lines[random.int(Math.max(1, lines.length))];
    const units = line === undefined ? 0 : random.between(1, line.quantity);
    const againMs = this.drawCancelAgain();
    const slips = this.drawCancelSlips();
    if (!cancels || lines.length === 0) return;
    const command = {
      idempotencyKey: `cancel:${orderId}`,
      orderId,
      reason: partial ? 'customer changed their mind about some units' : 'customer changed their mind',
      ...(partial && line !== undefined ? { lines: [{ lineNo: line.lineNo, quantity: units }] } : {}),
    };
    const edit = partial && line !== undefined ? editedCancelLines(lines, line.lineNo, units) : undefined;
    const send = (): void => {
      const detail = command.lines === undefined ? 'all' : command.lines.map((part) => `${part.lineNo}x${part.quantity}`).join(' ');
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.cancel', 'customer', orderId, orderId, detail);
      this.count('cancel');
      if (command.lines !== undefined) this.count('partial_cancel');
      this.channel.send(
        { kind: 'cancel', idempotencyKey: command.idempotencyKey, orderId, reference: orderId, invoke: (orchestrator) => orchestrator.cancelOrder?.(command) },
        (result) => {
          this.refused(orderId, result.kind, 'message' in result ? result.message : '');
          if (slips.edited && edit !== undefined && (result.kind === 'accepted' || result.kind === 'replayed')) this.later('customer.cancel_edited', CANCEL_EDIT_AFTER_MS, () => this.cancelProbe('cancel-edited', { ...command, lines: edit }));
        },
      );
      if (againMs !== undefined && command.lines === undefined) this.cancelAgain(orderId, command.reason, againMs);
    };
    this.later('customer.cancel', delayMs, () => {
      if (!slips.corrected) return send();
      // First a line the order does not have (a stale basket in the app): refused, then the right cancel under the same key.
      this.cancelProbe('cancel-wrong-line', { ...command, lines: [{ lineNo: lines.length + 1, quantity: 1 }] });
      this.later('customer.cancel', CANCEL_AFTER_SLIP_MS, send);
    });
  }

  /**
   * Whether this customer's cancel goes first naming a line the order does not have, and whether,
   * if it is partial, they edit it after it was answered: two draws per order on
   * `customers.cancel-slips` when either is on, none when both are off.
   */
  private drawCancelSlips(): { corrected: boolean; edited: boolean } {
    const { cancelCorrectedRatio, cancelEditedRatio } = this.scenario.workload;
    if (cancelCorrectedRatio[0] === 0 && cancelEditedRatio[0] === 0) return { corrected: false, edited: false };
    const random = this.kernel.random.stream('customers.cancel-slips');
    const corrected = random.chance(cancelCorrectedRatio[0], cancelCorrectedRatio[1]);
    const edited = random.chance(cancelEditedRatio[0], cancelEditedRatio[1]);
    return { corrected, edited };
  }

  /**
   * A cancel the orchestrator must refuse, sent once through the channel: its answer is traced as
   * `order.probe_answered` (`<probe> <key> <answer kind>`), which commands.key-rules judges.
   */
  private cancelProbe(probe: 'cancel-wrong-line' | 'cancel-edited', command: CancelOrderCommand): void {
    const counter = probe === 'cancel-wrong-line' ? 'cancel_corrected' : 'cancel_edited';
    this.count(counter);
    const detail = (command.lines ?? []).map((part) => `${part.lineNo}x${part.quantity}`).join(' ');
    this.kernel.trace.record(this.kernel.elapsedMs, `customer.${counter}`, 'customer', command.orderId, command.orderId, detail);
    this.channel.sendOnce({ kind: 'cancel', idempotencyKey: command.idempotencyKey, orderId: command.orderId, reference: command.orderId, invoke: (orchestrator) => orchestrator.cancelOrder?.(command) }, (result) => {
      this.kernel.trace.record(this.kernel.elapsedMs, 'order.probe_answered', 'customer', command.orderId, command.orderId, `${probe} ${command.idempotencyKey} ${result.kind}${'message' in result ? ` ${result.message}` : ''}`);
    });
  }

  /**
   * Whether this customer, if they cancel the whole order, cancels it again later, and when: two
   * draws per order on `customers.cancel-again` when the ratio is on, none when it is off.
   */
  private drawCancelAgain(): number | undefined {
    const { cancelAgainRatio, cancelAgainDelayMinutes } = this.scenario.workload;
    if (cancelAgainRatio[0] === 0) return undefined;
    const random = this.kernel.random.stream('customers.cancel-again');
    const again = random.chance(cancelAgainRatio[0], cancelAgainRatio[1]);
    const delayMs = random.between(cancelAgainDelayMinutes.min * MINUTE_MS, cancelAgainDelayMinutes.max * MINUTE_MS);
    return again ? delayMs : undefined;
  }

  /**
   * The same customer asks again to cancel the whole order: a request of its own, under a new
   * key, so it counts as a second customer request (`customer.cancel`); nothing more may be
   * cancelled for it, whatever the first achieved.
   */
  private cancelAgain(orderId: string, reason: string, delayMs: number): void {
    const command = { idempotencyKey: `cancel:${orderId}:again`, orderId, reason };
    this.later('customer.cancel_again', delayMs, () => {
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.cancel', 'customer', orderId, orderId, 'all again');
      this.count('cancel_again');
      this.channel.send(
        { kind: 'cancel', idempotencyKey: command.idempotencyKey, orderId, reference: orderId, invoke: (orchestrator) => orchestrator.cancelOrder?.(command) },
        (result) => this.refused(orderId, result.kind, 'message' in result ? result.message : ''),
      );
    });
  }

  private maybeReturn(event: PublishedEvent): void {
    const { returnRatio, returnDelayHours } = this.scenario.workload;
    if (returnRatio[0] === 0) return;
    const foId = String(event.payload['foId']);
    const orderId = event.correlationId;
    const random = this.kernel.random.stream('customers.return');
    const returns = random.chance(returnRatio[0], returnRatio[1]);
    const delayMs = random.between(returnDelayHours.min * HOUR_MS, returnDelayHours.max * HOUR_MS);
    const pick = random.next();
    const slips = this.drawReturnSlips();
    // A return that would arrive after the world has healed could never be settled inside the bound.
    const healedMs = (this.scenario.phases.workloadHours + this.scenario.phases.healHours) * HOUR_MS;
    if (!returns || this.kernel.elapsedMs + delayMs + RESEND_AFTER_MS > healedMs) return;
    this.later('customer.return', delayMs, () => {
      const fo = this.orchestrator().view().order(orderId)?.fulfillmentOrders.find((candidate) => candidate.foId === foId);
      const line = fo?.lines.find((candidate) => candidate.shipped + candidate.pickedUp > 0);
      if (line === undefined) return;
      const quantity = 1 + Math.floor(pick * (line.shipped + line.pickedUp));
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.return', 'customer', orderId, foId, `${line.lineNo}x${quantity}`);
      this.count('return');
      if (this.orchestrator().requestReturn === undefined) return;
      this.returnedOrders.add(orderId);
      const command: ReturnCommand = { idempotencyKey: `return:${foId}`, orderId, lines: [{ lineNo: line.lineNo, quantity }] };
      if (slips.corrected) {
        // The corrected request follows the slip's answer, under the same key.
        this.kernel.detach(this.sendSlip(command, line.lineNo, line.shipped + line.pickedUp).then(() => this.sendReturn('return', command)));
      } else this.kernel.detach(this.sendReturn('return', command));
      if (slips.resent) {
        this.later('customer.return_resend', RESEND_AFTER_MS, () => {
          this.count('return_resend');
          this.kernel.detach(this.sendReturn('resend', command));
        });
      }
      if (slips.again && this.kernel.elapsedMs + RETURN_AGAIN_AFTER_MS + RESEND_AFTER_MS <= healedMs) this.returnRest(command, line.lineNo, line.shipped + line.pickedUp - quantity);
    });
  }

  /**
   * The same customer, a day later, returns what is left of the line under a new key, first
   * asking one unit too many (answered `invalid`: only `left` units are still out), then the
   * rest if any is left. Shows an orchestrator that adds up earlier returns wrong.
   */
  private returnRest(first: ReturnCommand, lineNo: number, left: number): void {
    this.later('customer.return_again', RETURN_AGAIN_AFTER_MS, () => {
      this.count('return_again');
      const command: ReturnCommand = { idempotencyKey: `${first.idempotencyKey}:again`, orderId: first.orderId, lines: [{ lineNo, quantity: left }] };
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.return', 'customer', first.orderId, first.idempotencyKey, `${lineNo}x${left} again`);
      const rest = this.sendReturn('over-ask', { ...command, lines: [{ lineNo, quantity: left + 1 }] });
      if (left > 0) this.kernel.detach(rest.then(() => this.sendReturn('return', command)));
    });
  }

  /**
   * Whether this return goes first with a slip, whether it is sent twice, and whether the rest of
   * the line comes back later: three draws per return when any of them is on.
   */
  private drawReturnSlips(): { corrected: boolean; resent: boolean; again: boolean } {
    const { returnCorrectedRatio, returnResendRatio, returnAgainRatio } = this.scenario.workload;
    if (returnCorrectedRatio[0] === 0 && returnResendRatio[0] === 0 && returnAgainRatio[0] === 0) return { corrected: false, resent: false, again: false };
    const random = this.kernel.random.stream('customers.return-slips');
    const corrected = random.chance(returnCorrectedRatio[0], returnCorrectedRatio[1]);
    const resent = random.chance(returnResendRatio[0], returnResendRatio[1]);
    const again = random.chance(returnAgainRatio[0], returnAgainRatio[1]);
    return { corrected, resent, again };
  }

  /**
   * A return first sent with a slip no orchestrator may take: every other one asks back one unit
   * more than line `lineNo` ever shipped (`fulfilled`), the others name the order with a digit too
   * many. A plugin's order ids are its own, so the mistyped number is used only if no order has it.
   */
  private sendSlip(command: ReturnCommand, lineNo: number, fulfilled: number): Promise<void> {
    const mistyped = `${command.orderId}9`;
    const typo = this.count('return_corrected') % 2 === 0 && this.orchestrator().view().order(mistyped) === undefined;
    if (typo) return this.sendReturn('wrong-order', { ...command, orderId: mistyped }, command.orderId);
    return this.sendReturn('over-ask', { ...command, lines: [{ lineNo, quantity: fulfilled + 1 }] });
  }

  /**
   * Sends one return request and traces its answer as `customer.return_answered`
   * (`<what> <key> <answer kind> [message]`), which commands.key-rules judges: `return` and
   * `resend` are valid requests, `over-ask` and `wrong-order` are not. `orderId` is the order
   * the trace names: the customer's own, also when the request names a mistyped one.
   */
  private async sendReturn(what: 'return' | 'over-ask' | 'wrong-order' | 'resend', command: ReturnCommand, orderId = command.orderId): Promise<void> {
    const result = await this.orchestrator().requestReturn?.(command);
    if (result === undefined) return;
    this.kernel.trace.record(this.kernel.elapsedMs, 'customer.return_answered', 'customer', orderId, command.idempotencyKey, `${what} ${result.kind}${'message' in result ? ` ${result.message}` : ''}`);
  }

  private refused(orderId: string, kind: string, message: string): void {
    if (kind === 'accepted' || kind === 'replayed') return;
    this.kernel.trace.record(this.kernel.elapsedMs, 'customer.refused', 'customer', orderId, orderId, `${kind} ${message}`);
  }
}

/**
 * The same partial cancel, edited: one unit fewer of the same line, else a unit of another line,
 * else one more unit of the line if it has it. Still a valid cancel, so only its key makes it
 * wrong. Undefined when the order has no such edit (one line of one unit).
 */
function editedCancelLines(lines: readonly { lineNo: number; quantity: number }[], lineNo: number, units: number): { lineNo: number; quantity: number }[] | undefined {
  if (units > 1) return [{ lineNo, quantity: units - 1 }];
  const other = lines.find((candidate) => candidate.lineNo !== lineNo);
  if (other !== undefined) return [{ lineNo: other.lineNo, quantity: 1 }];
  const same = lines.find((candidate) => candidate.lineNo === lineNo);
  return same !== undefined && same.quantity > 1 ? [{ lineNo, quantity: 2 }] : undefined;
}
