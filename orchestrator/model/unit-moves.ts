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
  const lineNos = [...new Set([...before, ...after].map((line) => line.lineNo))].sort((a, b) => a - b);
  for (const counter of COUNTERS) {
    const parts: string[] = [];
    for (const lineNo of lineNos) {
      const was = before.find((line) => line.lineNo === lineNo)?.[counter] ?? 0;
      const now = after.find((line) => line.lineNo === lineNo)?.[counter] ?? 0;
      if (now !== was) parts.push(`${lineNo}x${now - was}`);
    }
    if (parts.length > 0) moves[counter] = parts.join(' ');
  }
  return moves;
}
