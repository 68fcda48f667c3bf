/**
 * Incident 22, second half: the orchestrator dedupes placeOrder by its idempotency key alone. A
 * sales channel that lost its request id sends the same order again under a new key (same channel
 * order id), and a second order is created: the customer is charged and shipped twice. Same-key
 * re-sends (soon after, at once, after a crash) are all answered from the key, so only the new-key
 * re-send shows it. Caught by `idempotency.command-applied-once` (one order per channel order).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('place-order-deduped-by-key-only', { oneOrderPerChannelOrder: false });
