import type { NodeSpec, OrchestratorTiming } from '../../plugin.ts';
import type { HttpMethod, HttpPort, RandomPort, TimersPort } from '../../ports.ts';
import { mapOutcome, type Parsed } from '../http-outcome.ts';
import { retryTransient } from '../retry.ts';
import { keys } from '../../idempotency/keys.ts';
import type { AdapterOutcome } from '../outcome.ts';
import { parseCursor, parseHold, parseHoldJournal, parseHoldList, parseStock, type PosHoldRecord, type PosStockRecord, type UnreadableEntry } from './pos-records.ts';

export const POS_ADAPTER_VERSION = 'pos-adapter/1.0.0';

/**
 * Anti-corruption layer over one store's POS: canonical records in, HTTP out. Every call carries
 * an idempotency key and the adapter's version; timeouts come from the config, never from a
 * real timer; 503 with Retry-After is honoured; 200 with an error body is a transient failure.
 */
export class PosAdapter {
  private readonly timeZone: string;
  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;

  constructor(
    private readonly http: HttpPort,
    private readonly timers: TimersPort,
    private readonly random: RandomPort,
    node: NodeSpec,
    private readonly timing: OrchestratorTiming,
  ) {
    if (node.posBaseUrl === undefined) throw new Error(`store ${node.nodeId} has no posBaseUrl`);
    this.baseUrl = node.posBaseUrl;
    this.timeZone = node.timeZone;
    this.apiKey = node.posApiKey;
  }

  createHold(hold: { externalRef: string; sku: string; quantity: number; purpose: 'SHIP' | 'PICKUP' }, idempotencyKey: string): Promise<AdapterOutcome<PosHoldRecord>> {
    return this.call('POST', '/holds', idempotencyKey, hold, (body) => parseHold(body, this.timeZone));
  }

  findHolds(externalRef: string, idempotencyKey: string): Promise<AdapterOutcome<PosHoldRecord[]>> {
    return this.call('GET', `/holds?externalRef=${encodeURIComponent(externalRef)}`, idempotencyKey, undefined, (body) => parseHoldList(body, this.timeZone));
  }

  requestPick(holdId: string, idempotencyKey: string): Promise<AdapterOutcome<PosHoldRecord>> {
    return this.call('POST', `/holds/${encodeURIComponent(holdId)}/pick`, idempotencyKey, undefined, (body) => parseHold(body, this.timeZone));
  }

  releaseHold(holdId: string, idempotencyKey: string): Promise<AdapterOutcome<PosHoldRecord>> {
    return this.call('DELETE', `/holds/${encodeURIComponent(holdId)}`, idempotencyKey, undefined, (body) => parseHold(body, this.timeZone));
  }

  /** The store's journal since `cursor`; entries it cannot read come back apart, in `unreadable`. */
  changesSince(cursor: number, idempotencyKey: string): Promise<AdapterOutcome<{ holds: PosHoldRecord[]; unreadable: UnreadableEntry[]; cursor: number }>> {
    return this.call('GET', `/holds?changedSince=${cursor}`, idempotencyKey, undefined, (body) => {
      const journal = parseHoldJournal(body, this.timeZone);
      if (!journal.ok) return journal;
      const next = parseCursor(body);
      if (next === undefined) return { ok: false, message: 'changes response has no cursor' };
      return { ok: true, value: { holds: journal.value.holds, unreadable: journal.value.unreadable, cursor: next } };
    });
  }

  inventory(idempotencyKey: string): Promise<AdapterOutcome<PosStockRecord[]>> {
    return this.call('GET', '/inventory', idempotencyKey, undefined, parseStock);
  }

  /** Every hold the store has under a reference, retried until known: the look-up before any re-send. */
  lookUpHolds(externalRef: string): Promise<AdapterOutcome<PosHoldRecord[]>> {
    return this.callWithRetries(() => this.findHolds(externalRef, keys.holdLookup(externalRef)));
  }

  /** One logical call, retried while it may not have happened (see retryTransient). */
  callWithRetries<T>(attempt: () => Promise<AdapterOutcome<T>>): Promise<AdapterOutcome<T>> {
    return retryTransient(attempt, { maxAttempts: this.timing.posMaxAttempts, baseMs: 200, timers: this.timers, random: this.random });
  }

  private async call<T>(method: HttpMethod, path: string, idempotencyKey: string, body: unknown, parse: (body: unknown) => Parsed<T>): Promise<AdapterOutcome<T>> {
    const headers: Record<string, string> = {
      'idempotency-key': idempotencyKey,
      'x-adapter-version': POS_ADAPTER_VERSION,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.apiKey !== undefined) headers['x-api-key'] = this.apiKey;
    const outcome = await this.http.send({ method, baseUrl: this.baseUrl, path, headers, body, timeoutMs: this.timing.posTimeoutMs });
    return mapOutcome(outcome, parse);
  }
}
