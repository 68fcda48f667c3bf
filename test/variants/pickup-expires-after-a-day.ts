/**
 * Incident 15, cut short: the expiry sweep uses a hard-coded one-day window (the old default,
 * kept in a constant) instead of the configured `pickupWindowMs`. A customer who comes on the
 * second day of a two-day window finds the goods back on the shelf; the expiry itself is orderly
 * (holds released, stock restocked, the card's hold voided), so nothing but a check of the
 * window notices. Caught by `pickup.window-not-cut-short`.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

const ONE_DAY_MS = 24 * 3_600_000;

export default brokenPlugin('pickup-expires-after-a-day', (ports, config) => createReferenceOrchestrator(ports, { ...config, timing: { ...config.timing, pickupWindowMs: ONE_DAY_MS } }));
