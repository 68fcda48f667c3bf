/**
 * The backorder sweep compares an FO's wait with `backorderRetryIntervalMs` where it meant
 * `backorderTimeoutMs` (two fields of the same config, one line apart): a customer's units are
 * given up as unavailable an hour after they started waiting instead of a day, and waits on stale
 * facts are parked after three hours instead of three days. Every cancel is orderly and every
 * parked order justified by the owners' books, so only a check of the deadline notices. Caught by
 * `backorder.decided-at-its-deadline`.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('backorder-deadline-is-the-retry-interval', (ports, config) =>
  createReferenceOrchestrator(ports, { ...config, timing: { ...config.timing, backorderTimeoutMs: config.timing.backorderRetryIntervalMs } }),
);
