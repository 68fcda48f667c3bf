/**
 * A cancel's idempotency key remembers the order and the reason but not which units: a customer
 * who edits a partial cancel (one unit fewer, another line) and whose app sends it under the
 * same key is answered `replayed`, as if it were the same request, and never learns that the
 * edit was not taken. Caught by `commands.key-rules` (the edited cancel must be a conflict).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('cancel-key-ignores-lines', { cancelKeyCoversLines: false });
