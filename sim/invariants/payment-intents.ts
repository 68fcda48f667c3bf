/**
 * Money per intent: every POST the card gateway saw (payment-attempts.ts in the fake), traced to
 * one intent of the orchestrator, and each intent sent under one idempotency key. Pure: the
 * gateway's attempts and books, and what the orchestrator claimed in its published events, in;
 * what broke the rule, out. The rule, per operation (docs/invariants.md):
 *
 * - authorise: intent = (order reference, generation). A new key for a reference opens a new
 *   generation only when every authorisation the earlier keys got is no longer holding the card
 *   (expired, voided, fully captured) by the gateway's clock, and every earlier key got one.
 *   Re-authorising after an expiry is a new intent; a new key while the first is live, or after
 *   the gateway refused or shed the first, is the same intent tried again.
 * - capture: intent = (authorisation, FO). The FO comes from the claims: a published
 *   `payment.captured` (its capture id or `idempotencyKey`) or a transition's audit
 *   `idempotencyKey`. Partial captures of several FOs on one authorisation are several intents; a
 *   capture on a new authorisation after an expiry is a new intent. A capture the gateway applied
 *   that no claim accounts for is money taken outside every intent.
 * - refund: intent = (capture, return), the return from the published `refund.issued`; as captures.
 * - void: intent = the authorisation: one key per authorisation, whoever voids it.
 *
 * A key nobody claims that the gateway refused (or shed) belongs to the first claimed key sent
 * after it on the same target for the same amount, when there is one: that is what a retry under
 * a fresh key looks like. Refusals that end the target (expired, voided, unknown) end the intent
 * there: the orchestrator moves on to another target.
 */
import type { PaymentAttempt } from '../../legacy-fakes/payment/payment-attempts.ts';
import type { PaymentAuthorizationTruth } from '../../legacy-fakes/payment/payment-types.ts';

/** What the orchestrator's published events say each key and id was for. */
export interface IntentClaims {
  /** Idempotency key to the FO it was sent for (null: claimed by two FOs, so by none). */
  readonly keyFo: ReadonlyMap<string, string | null>;
  /** Capture id to the FO a `payment.captured` gave it to. */
  readonly captureFo: ReadonlyMap<string, string>;
  /** Idempotency key to the return a `refund.issued` names. */
  readonly keyReturn: ReadonlyMap<string, string>;
  /** Refund id to the return a `refund.issued` names. */
  readonly refundReturn: ReadonlyMap<string, string>;
}

export interface IntentFinding {
  /** The order reference the target belongs to ('' if the gateway does not know it). */
  reference: string;
  /** The attempt where it went wrong (its `seq` in the gateway's log). */
  seq: number;
  detail: string;
}

/** Refusals that end their target: no later attempt at it can succeed, so the intent ends there too. */
const TARGET_ENDED: ReadonlySet<string> = new Set(['AUTHORIZATION_EXPIRED', 'AUTHORIZATION_VOIDED', 'UNKNOWN_AUTHORIZATION', 'UNKNOWN_CAPTURE']);

/** Attempts under one key at one target, in order; a keyless attempt is a key of its own. */
interface KeyAttempts {
  key: string;
  attempts: PaymentAttempt[];
}

function label(key: string): string {
  return key.startsWith('(no key') ? key : `key ${JSON.stringify(key)}`;
}

function byTargetAndKey(attempts: readonly PaymentAttempt[]): Map<string, KeyAttempts[]> {
  const targets = new Map<string, KeyAttempts[]>();
  for (const attempt of attempts) {
    const keys = targets.get(attempt.target) ?? [];
    targets.set(attempt.target, keys);
    const key = attempt.idempotencyKey ?? `(no key, attempt ${attempt.seq})`;
    const found = keys.find((candidate) => candidate.key === key);
    if (found === undefined) keys.push({ key, attempts: [attempt] });
    else found.attempts.push(attempt);
  }
  return targets;
}

function first(keyed: KeyAttempts): PaymentAttempt {
  return keyed.attempts[0] as PaymentAttempt;
}

function outcomes(keyed: KeyAttempts): string {
  const seen = [...new Set(keyed.attempts.map((attempt) => (attempt.outcome === 'refused' ? `refused ${attempt.code ?? ''}`.trim() : attempt.code === null ? attempt.outcome : `${attempt.outcome} ${attempt.code}`)))];
  return seen.join(', ');
}

/** Ids the gateway's answers under this key named (applied or replayed). */
function results(keyed: KeyAttempts): string[] {
  return [...new Set(keyed.attempts.flatMap((attempt) => (attempt.resultId === null || attempt.outcome === 'refused' ? [] : [attempt.resultId])))];
}

/**
 * Still holding part of the card when `attempt` arrived: not expired by then (the gateway's clock;
 * it expires what is due before it handles a request), not voided and not fully captured by an
 * attempt that came before it (the log's order, exact where clocks tie).
 */
function holdsAt(auth: PaymentAuthorizationTruth, attempt: PaymentAttempt, log: readonly PaymentAttempt[]): boolean {
  if (auth.status === 'EXPIRED' && auth.expiresAtMs <= attempt.atMs) return false;
  let captured = 0;
  for (const earlier of log) {
    if (earlier.seq >= attempt.seq) break;
    if (earlier.outcome !== 'applied' || earlier.target !== auth.authorizationId) continue;
    if (earlier.operation === 'void') return false;
    if (earlier.operation === 'capture') captured += earlier.amountCents ?? 0;
  }
  return captured < auth.amountCents;
}

function judgeAuthorizations(attempts: readonly PaymentAttempt[], books: ReadonlyMap<string, PaymentAuthorizationTruth>, log: readonly PaymentAttempt[]): IntentFinding[] {
  const findings: IntentFinding[] = [];
  for (const [reference, keys] of byTargetAndKey(attempts)) {
    keys.forEach((keyed, index) => {
      if (index === 0) return;
      const attempt = first(keyed);
      for (const earlier of keys.slice(0, index)) {
        // What the earlier key had got by the time this one arrived.
        const got = results({ key: earlier.key, attempts: earlier.attempts.filter((tried) => tried.seq < attempt.seq) }).flatMap((id) => books.get(id) ?? []);
        if (got.length === 0) {
          findings.push({ reference, seq: attempt.seq, detail: `authorisation of ${reference} sent under a new ${label(keyed.key)} after ${label(earlier.key)} got none (${outcomes(earlier)}): one intent, two keys` });
          return;
        }
        const live = got.find((auth) => holdsAt(auth, attempt, log));
        if (live !== undefined) {
          findings.push({ reference, seq: attempt.seq, detail: `authorisation of ${reference} sent under a new ${label(keyed.key)} (${outcomes(keyed)}) while ${live.authorizationId} from ${label(earlier.key)} still held ${live.amountCents} cents on the card: one intent, two keys` });
          return;
        }
      }
    });
  }
  return findings;
}

function judgeVoids(attempts: readonly PaymentAttempt[]): IntentFinding[] {
  const findings: IntentFinding[] = [];
  for (const [authorizationId, keys] of byTargetAndKey(attempts)) {
    const [once, ...again] = keys;
    if (once === undefined) continue;
    for (const keyed of again) {
      const attempt = first(keyed);
      findings.push({ reference: attempt.reference, seq: attempt.seq, detail: `void of ${authorizationId} sent under a second ${label(keyed.key)} (${outcomes(keyed)}), after ${label(once.key)} (${outcomes(once)}): one intent, two keys` });
    }
  }
  return findings;
}

/** Captures (intent: authorisation and FO) or refunds (intent: capture and return): the same rule over different claims. */
function judgeClaimed(attempts: readonly PaymentAttempt[], kind: 'capture' | 'refund', intentOf: (keyed: KeyAttempts) => string | undefined, claimed: (resultId: string) => boolean): IntentFinding[] {
  const findings: IntentFinding[] = [];
  const what = kind === 'capture' ? 'FO' : 'return';
  for (const [target, keys] of byTargetAndKey(attempts)) {
    const intents = keys.map((keyed) => intentOf(keyed));
    const firstKeyOf = new Map<string, KeyAttempts>();
    keys.forEach((keyed, index) => {
      const intent = intents[index];
      const attempt = first(keyed);
      const amount = attempt.amountCents;
      // The first claimed key sent after this one on the same target for the same amount: the intent
      // this one was, retried under a fresh key (an earlier one could be another intent of that amount).
      const sibling = (): { keyed: KeyAttempts; intent: string } | undefined => {
        for (let other = index + 1; other < keys.length; other++) {
          const candidate = keys[other] as KeyAttempts;
          const otherIntent = intents[other];
          if (otherIntent !== undefined && first(candidate).amountCents === amount) return { keyed: candidate, intent: otherIntent };
        }
        return undefined;
      };
      if (intent !== undefined) {
        const once = firstKeyOf.get(intent);
        if (once === undefined) firstKeyOf.set(intent, keyed);
        else findings.push({ reference: attempt.reference, seq: attempt.seq, detail: `${kind} of ${what} ${intent} on ${target} sent under a second ${label(keyed.key)} (${outcomes(keyed)}), after ${label(once.key)} (${outcomes(once)}): one intent, two keys` });
        return;
      }
      const unclaimed = results(keyed).filter((id) => !claimed(id));
      const same = sibling();
      const sameText = same === undefined ? '' : `; ${what} ${same.intent}'s ${kind} of the same amount was sent again under ${label(same.keyed.key)}`;
      if (unclaimed.length > 0) {
        findings.push({ reference: attempt.reference, seq: attempt.seq, detail: `${kind} ${unclaimed.join(', ')} of ${amount ?? '?'} cents on ${target} under ${label(keyed.key)}: the gateway moved the money, no intent of the orchestrator claims it${sameText}` });
        return;
      }
      // A refusal nobody claims beside a claimed key for the same amount: that intent, tried under a second key.
      const ended = keyed.attempts.some((tried) => tried.code !== null && TARGET_ENDED.has(tried.code));
      if (same !== undefined && !ended && results(keyed).length === 0) {
        findings.push({ reference: attempt.reference, seq: attempt.seq, detail: `${kind} of ${amount ?? '?'} cents on ${target} under ${label(keyed.key)} (${outcomes(keyed)}), claimed by no intent${sameText}: one intent, two keys` });
      }
    });
  }
  return findings;
}

/** Every breach of the money-per-intent rule in one gateway's log, in the order the gateway saw them. */
export function judgeIntents(attempts: readonly PaymentAttempt[], authorizations: readonly PaymentAuthorizationTruth[], claims: IntentClaims): IntentFinding[] {
  const books = new Map(authorizations.map((auth) => [auth.authorizationId, auth]));
  const of = (operation: PaymentAttempt['operation']): PaymentAttempt[] => attempts.filter((attempt) => attempt.operation === operation);
  const captureFo = (keyed: KeyAttempts): string | undefined => {
    const byKey = claims.keyFo.get(keyed.key);
    // A key claimed for two FOs says nothing: the capture it brought back may still say whose it was.
    if (typeof byKey === 'string') return byKey;
    return results(keyed).map((id) => claims.captureFo.get(id)).find((fo) => fo !== undefined);
  };
  const refundReturn = (keyed: KeyAttempts): string | undefined => claims.keyReturn.get(keyed.key) ?? results(keyed).map((id) => claims.refundReturn.get(id)).find((found) => found !== undefined);
  return [
    ...judgeAuthorizations(of('authorize'), books, attempts),
    ...judgeClaimed(of('capture'), 'capture', captureFo, (id) => claims.captureFo.has(id)),
    ...judgeClaimed(of('refund'), 'refund', refundReturn, (id) => claims.refundReturn.has(id)),
    ...judgeVoids(of('void')),
  ].sort((a, b) => a.seq - b.seq);
}
