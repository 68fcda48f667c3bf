import type { ClockPort, StorePort } from '../ports.ts';
import type { CustomerTier } from '../model/types.ts';

/** Break classes from the incident catalogue: the reconciliation breaks (docs/exceptions.md lists what each confirms). */
export const RECONCILIATION_BREAK_CATEGORIES = ['LOST_ACK', 'LATE_CONFIRMATION', 'PHANTOM_HOLD', 'ORPHAN_HOLD', 'DOUBLE_DECREMENT', 'STALE_CANCEL', 'OVERSELL', 'MONEY_MISMATCH'] as const;

/** Every class: the breaks, plus operational ones (an order that cannot be routed or a system that does not answer). */
export const EXCEPTION_CATEGORIES = [...RECONCILIATION_BREAK_CATEGORIES, 'UNROUTABLE', 'REROUTE_LIMIT', 'SYSTEM_UNREACHABLE', 'PROTOCOL_ERROR'] as const;

export type ExceptionCategory = (typeof EXCEPTION_CATEGORIES)[number];

export type SuggestedAction = 'retry' | 'cancel' | 'release' | 'resync' | 'escalate';
export type SlaTier = 'P1' | 'P2' | 'P3';

export interface ExceptionItem {
  exceptionId: string;
  orderId: string;
  foId: string;
  category: ExceptionCategory;
  detail: string;
  suggestedAction: SuggestedAction;
  slaTier: SlaTier;
  openedAtMs: number;
  /** When the SLA is breached: VIP orders age faster. */
  dueAtMs: number;
  status: 'OPEN' | 'RESOLVED';
  resolvedAtMs: number | null;
  resolution: string;
  /** Each system's last known state of the order when the exception was raised. */
  lastKnown: Readonly<Record<string, string>>;
}

const NAMESPACE = 'exceptions';
const OPEN_INDEX = 'index:open-exceptions';
const HOUR_MS = 3_600_000;

/** SLA by tier: how long an exception may stay open. */
const SLA_MS: Readonly<Record<SlaTier, number>> = { P1: 4 * HOUR_MS, P2: 24 * HOUR_MS, P3: 72 * HOUR_MS };

function tierFor(category: ExceptionCategory, customerTier: CustomerTier): SlaTier {
  const money = category === 'MONEY_MISMATCH' || category === 'OVERSELL';
  if (customerTier === 'VIP' || money) return 'P1';
  return category === 'ORPHAN_HOLD' ? 'P3' : 'P2';
}

/**
 * The queue people work: one item per (FO, category) while open, so a recurring break does not
 * flood it. Items are stored, so a restart keeps them.
 */
export class ExceptionQueue {
  constructor(
    private readonly store: StorePort,
    private readonly clock: ClockPort,
  ) {}

  open(item: { orderId: string; foId: string; category: ExceptionCategory; detail: string; suggestedAction: SuggestedAction; customerTier: CustomerTier; lastKnown: Record<string, string> }): ExceptionItem {
    const exceptionId = `EX-${item.foId || item.orderId}-${item.category}`;
    const existing = this.store.get<ExceptionItem>(NAMESPACE, exceptionId);
    if (existing !== undefined && existing.status === 'OPEN') return existing;
    const now = this.clock.nowMs();
    const slaTier = tierFor(item.category, item.customerTier);
    const opened: ExceptionItem = {
      exceptionId,
      orderId: item.orderId,
      foId: item.foId,
      category: item.category,
      detail: item.detail,
      suggestedAction: item.suggestedAction,
      slaTier,
      openedAtMs: now,
      dueAtMs: now + SLA_MS[slaTier],
      status: 'OPEN',
      resolvedAtMs: null,
      resolution: '',
      lastKnown: item.lastKnown,
    };
    this.store.put(NAMESPACE, exceptionId, opened);
    this.store.put(OPEN_INDEX, exceptionId, exceptionId);
    return opened;
  }

  resolve(exceptionId: string, resolution: string): ExceptionItem | undefined {
    const item = this.store.get<ExceptionItem>(NAMESPACE, exceptionId);
    if (item === undefined || item.status !== 'OPEN') return undefined;
    const resolved: ExceptionItem = { ...item, status: 'RESOLVED', resolvedAtMs: this.clock.nowMs(), resolution };
    this.store.put(NAMESPACE, exceptionId, resolved);
    this.store.delete(OPEN_INDEX, exceptionId);
    return resolved;
  }

  openItems(): ExceptionItem[] {
    return [...this.store.values<string>(OPEN_INDEX)].map((id) => this.store.get<ExceptionItem>(NAMESPACE, id) as ExceptionItem);
  }

  /**
   * An FO's open items, in queue order. An item's id is its FO and category, so they are looked up
   * directly, not found by reading the whole queue (which made every FO leaving EXCEPTION cost
   * the size of the queue: quadratic after a holiday peak). Queue order is opening order, time
   * only moves forward, so their opening times order them; on a tie the queue itself decides.
   */
  openFor(foId: string): ExceptionItem[] {
    if (foId === '') return this.openItems().filter((item) => item.foId === foId);
    const open: ExceptionItem[] = [];
    for (const category of EXCEPTION_CATEGORIES) {
      const item = this.store.get<ExceptionItem>(NAMESPACE, `EX-${foId}-${category}`);
      if (item !== undefined && item.status === 'OPEN' && item.foId === foId) open.push(item);
    }
    if (open.length < 2) return open;
    if (new Set(open.map((item) => item.openedAtMs)).size < open.length) return this.openItems().filter((item) => item.foId === foId);
    return open.sort((a, b) => a.openedAtMs - b.openedAtMs);
  }
}
