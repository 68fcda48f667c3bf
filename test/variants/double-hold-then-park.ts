/**
 * After a hold request times out the orchestrator sends it again without looking it up (the
 * store applied the first: now it holds the line twice), and when the store stays slow it parks
 * the FO and never comes back to it. Parked, the duplicate hiding behind the exception used to
 * pass. Caught by `idempotency.one-live-hold-per-line-and-node` at the second hold; the parked FO
 * itself is unjustified too (the store answers again).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('double-hold-then-park', { lookUpHoldBeforeResend: false, retryParkedUnreachable: false });
