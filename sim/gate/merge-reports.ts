import { compare } from './differential.ts';
import { gateReasons, type GateReport } from './gate-report.ts';

/** Why shard reports cannot be joined: they did not come from the same gate invocation. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

function sameRun(a: GateReport, b: GateReport): string | null {
  const fields = ['scenarios', 'seeds', 'firstSeed', 'orders', 'incidents', 'candidate', 'baseline'] as const;
  for (const field of fields) {
    if (JSON.stringify(a.settings[field]) !== JSON.stringify(b.settings[field])) return `settings.${field} differ (${JSON.stringify(a.settings[field])} vs ${JSON.stringify(b.settings[field])})`;
  }
  return null;
}

/**
 * Joins the reports of `--shard i/n` runs into the report one machine would have written: runs
 * in plan order, determinism checks added up, the differential recomputed over every seed
 * (metric means need all of them), and the verdict taken again.
 */
export function mergeReports(reports: readonly GateReport[], thresholds: Readonly<Record<string, number | undefined>>): GateReport {
  const [first] = reports;
  if (first === undefined) throw new MergeError('merge-reports needs at least one gate report');
  for (const report of reports.slice(1)) {
    const difference = sameRun(first, report);
    if (difference !== null) throw new MergeError(`these reports come from different gate runs: ${difference}`);
  }
  const shards = reports.map((report) => report.settings.shard);
  const count = shards[0]?.count;
  if (shards.some((shard) => shard === undefined || shard.count !== count)) throw new MergeError('every report must come from a --shard i/n run with the same n');
  const indexes = shards.map((shard) => shard?.index ?? 0);
  const duplicate = indexes.find((index, position) => indexes.indexOf(index) !== position);
  if (duplicate !== undefined) throw new MergeError(`shard ${duplicate}/${count} is given twice`);

  // Shard i holds plan positions i-1, i-1+n, ...: interleaving restores plan order.
  const byShard = [...reports].sort((a, b) => (a.settings.shard?.index ?? 0) - (b.settings.shard?.index ?? 0));
  const interleave = <T>(lists: readonly (readonly T[])[]): T[] => {
    const out: T[] = [];
    const longest = Math.max(0, ...lists.map((list) => list.length));
    for (let row = 0; row < longest; row++) for (const list of lists) if (row < list.length) out.push(list[row] as T);
    return out;
  };
  const candidate = interleave(byShard.map((report) => report.candidate));
  const baseline = interleave(byShard.map((report) => report.baseline));
  const { shard: _shard, ...settings } = first.settings;
  const missing = count === undefined ? [] : Array.from({ length: count }, (_, index) => index + 1).filter((index) => !indexes.includes(index));
  const partial = {
    format: first.format,
    version: first.version,
    settings: { ...settings, workers: Math.max(...reports.map((report) => report.settings.workers)) },
    candidate,
    baseline,
    determinism: { checked: reports.reduce((sum, report) => sum + report.determinism.checked, 0), mismatches: reports.flatMap((report) => report.determinism.mismatches) },
    differential: first.settings.baseline === undefined ? null : compare(candidate, baseline, thresholds),
    // Contract checks run on one shard (they do not depend on seeds); a failure anywhere counts.
    contracts: reports.map((report) => report.contracts).find((result) => result !== null && result !== undefined && !result.passed) ?? reports.map((report) => report.contracts).find((result) => result !== null && result !== undefined) ?? null,
    incidents: Object.assign({}, ...reports.map((report) => report.incidents)) as Record<string, string>,
    wallMs: Math.max(...reports.map((report) => report.wallMs)),
  };
  const reasons = [...gateReasons(partial), ...missing.map((index) => `shard ${index}/${count} is missing: its runs were not checked`)];
  return { ...partial, passed: reasons.length === 0, reasons };
}
