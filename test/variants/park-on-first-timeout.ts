/**
 * A store hold request times out once and the orchestrator parks the FO at once as
 * SYSTEM_UNREACHABLE, instead of retrying the request and, once parked, retrying the store until
 * it answers. The store answers the next request; the order waits on a person for nothing.
 * Caught by `exceptions.parked-for-a-real-cause`: the store is online at the end of the run.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('park-on-first-timeout', (ports, config) =>
  createReferenceOrchestrator(ports, { ...config, timing: { ...config.timing, posMaxAttempts: 1 } }, { retryParkedUnreachable: false }),
);
