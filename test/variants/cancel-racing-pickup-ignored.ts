/**
 * Incident 4: a customer cancels while the store is picking or has handed the order over; the
 * store answers the hold release with "already fulfilled" and the orchestrator cancels anyway
 * (cancel wins over a pickup that happened). Caught by `cancel.cancelled-units-never-shipped`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('cancel-racing-pickup-ignored', { cancelYieldsToFulfilment: false });
