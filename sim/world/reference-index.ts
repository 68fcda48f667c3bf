import type { PublishedEvent } from '../../orchestrator/ports.ts';

/**
 * Which order an external reference belongs to (`<foId>:<lineNo>` on a POS hold or a WMS line,
 * an FO id on a file), learnt from the FO events the orchestrator publishes: the fakes know
 * references, the checkers report orders.
 */
export class ReferenceIndex {
  private readonly foToOrder = new Map<string, string>();

  learn(event: PublishedEvent): void {
    if (event.type === 'fo.transitioned' || event.type === 'fulfillment.assigned') this.foToOrder.set(event.aggregateId, event.correlationId);
  }

  /** `<foId>:<lineNo>` or `<foId>` to its order, or '' when no event has named it yet. */
  orderOf(reference: string): string {
    if (reference === '') return '';
    const direct = this.foToOrder.get(reference);
    if (direct !== undefined) return direct;
    const colon = reference.lastIndexOf(':');
    return colon > 0 ? (this.foToOrder.get(reference.slice(0, colon)) ?? '') : '';
  }

  /** The order a request to a fake concerns: its body's or its query's `externalRef`. */
  orderOfRequest(request: { path: string; body?: unknown }): string {
    const body = request.body as { externalRef?: unknown } | undefined;
    if (typeof body?.externalRef === 'string') return this.orderOf(body.externalRef);
    const match = /externalRef=([^&]+)/.exec(request.path);
    return match?.[1] === undefined ? '' : this.orderOf(decodeURIComponent(match[1]));
  }
}
