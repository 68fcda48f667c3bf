/**
 * Applies each inbound batch in one transaction, however large: a WMS document (the night's
 * shipment confirmation at a peak is hundreds of rows, thousands of writes) and a POS journal
 * page (a backlog of hundreds of hold changes). Written whole or not at all, such a step is
 * never written by a process that keeps losing power inside it: with power lost every n store
 * writes (`--crash-every n --torn`), every restart reads the batch, dies inside it and starts
 * over 30 s later for as long as the power keeps going, and no other step gets through; hand-overs
 * at the till go unheard and pickups stay READY_FOR_PICKUP for days. Caught by
 * `pickup.expires-unless-collected` on holiday-spike, 150 orders, power lost every 400 writes.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('inbound-batch-in-one-transaction', { inboundItemsPerStep: Number.MAX_SAFE_INTEGER });
