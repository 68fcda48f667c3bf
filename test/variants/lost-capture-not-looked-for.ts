/**
 * Takes a refused capture at its word: a hold spent, lapsed or voided means nothing was captured.
 * But a capture whose answer was lost took the money, and once the gateway has forgotten its key
 * (24 hours at Stripe) a retry is refused as if it had not: the FO stays shipped with a capture
 * nobody recorded, or the order is authorised and captured again and the customer pays twice.
 * Caught by `money.settlement-balances` on lost-capture-answers (seed 1: 46 orders whose
 * gateway took money the ledger never recorded).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('lost-capture-not-looked-for', { findLostCaptures: false });
