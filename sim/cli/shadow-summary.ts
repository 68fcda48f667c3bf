import type { ShadowReport } from '../shadow/shadow.ts';
import { CAPABILITIES } from '../shadow/decision-log.ts';

/** Shadow mode's part of the run summary: divergence per capability, with examples. */
export function formatShadow(report: ShadowReport): string {
  const lines = ['', `Shadow ${report.shadow} beside ${report.primary}${report.delegated.length === 0 ? '' : `; delegated to the shadow: ${report.delegated.join(', ')}`}`];
  for (const capability of CAPABILITIES) {
    const entry = report.divergence[capability];
    lines.push(`  ${capability.padEnd(10)} ${entry.diverged} of ${entry.compared} order(s) decided differently${entry.compared === 0 ? ' (nothing reported by either side)' : ''}`);
    for (const example of entry.examples.slice(0, 3)) lines.push(`    ${example.order}: primary ${example.primary} | shadow ${example.shadow}`);
  }
  lines.push(
    `  http       ${report.http.requests} shadow request(s): ${report.http.matched} answered with the primary's answer, ${report.http.unmatched} the primary never made (recorded, answered as a timeout)`,
    `  files      ${report.filesWritten} file(s) written by the shadow, never read by the WMS`,
    `  commands   ${report.commands.mirrored} mirrored, ${report.commands.refused} refused or not supported by the shadow`,
  );
  lines.push('  (routing and promise: each order\'s first decision; exceptions: only orders both routed alike)');
  return lines.join('\n');
}
