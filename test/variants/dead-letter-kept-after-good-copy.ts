/**
 * A damaged WMS file goes to the dead-letter queue and its document is asked for again; the
 * good copy comes and is applied, but the dead letter stays on the queue. A person then replays
 * or chases a file that was taken care of days ago. Nothing else is wrong: the orders converge.
 * Caught by `dead-letters.listed-until-settled`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('dead-letter-kept-after-good-copy', { settleDeadLettersByCopy: false });
