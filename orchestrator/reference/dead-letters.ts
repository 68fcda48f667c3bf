import type { DeadLetterView, ReplayDeadLetterCommand, ReplayDeadLetterResult } from '../plugin.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';

/**
 * Inbound messages the orchestrator could not read (a damaged WMS file, an unparsable POS journal
 * entry): kept with their reason, source and time instead of being dropped, until a person
 * replays them (after the sender re-sent the file, after an adapter fix) or decides otherwise.
 */
export interface DeadLetter {
  /** `wms:<dcId>/<fileName>` or `pos:<storeId>/<holdId or cursor#index>`. */
  id: string;
  /** The system and node it came from, e.g. `wms:DC1`, `pos:S1`. */
  source: string;
  nodeId: string;
  kind: 'wms-document' | 'pos-journal-entry';
  /** WMS: the file name in the DC's out folder. POS: the hold's external reference ('' if unreadable too). */
  ref: string;
  reason: string;
  atMs: number;
  /** A compact, bounded copy of what could not be read (POS entries; WMS files stay in their folder). */
  raw?: string;
  state: 'dead' | 'replayed';
  replays: number;
}

export const DEAD_LETTERS = 'dead-letters';
/** Ids still dead, so the view does not read every letter ever replayed. */
const DEAD_INDEX = 'index:dead-letters';

/**
 * Records a dead letter and publishes `dead_letter.added`, once per id (a message seen again,
 * e.g. the same journal page after a crash, is the same letter). Call it in the transaction that
 * moves past the message (inbox record, cursor), so it is never both skipped and forgotten.
 */
export function addDeadLetter(context: OrchestratorContext, letter: Omit<DeadLetter, 'atMs' | 'state' | 'replays'>): void {
  if (context.ports.store.get<DeadLetter>(DEAD_LETTERS, letter.id) !== undefined) return;
  const stored: DeadLetter = { ...letter, atMs: context.ports.clock.nowMs(), state: 'dead', replays: 0 };
  context.ports.store.put(DEAD_LETTERS, letter.id, stored);
  context.ports.store.put(DEAD_INDEX, letter.id, letter.id);
  context.publisher.publish('dead_letter.added', letter.id, letter.nodeId, SOURCE, { id: letter.id, source: letter.source, kind: letter.kind, ref: letter.ref, reason: letter.reason });
}

/**
 * The sender re-sent a good copy and it was applied: the letter is settled without a person
 * (state `replayed`, off the view), and `dead_letter.replayed` says by what. No-op unless dead.
 * Call it in the transaction that applied the copy.
 */
export function settleDeadLetter(context: OrchestratorContext, id: string, settledBy: string): void {
  const letter = context.ports.store.get<DeadLetter>(DEAD_LETTERS, id);
  if (letter === undefined || letter.state !== 'dead') return;
  context.ports.store.put<DeadLetter>(DEAD_LETTERS, id, { ...letter, state: 'replayed' });
  context.ports.store.delete(DEAD_INDEX, id);
  context.publisher.publish('dead_letter.replayed', id, letter.nodeId, SOURCE, { id, settledBy });
}

export function deadLetterViews(context: OrchestratorContext): DeadLetterView[] {
  return [...context.ports.store.values<string>(DEAD_INDEX)].map((id) => {
    const letter = context.ports.store.get<DeadLetter>(DEAD_LETTERS, id) as DeadLetter;
    return { id: letter.id, source: letter.source, reason: letter.reason, atMs: letter.atMs };
  });
}

/** What a replay asks of the flow that owns the message: read it again and apply it, in `commit`. */
export type ReplayReader = (letter: DeadLetter) => Promise<{ ok: true; apply: () => void } | { ok: false; reason: string }>;

/**
 * The admin action: re-read a dead letter from its source and apply it if it now reads, else
 * leave it dead with the new reason. Idempotent per key (the stored outcome comes back); the
 * effect itself is idempotent too (inbox per document, hold changes by hold id).
 */
export async function replayDeadLetter(context: OrchestratorContext, readers: Readonly<Record<DeadLetter['kind'], ReplayReader>>, command: ReplayDeadLetterCommand): Promise<ReplayDeadLetterResult> {
  const key = `replay-dead-letter:${command.idempotencyKey}`;
  const claim = context.idempotency.claim<ReplayDeadLetterResult>(key, command.id);
  if (claim.kind === 'conflict') return { kind: 'conflict', message: `idempotency key ${command.idempotencyKey} was used to replay another dead letter` };
  if (claim.kind === 'in-progress') return { kind: 'in-progress' };
  if (claim.kind === 'replay') return claim.outcome;

  const letter = context.ports.store.get<DeadLetter>(DEAD_LETTERS, command.id);
  if (letter === undefined || letter.state !== 'dead') {
    // Nothing was done: the corrected request may use the same key.
    context.idempotency.abandon(key);
    return { kind: 'invalid', message: letter === undefined ? `no dead letter ${command.id}` : `dead letter ${command.id} was already replayed` };
  }
  let read: Awaited<ReturnType<ReplayReader>>;
  try {
    read = await readers[letter.kind](letter);
  } catch (error) {
    context.idempotency.abandon(key);
    throw error;
  }
  return context.ports.store.transaction((): ReplayDeadLetterResult => {
    const latest = context.ports.store.get<DeadLetter>(DEAD_LETTERS, letter.id) as DeadLetter;
    let outcome: ReplayDeadLetterResult;
    if (latest.state !== 'dead') {
      outcome = { kind: 'invalid', message: `dead letter ${command.id} was already replayed` };
    } else if (read.ok) {
      // Marked first: applying the document settles its dead letters, and this one must be announced once, as the admin's.
      context.ports.store.put<DeadLetter>(DEAD_LETTERS, letter.id, { ...latest, state: 'replayed', replays: latest.replays + 1 });
      context.ports.store.delete(DEAD_INDEX, letter.id);
      context.publisher.publish('dead_letter.replayed', letter.id, letter.nodeId, 'admin', { id: letter.id, idempotencyKey: command.idempotencyKey });
      read.apply();
      outcome = { kind: 'applied', id: letter.id };
    } else {
      context.ports.store.put<DeadLetter>(DEAD_LETTERS, letter.id, { ...latest, reason: read.reason, replays: latest.replays + 1 });
      outcome = { kind: 'still-dead', id: letter.id, reason: read.reason };
    }
    context.idempotency.complete(key, command.id, outcome);
    return outcome;
  });
}
