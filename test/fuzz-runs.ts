/**
 * How many cases a fuzz property runs: `base` in `npm test`, multiplied by CONVERGE_SOAK_FACTOR
 * in `npm run soak` (default 25), so the same properties search much further when there is time.
 */
export function fuzzRuns(base: number): number {
  const factor = Number(process.env['CONVERGE_SOAK_FACTOR'] ?? '1');
  return Number.isFinite(factor) && factor >= 1 ? Math.round(base * factor) : base;
}
