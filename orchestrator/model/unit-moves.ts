import type { FoLine } from './types.ts';

/** The line counters an event reports moves of (docs/plugins.md, "Published events"). */
export type UnitCounter = 'shipped' | 'pickedUp' | 'cancelled';

const COUNTERS: readonly UnitCounter[] = ['shipped', 'pickedUp', 'cancelled'];

/**
 * What a change to an FO's lines moved, per counter, as the compact text events carry:
 * `<lineNo>x<units>` separated by spaces (`"1x2 3x1"`), units signed (a line leaving the FO with
 * counted units reports them negative). Counters that did not move are left out, so most
 * transitions carry none. A downstream consumer adds these up to know what shipped, was picked
 * up or was cancelled, per order line, without asking the orchestrator.
 */
export function unitMoves(before: readonly FoLine[], after: readonly FoLine[]): Partial<Record<UnitCounter, string>> {
  const moves: Partial<Record<UnitCounter, string>> = {};
  // Most transitions leave the lines alone (records are immutable, so the array is the same one).
  if (before === after) return moves;
  const lineNos = [...new Set([...before, ...after].map((line) => line.lineNo))].sort((a, b) => a - b);
  const beforeByNo = firstByLineNo(before);
  const afterByNo = firstByLineNo(after);
  for (const counter of COUNTERS) {
    let moved = '';
    for (const lineNo of lineNos) {
      const was = beforeByNo.get(lineNo)?.[counter] ?? 0;
      const now = afterByNo.get(lineNo)?.[counter] ?? 0;
      if (now !== was) moved += `${moved === '' ? '' : ' '}${lineNo}x${now - was}`;
    }
    if (moved !== '') moves[counter] = moved;
  }
  return moves;
}

function firstByLineNo(lines: readonly FoLine[]): Map<number, FoLine> {
  const byNo = new Map<number, FoLine>();
  for (const line of lines) if (!byNo.has(line.lineNo)) byNo.set(line.lineNo, line);
  return byNo;
}
