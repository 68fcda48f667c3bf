/**
 * FOs parked while a store's network was down are never routed again once it is back: the
 * automatic retry of unreachable stores is missing, so every order caught by the outage waits
 * on a person for good. Caught by `exceptions.parked-for-a-real-cause`: the store is online and
 * answering at the end of the run.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('never-reroute-after-outage', { retryParkedUnreachable: false });
