/**
 * Stripe's idempotency semantics: the first request with a key stores its outcome; the same key
 * with the same request gets that stored outcome back and causes nothing; the same key with a
 * different request is refused. Keys are forgotten `retentionHours` after their first use.
 * Requests are applied atomically inside one call, so "still in progress" never arises here.
 */
import type { FakeEnv } from '../env.ts';
import type { FakeHttpResponse } from '../http.ts';

const HOUR_MS = 3_600_000;

interface StoredOutcome {
  key: string;
  fingerprint: string;
  response: FakeHttpResponse;
  storedAtMs: number;
}

/** Marks an answer sent back from the store rather than made anew (Stripe's `Idempotent-Replayed`). */
const REPLAYED_HEADER: Readonly<Record<string, string>> = { 'idempotent-replayed': 'true' };

export type KeyLookup = { kind: 'new' } | { kind: 'replay'; response: FakeHttpResponse } | { kind: 'reused' };

/** A deep copy of a stored response, so a caller mutating a reply cannot change the next replay. */
function copyResponse(response: FakeHttpResponse, extraHeaders?: Readonly<Record<string, string>>): FakeHttpResponse {
  return { status: response.status, headers: { ...response.headers, ...extraHeaders }, body: copyBody(response.body) };
}

/**
 * Bodies are JSON values: copied by hand, several times faster than structuredClone on the small
 * objects a gateway answers with (it showed in a run's profile). Anything else is cloned as before.
 */
function copyBody(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyBody);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // Keys, not entries: no [key, value] pair allocated per field.
  for (const key of Object.keys(record)) copy[key] = copyBody(record[key]);
  return copy;
}

export class IdempotencyStore {
  private readonly outcomes = new Map<string, StoredOutcome>();
  /** Oldest first: time only moves forward, so expiry is always at the head. */
  private order: StoredOutcome[] = [];
  private head = 0;
  private readonly retentionMs: number;

  constructor(
    private readonly env: FakeEnv,
    retentionHours: number,
  ) {
    this.retentionMs = retentionHours * HOUR_MS;
  }

  lookup(key: string, fingerprint: string): KeyLookup {
    this.forgetExpired();
    const stored = this.outcomes.get(key);
    if (stored === undefined) return { kind: 'new' };
    if (stored.fingerprint !== fingerprint) return { kind: 'reused' };
    return { kind: 'replay', response: copyResponse(stored.response, REPLAYED_HEADER) };
  }

  store(key: string, fingerprint: string, response: FakeHttpResponse): void {
    const outcome: StoredOutcome = { key, fingerprint, response: copyResponse(response), storedAtMs: this.env.nowMs() };
    this.outcomes.set(key, outcome);
    this.order.push(outcome);
  }

  /** Keys currently remembered. */
  size(): number {
    this.forgetExpired();
    return this.outcomes.size;
  }

  private forgetExpired(): void {
    const nowMs = this.env.nowMs();
    while (this.head < this.order.length) {
      const oldest = this.order[this.head] as StoredOutcome;
      if (nowMs - oldest.storedAtMs < this.retentionMs) break;
      this.head += 1;
      // Only if the key was not stored again since (it cannot be while remembered, but be exact).
      if (this.outcomes.get(oldest.key) === oldest) this.outcomes.delete(oldest.key);
    }
    if (this.head > 1_024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
