/**
 * When a card hold lapses after part of the order was captured, authorises the whole order's
 * value again instead of what is left: the customer's card is held for money already taken.
 * Caught by `money.authorisation-within-what-is-owed`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('reauthorise-whole-order', { reauthorizeTheRest: false });
