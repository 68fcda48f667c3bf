import type { InboundFile, ResendRow, WmsAdapter } from '../adapters/wms/wms-adapter.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';
import { settleDeadLetter } from './dead-letters.ts';
import { inBatches } from '../store/in-batches.ts';

/**
 * What the reference orchestrator is missing from a DC's WMS, and the re-send requests it writes
 * to get it (docs/legacy-protocols.md, "Re-send requests"). The WMS honours a request at the end
 * of its next job (batch window, ship wave, snapshot) with a copy that keeps the original's
 * control number, so whichever of the original and the copies reads first is applied and the
 * rest are de-duplicated as usual.
 *
 * A want is one thing missing: `DOCUMENT n` (an outbound document we could not read, or a gap in
 * the DC's control numbers) or `RELEASE n` (the ACK and shipment confirmations of release n, when
 * the ack was lost or the confirmation is overdue). Each want is asked for at most MAX_ASKS
 * times, one request file per ask, with growing waits; the caller decides, while it is open,
 * whether it is still needed, and what to escalate once it is exhausted.
 */
export interface Want {
  dcId: string;
  kind: ResendRow['kind'];
  controlNumber: number;
  /** Request files written for it so far. */
  asks: number;
  /** When to ask (again): at once for a new want, after a growing wait once asked. */
  nextAskAtMs: number;
}

/** A request stored ahead of its file and deleted once written, so a restart rewrites rather than forgets it. */
interface ResendRequestRecord {
  dcId: string;
  controlNumber: number;
  rows: ResendRow[];
}

interface Gap {
  dcId: string;
  firstNoticedAtMs: number;
  /** Asked for until the asks ran out: a person's now, never asked for again. */
  gaveUp: boolean;
}

const HOUR_MS = 3_600_000;
const WANTS = 'wms-wants';
const REQUESTS = 'wms-resend-requests';
/** Outbound control numbers of which a file (readable or not) is in `out/`, above the DC's low mark. */
const SEEN = 'wms-outbound-seen';
/** Per DC: every control number up to this one has a file in `out/`. */
const LOW_MARK = 'wms-outbound-low';
const GAPS = 'wms-outbound-gaps';
/** `<dcId>:<control number>` of every outbound document applied (any type: numbers are one sequence per DC). */
const APPLIED = 'wms-outbound-applied';
/** Dead letters waiting for a copy of their document, by `<dcId>:<control number>`. */
const DEAD_BY_NUMBER = 'wms-dead-by-number';

/** Requests per want before its caller escalates: a copy damaged this often is not coming. */
const MAX_ASKS = 4;
/**
 * The wait after the k-th ask: the WMS reads requests at the end of each of its jobs (batch
 * window, ship wave, snapshot), but a copy of a late file may itself be late, and a skipped night
 * stops them all: so a day and two hours per ask already made (26 h, 50 h, 74 h, 98 h): a skipped night or two is ridden
 * out, a dead one is not waited on forever. A copy that comes back damaged is asked for at once.
 */
export function waitAfterAskMs(asks: number): number {
  return asks * 24 * HOUR_MS + 2 * HOUR_MS;
}
/**
 * A control number missing between two we have: most gaps are late files (asked for after this),
 * some an out-of-order pair whose lower number comes with the WMS's next file, up to a job (12 h)
 * later. Asking for one of those early costs a request the WMS refuses (UNKNOWN_DOCUMENT) and
 * nothing else (a document want escalates nothing), so a short grace buys hours on late files.
 */
const GAP_GRACE_MS = 4 * HOUR_MS;
/** Control numbers noted (marked seen, or passed by the low mark) per transaction by noteListing. */
const NUMBERS_PER_TRANSACTION = 200;

function wantKey(dcId: string, kind: Want['kind'], controlNumber: number): string {
  return `${dcId}:${kind}:${controlNumber}`;
}

export class WmsRecovery {
  constructor(private readonly context: OrchestratorContext) {}

  private get store(): OrchestratorContext['ports']['store'] {
    return this.context.ports.store;
  }

  /** Whether a document with this control number (of any type) has been applied. */
  applied(dcId: string, controlNumber: number): boolean {
    return this.store.get(APPLIED, `${dcId}:${controlNumber}`) !== undefined;
  }

  /** Opens a want unless it is open; a new one is asked for at the next poll. */
  want(dcId: string, kind: Want['kind'], controlNumber: number): void {
    const key = wantKey(dcId, kind, controlNumber);
    if (this.store.get<Want>(WANTS, key) !== undefined) return;
    this.store.put<Want>(WANTS, key, { dcId, kind, controlNumber, asks: 0, nextAskAtMs: this.context.ports.clock.nowMs() });
  }

  /** Whether a document of this DC is missing and not given up on (one we could not read, or a gap). */
  awaitingDocuments(dcId: string): boolean {
    for (const want of this.store.values<Want>(WANTS)) if (want.dcId === dcId && want.kind === 'DOCUMENT') return true;
    for (const gap of this.store.values<Gap>(GAPS)) if (gap.dcId === dcId && !gap.gaveUp) return true;
    return false;
  }

  /** Call in the transaction that applies the document: what was missing is not any more. */
  documentApplied(dcId: string, controlNumber: number, settledBy: string): void {
    this.store.put(APPLIED, `${dcId}:${controlNumber}`, true);
    this.store.delete(WANTS, wantKey(dcId, 'DOCUMENT', controlNumber));
    if (this.context.parts.settleDeadLettersByCopy) for (const id of this.store.get<string[]>(DEAD_BY_NUMBER, `${dcId}:${controlNumber}`) ?? []) settleDeadLetter(this.context, id, settledBy);
    this.store.delete(DEAD_BY_NUMBER, `${dcId}:${controlNumber}`);
  }

  /**
   * Call in the transaction that dead-letters an unreadable file. Its document is asked for again
   * (at once, also when a copy came back damaged: the WMS did answer), except a SNAPSHOT: the
   * next night's supersedes it, and an old stock count applied late would only mislead.
   */
  deadLettered(file: InboundFile, dcId: string, letterId: string): void {
    const key = `${dcId}:${file.controlNumber}`;
    this.store.put(DEAD_BY_NUMBER, key, [...(this.store.get<string[]>(DEAD_BY_NUMBER, key) ?? []), letterId]);
    if (file.docType === 'SNAPSHOT') return;
    const existing = this.store.get<Want>(WANTS, wantKey(dcId, 'DOCUMENT', file.controlNumber));
    if (existing === undefined) this.want(dcId, 'DOCUMENT', file.controlNumber);
    else this.store.put<Want>(WANTS, wantKey(dcId, 'DOCUMENT', file.controlNumber), { ...existing, nextAskAtMs: this.context.ports.clock.nowMs() });
  }

  /**
   * Tracks which outbound control numbers have a file in `out/` and asks for a number missing
   * between two present ones for longer than GAP_GRACE_MS (a late or lost file). Only what is
   * new is written: the low mark moves up and the numbers under it are forgotten.
   *
   * In transactions of at most `numbersPerTransaction` numbers: after a stall a listing can hold
   * hundreds of new files (1,167 writes at holiday-spike), one transaction a process losing power
   * every few hundred writes never commits. Each part is whole on its own (a number marked seen,
   * the low mark moved past numbers it forgets), so power lost between two leaves a state the
   * next listing finishes from.
   */
  noteListing(dcId: string, files: readonly InboundFile[], numbersPerTransaction = NUMBERS_PER_TRANSACTION): void {
    const now = this.context.ports.clock.nowMs();
    const lowAtStart = this.store.get<number>(LOW_MARK, dcId) ?? 0;
    let highest = lowAtStart;
    const listed: number[] = [];
    for (const { controlNumber } of files) {
      highest = Math.max(highest, controlNumber);
      if (controlNumber > lowAtStart) listed.push(controlNumber);
    }
    inBatches(this.store, listed, numbersPerTransaction, 'numbersPerTransaction', (batch) => {
      for (const controlNumber of batch) {
        if (this.store.get(SEEN, `${dcId}:${controlNumber}`) !== undefined) continue;
        this.store.put(SEEN, `${dcId}:${controlNumber}`, true);
        this.store.delete(GAPS, `${dcId}:${controlNumber}`);
      }
    });
    // A gap given up on (its asks ran out, a person has it) is passed too: otherwise every later
    // number would stay remembered, and each poll would walk them all, for the rest of the run.
    let moved = numbersPerTransaction;
    while (moved === numbersPerTransaction) {
      moved = this.store.transaction(() => {
        let low = this.store.get<number>(LOW_MARK, dcId) ?? 0;
        let passed = 0;
        while (passed < numbersPerTransaction && (this.store.get(SEEN, `${dcId}:${low + 1}`) !== undefined || this.store.get<Gap>(GAPS, `${dcId}:${low + 1}`)?.gaveUp === true)) {
          low += 1;
          passed += 1;
          this.store.delete(SEEN, `${dcId}:${low}`);
          this.store.delete(GAPS, `${dcId}:${low}`);
        }
        if (passed > 0) this.store.put(LOW_MARK, dcId, low);
        return passed;
      });
    }
    this.store.transaction(() => {
      const low = this.store.get<number>(LOW_MARK, dcId) ?? 0;
      for (let missing = low + 1; missing < highest; missing++) {
        if (this.store.get(SEEN, `${dcId}:${missing}`) !== undefined) continue;
        const gap = this.store.get<Gap>(GAPS, `${dcId}:${missing}`);
        if (gap === undefined) this.store.put<Gap>(GAPS, `${dcId}:${missing}`, { dcId, firstNoticedAtMs: now, gaveUp: false });
        else if (!gap.gaveUp && now - gap.firstNoticedAtMs >= GAP_GRACE_MS) this.want(dcId, 'DOCUMENT', missing);
      }
    });
  }

  /**
   * Writes one request file per want that is due, after rewriting any request a crash left
   * unwritten. Wants `stillNeeded` no longer needs are closed; wants out of asks are closed and
   * returned, for the caller to escalate what depends on them.
   */
  async askDue(dcId: string, adapter: WmsAdapter, stillNeeded: (want: Want) => boolean): Promise<Want[]> {
    for (const request of [...this.store.values<ResendRequestRecord>(REQUESTS)]) {
      if (request.dcId === dcId) await this.write(request, adapter);
    }
    const now = this.context.ports.clock.nowMs();
    const due: ResendRequestRecord[] = [];
    const exhausted: Want[] = [];
    this.store.transaction(() => {
      for (const want of [...this.store.values<Want>(WANTS)]) {
        if (want.dcId !== dcId) continue;
        const key = wantKey(dcId, want.kind, want.controlNumber);
        if (!stillNeeded(want)) {
          this.store.delete(WANTS, key);
        } else if (now >= want.nextAskAtMs && want.asks >= MAX_ASKS) {
          this.store.delete(WANTS, key);
          const gap = this.store.get<Gap>(GAPS, `${dcId}:${want.controlNumber}`);
          if (want.kind === 'DOCUMENT' && gap !== undefined) this.store.put<Gap>(GAPS, `${dcId}:${want.controlNumber}`, { ...gap, gaveUp: true });
          exhausted.push(want);
        } else if (now >= want.nextAskAtMs) {
          const controlNumber = this.context.repo.nextCounter(`resend:${dcId}`);
          const request: ResendRequestRecord = { dcId, controlNumber, rows: [{ kind: want.kind, controlNumber: want.controlNumber }] };
          this.store.put(REQUESTS, `${dcId}:${controlNumber}`, request);
          this.store.put<Want>(WANTS, key, { ...want, asks: want.asks + 1, nextAskAtMs: now + waitAfterAskMs(want.asks + 1) });
          due.push(request);
        }
      }
    });
    for (const request of due) await this.write(request, adapter);
    return exhausted;
  }

  private async write(request: ResendRequestRecord, adapter: WmsAdapter): Promise<void> {
    const written = await adapter.writeResendRequest(request.controlNumber, request.rows);
    this.store.transaction(() => {
      this.store.delete(REQUESTS, `${request.dcId}:${request.controlNumber}`);
      const asked = request.rows.map((row) => `${row.kind} ${row.controlNumber}`).join(', ');
      this.context.publisher.publish('resend.requested', `${request.dcId}:resend`, request.dcId, SOURCE, { ...written, controlNumber: request.controlNumber, asked });
    });
  }
}
