import { fieldsOf } from '../kernel/trace-detail.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';

/**
 * Per run: `<foId>:<lineNo>:<shipmentId>` to the index of the trace event that first applied it.
 * Kept for the whole run (a WMS may re-export a file any time), and a finding names only the
 * index, so a number and not the event's pointer.
 */
const appliedIn = stateKeyedBy<CheckContext, Map<string, number>>(() => new Map());

/**
 * Incidents 7 and 8 (a late confirmation after the snapshot counted it; the WMS re-exports a
 * confirmation file after a job restart): each WMS shipment is applied once, checked the moment
 * the orchestrator publishes a shipment confirmation.
 */
export const shipmentOnceChecker: InvariantChecker = {
  name: 'inbox.shipment-applied-once',
  kinds: ['shipment.confirmed'],
  onEvent(event, context, report) {
    if (event.kind !== 'shipment.confirmed') return;
    const payload = fieldsOf(event);
    const key = `${String(payload.foId)}:${String(payload.lineNo)}:${String(payload.shipmentId)}`;
    const seen = appliedIn(context);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, event.index);
    else report({ invariant: this.name, orderId: event.orderId, detail: `shipment ${String(payload.shipmentId)} of ${String(payload.foId)}:${String(payload.lineNo)} applied again (first at event ${first})`, firstBadEvent: pointer(event) });
  },
};
