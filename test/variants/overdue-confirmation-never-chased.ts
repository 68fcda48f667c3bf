/**
 * The orchestrator trusts the WMS to export every shipment confirmation: an acknowledged FO
 * whose confirmation never comes is neither asked about nor escalated. A WMS export job that
 * marks a wave exported without writing its file (no control number taken, so no gap to notice)
 * leaves the wave's FOs ACKNOWLEDGED for good, while the goods have left. Caught by
 * `lifecycle.every-order-terminal-or-excepted`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('overdue-confirmation-never-chased', { chaseOverdueConfirmations: false });
