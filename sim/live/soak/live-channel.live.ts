/**
 * The sales channel of the live soak: sends each order to the orchestrator's command API and
 * sends it again, same key, same body, until it gets an answer, as a real channel does when a
 * request dies with the process that was serving it. A refusal is final and traced
 * (`order.refused`); a 5xx is the orchestrator failing on a valid command.
 */
import type { CommandResult, PlaceOrderCommand } from '../../../orchestrator/plugin.ts';

export interface LiveChannelOptions {
  /** The orchestrator's command API now, or undefined while it is down. */
  url: () => string | undefined;
  /** Real ms between two attempts at one command. */
  retryRealMs: number;
  refused: (reference: string, result: CommandResult) => void;
  failed: (reference: string, detail: string) => void;
}

/** A request that takes longer is given up and sent again (the orchestrator answers in milliseconds). */
const REQUEST_TIMEOUT_REAL_MS = 10_000;

export class LiveChannel {
  private unanswered = 0;
  private sent = 0;
  private attempts = 0;
  private stopped = false;

  constructor(private readonly options: LiveChannelOptions) {}

  /** Commands sent and not answered yet. */
  get pending(): number {
    return this.unanswered;
  }

  counters(): { 'channel.orders_sent': number; 'channel.attempts': number; 'channel.resent': number } {
    return { 'channel.orders_sent': this.sent, 'channel.attempts': this.attempts, 'channel.resent': this.attempts - this.sent };
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends until answered; resolves with the answer (undefined if the channel was stopped first). */
  async send(command: PlaceOrderCommand): Promise<CommandResult | undefined> {
    const reference = `${command.channel}:${command.channelOrderId}`;
    this.sent += 1;
    this.unanswered += 1;
    try {
      while (!this.stopped) {
        const answer = await this.attempt(command);
        if (answer.kind === 'retry') {
          await new Promise((resolve) => setTimeout(resolve, this.options.retryRealMs));
          continue;
        }
        if (answer.kind === 'failed') {
          this.options.failed(reference, answer.detail);
          return undefined;
        }
        const result = answer.result;
        if (result.kind === 'in-progress') {
          await new Promise((resolve) => setTimeout(resolve, this.options.retryRealMs));
          continue;
        }
        if (result.kind !== 'accepted' && result.kind !== 'replayed') this.options.refused(reference, result);
        return result;
      }
      return undefined;
    } finally {
      this.unanswered -= 1;
    }
  }

  private async attempt(command: PlaceOrderCommand): Promise<{ kind: 'answered'; result: CommandResult } | { kind: 'retry' } | { kind: 'failed'; detail: string }> {
    const url = this.options.url();
    if (url === undefined) return { kind: 'retry' };
    this.attempts += 1;
    let response: Response;
    try {
      response = await fetch(`${url}/commands/place-order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(command),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_REAL_MS),
      });
    } catch {
      // Refused, reset or timed out: the process died under it, or is not up yet.
      return { kind: 'retry' };
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      return { kind: 'retry' };
    }
    if (response.status === 200) return { kind: 'answered', result: JSON.parse(text) as CommandResult };
    return { kind: 'failed', detail: `HTTP ${response.status} ${text.slice(0, 300)}` };
  }
}
