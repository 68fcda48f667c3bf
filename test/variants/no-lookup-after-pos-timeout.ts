/**
 * Incident 1: a POS hold request times out but the register applied it (ghost success); the
 * orchestrator sends it again without looking the hold up by its reference, so the store now
 * holds the line twice. Caught by `idempotency.one-live-hold-per-line-and-node`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('no-lookup-after-pos-timeout', { lookUpHoldBeforeResend: false });
