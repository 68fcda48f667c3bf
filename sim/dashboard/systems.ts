import { fieldsOf } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { HOLD_STATUS_BY_TRACE_KIND } from '../../legacy-fakes/pos/pos-fake.ts';
import { textOf } from './trace-facts.ts';

/** Counts of things by their current status, kept as they change (reading them costs nothing). */
class StatusCounts {
  private readonly status = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  set(key: string, to: string): void {
    const from = this.status.get(key);
    if (from === to) return;
    if (from !== undefined) this.counts.set(from, (this.counts.get(from) ?? 0) - 1);
    this.status.set(key, to);
    this.counts.set(to, (this.counts.get(to) ?? 0) + 1);
  }

  get(key: string): string | undefined {
    return this.status.get(key);
  }

  /** Non-zero counts, sorted by status. */
  tally(): Record<string, number> {
    return Object.fromEntries([...this.counts].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}


/**
 * Each system's things by status, as the trace tells it (the same reading as
 * sim/replay/world-state.ts, kept incrementally so a frame costs nothing): the orchestrator's FOs
 * by their last published state; each POS hold by its last event at the POS; each WMS line by its
 * last `wms.line.*` event; each card authorisation at the gateway.
 */
export class SystemStates {
  readonly orders = { created: 0, closed: 0 };
  private readonly fos = new StatusCounts();
  private readonly holds = new StatusCounts();
  private readonly lines = new StatusCounts();
  private readonly authorizations = new StatusCounts();

  add(event: TraceEvent): void {
    const { kind } = event;
    switch (event.source) {
      case 'orchestrator':
        if (kind === 'order.created') this.orders.created++;
        else if (kind === 'order.closed') this.orders.closed++;
        else if (kind === 'fo.transitioned') {
          const payload = fieldsOf(event);
          this.fos.set(textOf(payload['foId']) || event.ref, textOf(payload['to']));
        }
        break;
      case 'pos': {
        const status = HOLD_STATUS_BY_TRACE_KIND.get(kind);
        if (status === undefined) break;
        const [storeId = '?', holdId = ''] = event.detail.split(' ');
        this.holds.set(`${storeId}|${holdId}`, status);
        break;
      }
      case 'wms':
        if (kind.startsWith('wms.line.')) this.lines.set(`${event.detail.split(' ')[0] ?? '?'}|${event.ref}`, kind.slice('wms.line.'.length).toUpperCase());
        break;
      case 'payment': {
        const words = event.detail.split(' ');
        if (kind === 'payment.authorized') this.authorizations.set(words[0] ?? '', 'AUTHORIZED');
        else if (kind === 'payment.captured') this.authorizations.set(words[1] ?? '', 'CAPTURED');
        else if (kind === 'payment.voided') this.authorizations.set(words[0] ?? '', 'VOIDED');
        else if (kind === 'payment.expired') this.authorizations.set(words[0] ?? '', 'EXPIRED');
        break;
      }
      default:
        break;
    }
  }

  snapshot(): { orchestrator: Record<string, number>; pos: Record<string, number>; wms: Record<string, number>; payment: Record<string, number> } {
    return { orchestrator: this.fos.tally(), pos: this.holds.tally(), wms: this.lines.tally(), payment: this.authorizations.tally() };
  }

  /** FOs by state right now (the report samples it over time). */
  foStates(): Record<string, number> {
    return this.fos.tally();
  }
}
