/**
 * Reads the POS journal for its own holds only: a hold under one of its references that no FO
 * line owns is left alone. The POS has no idempotency, so the network's copy of a hold request
 * is a second hold, and it stays on the shelf after the FO completes: units nobody can buy.
 * Caught by `convergence.view-matches-owners` (a live hold behind a closed FO).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('orphan-holds-never-released', { releaseOrphanHolds: false });
