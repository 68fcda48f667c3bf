/**
 * Incident 21: a release file the WMS never acknowledges (lost, unreadable, a skipped batch
 * night) is never re-sent nor escalated: its FOs sit RELEASED, unseen. Caught by
 * `lifecycle.every-order-terminal-or-excepted`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('lost-release-never-resent', { chaseUnacknowledgedReleases: false });
